"""Benchmark helper: the app as `make prod` runs it (HAProxy, N web processes, workers) on spare ports, and seed data.

    with prod_app(web_processes=1) as app:      # builds the frontend, migrates, starts, waits for /readyz
        owner = seed_tenant(app.base, pocs=30)   # an organisation through the API: owner's e-mail, password, token

The database is --database-url ($POC_TRACKER_BENCH_DATABASE_URL, else $POC_TRACKER_TEST_POSTGRES_URL), whose schema
is DROPPED first; Redis is $POC_TRACKER_BENCH_REDIS_URL (else the test Redis), FLUSHED first. ``base`` may instead
name an app already running (then nothing is started or reset).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live_server import free_port  # noqa: E402

PASSWORD = "senha-forte-123"


@dataclasses.dataclass
class ProdApp:
    """A running production-style app: the balancer's URL and the supervisor's process (None when not ours)."""

    base: str
    proc: subprocess.Popen | None = None
    data_dir: Path | None = None
    env: dict[str, str] = dataclasses.field(default_factory=dict)

    def web_pids(self) -> list[int]:
        """The web processes' pids (granian), found under the supervisor."""
        if not self.proc:
            return []
        out = subprocess.run(["pgrep", "-f", "granian .*poc_tracker.poc_tracker:app"], capture_output=True, text=True)
        mine = set(_descendants(self.proc.pid))
        return [int(p) for p in out.stdout.split() if int(p) in mine]


def _descendants(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        p, pp = (int(x) for x in line.split())
        children.setdefault(pp, []).append(p)
    found, todo = [], [pid]
    while todo:
        cur = todo.pop()
        found.append(cur)
        todo.extend(children.get(cur, []))
    return found


def bench_urls() -> tuple[str, str]:
    """The database and Redis a run may wipe."""
    db = os.environ.get("POC_TRACKER_BENCH_DATABASE_URL") or os.environ.get("POC_TRACKER_TEST_POSTGRES_URL", "")
    redis = os.environ.get("POC_TRACKER_BENCH_REDIS_URL") or os.environ.get("POC_TRACKER_TEST_REDIS_URL", "")
    if not db.startswith("postgresql") or not redis:
        raise SystemExit("bench: set POC_TRACKER_BENCH_DATABASE_URL (PostgreSQL) and POC_TRACKER_BENCH_REDIS_URL")
    return db, redis


def reset(env: dict[str, str]) -> None:
    """An empty database (schema dropped) and Redis db (flushed)."""
    script = (
        "from sqlalchemy import text; from poc_tracker.db import get_engine; import redis, os\n"
        "with get_engine().begin() as c: c.execute(text('DROP SCHEMA public CASCADE; CREATE SCHEMA public'))\n"
        "redis.Redis.from_url(os.environ['POC_TRACKER_REDIS_URL']).flushdb()"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, **env}, check=True)


@contextlib.contextmanager
def prod_app(
    base: str | None = None, *, web_processes: int = 1, build: bool = True, extra_env: dict[str, str] | None = None
) -> Iterator[ProdApp]:
    """`python -m poc_tracker.cluster.prod` on spare ports (or the app at ``base``), stopped on exit."""
    if base:
        yield ProdApp(base.rstrip("/"))
        return
    db, redis = bench_urls()
    port = int(os.environ.get("BENCH_PORT") or free_port())  # the build bakes the URL in: fixed to reuse a build
    data_dir = Path(tempfile.mkdtemp(prefix="poc-tracker-bench-"))
    env = {
        "POC_TRACKER_DATABASE_URL": db,
        "POC_TRACKER_REDIS_URL": redis,
        "POC_TRACKER_DATA_DIR": str(data_dir),
        "POC_TRACKER_APP_URL": f"http://localhost:{port}",
        "POC_TRACKER_LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    reset(env)
    webs = ",".join(str(free_port()) for _ in range(web_processes))
    argv = [sys.executable, "-m", "poc_tracker.cluster.prod", "--port", str(port), "--host", "127.0.0.1"]
    argv += ["--web-ports", webs, "--search", "postgres", *([] if build else ["--skip-build"])]
    log = (data_dir / "prod.log").open("w")
    proc = subprocess.Popen(
        argv, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    app = ProdApp(f"http://localhost:{port}", proc, data_dir, env)
    try:
        deadline = time.monotonic() + 900
        while not _ready(app.base):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("bench: the app did not start:\n" + (data_dir / "prod.log").read_text()[-3000:])
            time.sleep(1)
        yield app
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@dataclasses.dataclass
class Owner:
    """A seeded organisation's owner."""

    email: str
    password: str
    token: str
    poc_ids: list[str]


def seed_tenant(base: str, pocs: int = 30, tag: str = "") -> Owner:
    """An organisation through the API, with ``pocs`` POCs (a full first page of the list and some more)."""
    sub = f"bench{tag}{int(time.time() * 1000) % 10**9}"
    email = f"dona@{sub}.com.br"
    with httpx.Client(base_url=base, timeout=60) as client:
        res = client.post(
            "/api/v1/tenants",
            json={"name": "Bench", "subdomain": sub, "ownerName": "Dona Bench", "ownerEmail": email,
                  "ownerPassword": PASSWORD},
        )  # fmt: skip
        res.raise_for_status()
        token = res.json()["accessToken"]
        auth = {"Authorization": f"Bearer {token}"}
        ids = []
        for i in range(pocs):
            body = {
                "name": f"Painel de vendas {i}",
                "language": ["Python", "Go", "TypeScript"][i % 3],
                "description": "Uma prova de conceito de painel com gráficos e exportação em PDF. " * 3,
                "tags": ["painel", f"t{i % 5}"],
            }
            res = client.post("/api/v1/pocs", json=body, headers=auth)
            res.raise_for_status()
            ids.append(res.json()["id"])
    return Owner(email, PASSWORD, token, ids)
