"""The production profile of `make prod` (HAProxy, two web processes, workers, beat) on a PostgreSQL and a Redis
of the drills' own, so that a drill may kill or restart any part while clients are active."""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from poc_tracker.cluster import prod
from poc_tracker.cluster.processes import Supervisor
from tests.drills.servers import PG_BIN, OwnPostgres, OwnRedis
from tests.drills.workload import sign_up_team
from tests.live_server import free_port

pytestmark = pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL binaries are needed")


@dataclass
class Cluster:
    """A running production profile and the handles a drill needs."""

    url: str
    stats_url: str
    layout: prod.Layout
    supervisor: Supervisor
    postgres: OwnPostgres
    redis: OwnRedis
    tenant: str
    tokens: list[str]

    def web_states(self) -> dict[str, str]:
        """HAProxy's view of each web process: UP, DOWN…"""
        import httpx

        rows = httpx.get(f"{self.stats_url}/;csv", timeout=5).text.splitlines()
        return {r.split(",")[1]: r.split(",")[17] for r in rows[1:] if r.startswith("webs,web")}


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Start everything like `make prod` does (frontend built once), keep restarting what dies, stop at the end."""
    postgres, redis = OwnPostgres(), OwnRedis()
    data_dir: Path = tmp_path_factory.mktemp("prod")
    port, stats = free_port(), free_port()
    args = argparse.Namespace(
        web_processes=2,
        port=port,
        host="127.0.0.1",
        first_web_port=0,
        web_ports=[free_port(), free_port()],
        stats_port=stats,
        search="postgres",
        skip_build=False,
    )
    environ = {
        "POC_TRACKER_DATA_DIR": str(data_dir),
        "POC_TRACKER_DATABASE_URL": postgres.url,
        "POC_TRACKER_REDIS_URL": redis.url,
        "POC_TRACKER_APP_URL": f"http://127.0.0.1:{port}",
        "POC_TRACKER_OUTBOX_SWEEP_SECONDS": "5",
        "POC_TRACKER_JOBS_SWEEP_SECONDS": "5",
        "POC_TRACKER_JOBS_STALE_SECONDS": "20",  # a killed worker's job is taken over within the drill's time
        "POC_TRACKER_VIDEO_SCALE": "0.25",  # small frames: the drill proves recovery, not rendering speed
        "POC_TRACKER_VIDEO_PACE": "0.4",
    }
    layout = prod.layout_from(args, environ)
    supervisor = Supervisor(prod.ROOT, data_dir / "logs", say=lambda m: print(f"[drill] {m}", flush=True))
    stop = threading.Event()

    def tend() -> None:
        while not stop.wait(0.5):
            supervisor.tend()

    try:
        # POC_TRACKER_DRILL_SKIP_BUILD=1 reuses the last build (the API and socket drills do not load pages)
        prod.start(layout, supervisor, build=not os.environ.get("POC_TRACKER_DRILL_SKIP_BUILD"))
        threading.Thread(target=tend, daemon=True).start()
        tenant, tokens = sign_up_team(f"http://127.0.0.1:{port}", 20)
        yield Cluster(
            f"http://127.0.0.1:{port}", f"http://127.0.0.1:{stats}", layout, supervisor, postgres, redis, tenant, tokens
        )
    finally:
        stop.set()
        supervisor.stop_all()
        postgres.close()
        redis.close()


def wait_for(check, seconds: float, every: float = 0.25) -> bool:
    """Poll ``check`` until it is true or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False
