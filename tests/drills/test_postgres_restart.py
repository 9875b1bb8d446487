"""Drill: PostgreSQL stops and starts again while people work: clean 503s meanwhile, no process restarted."""

from __future__ import annotations

import time

import httpx

from tests.drills.conftest import Cluster, wait_for
from tests.drills.test_redis_restart import _work_through
from tests.drills.workload import missing_writes
from tests.live_server import run_async


def _restart_postgres(cluster: Cluster, seen: dict) -> None:
    pids = {name: child.proc.pid for name, child in cluster.supervisor.children.items()}
    cluster.postgres.stop()
    print("\nPostgreSQL parado")
    h = {"Authorization": f"Bearer {cluster.tokens[2]}"}
    t = time.monotonic()
    res = httpx.get(f"{cluster.url}/api/v1/pocs", headers=h, timeout=30)
    seen["down"] = (res.status_code, res.headers.get("content-type", ""), res.json(), time.monotonic() - t)
    time.sleep(3)
    cluster.postgres.start()
    print("PostgreSQL de volta")
    seen["pids"] = pids


def test_a_postgres_restart_answers_503_in_the_error_shape_and_recovers_without_restarts(cluster: Cluster) -> None:
    seen: dict = {}
    tally = run_async(_work_through(cluster, lambda: _restart_postgres(cluster, seen)))
    status, content_type, body, seconds = seen["down"]
    print(f"com o banco fora: {status} {body['error']['code']} em {seconds:.2f}s; API: {tally.summary()}")
    assert status == 503 and content_type.startswith("application/json") and body["error"]["code"] == "unavailable"
    assert seconds < 10, "a request must not hang while the database is away"
    assert tally.errors.get("500 internal_error", 0) == 0
    h = {"Authorization": f"Bearer {cluster.tokens[2]}"}
    assert wait_for(lambda: httpx.get(f"{cluster.url}/api/v1/pocs", headers=h, timeout=10).status_code == 200, 30)
    lost = missing_writes(cluster.url, cluster.tokens[0], tally)
    print(f"perdidas: {len(lost)}")
    assert lost == [] and tally.acked
    now = {name: child.proc.pid for name, child in cluster.supervisor.children.items()}
    assert now == seen["pids"], "no process was restarted"
