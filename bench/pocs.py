"""Benchmark: create N POCs with files through the service layer, then time the POC API under load.

Prints POCs/s for creation and the median and p95 latency of GET /api/v1/pocs/{id} and GET /api/v1/pocs,
served by a second process (granian) and loaded by this one with concurrent clients.

    python bench/pocs.py                      # 10,000 POCs on a temporary SQLite database
    python bench/pocs.py --pocs 2000 --database-url postgresql://poc_tracker:poc_tracker@127.0.0.1/poc_tracker_bench
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def configure(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    """Environment of the benchmark's app, applied to this process too."""
    env = {
        "POC_TRACKER_DATA_DIR": str(data_dir),
        "POC_TRACKER_RATE_LIMIT_PER_MINUTE": "100000000",
        "POC_TRACKER_LOG_LEVEL": "WARNING",
        "POC_TRACKER_ARGON2_TIME_COST": "1",
        "POC_TRACKER_ARGON2_MEMORY_KIB": "8192",
    }
    if args.database_url:
        env["POC_TRACKER_DATABASE_URL"] = args.database_url
    os.environ.update(env)
    return env


def reset_database(url: str) -> None:
    """Start from an empty schema (PostgreSQL) and apply migrations."""
    from sqlalchemy import text

    from poc_tracker.db import get_engine
    from poc_tracker.migrations import upgrade
    from poc_tracker.settings import get_settings

    if url.startswith("postgresql"):
        with get_engine().begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(get_settings().db_url)


def create_pocs(count: int) -> tuple[list[str], str, float]:
    """Create the POCs through the services; returns ids, an access token and the seconds taken."""
    from poc_tracker.db import session_scope, system_session
    from poc_tracker.services import sessions, tenants
    from poc_tracker.services.demo import create_demo_poc
    from poc_tracker.services.users import actor_for

    with system_session(reason="test") as session:
        tenant, owner = tenants.create_tenant(
            session,
            name="Bench",
            subdomain="bench",
            owner_name="Bench",
            owner_email="bench@example.com",
            owner_password="medir-com-calma-42",
            verified=True,  # nobody reads this mailbox
        )
        tenant.plan = "enterprise"
        session.add(tenant)
        token = sessions.issue_tokens(session, owner).access_token
    rng, ids = random.Random(1), []
    started = time.perf_counter()
    for i in range(count):
        with session_scope(tenant_id=tenant.id) as session:
            actor = actor_for(session, user_id=owner.id, tenant_id=tenant.id)
            ids.append(str(create_demo_poc(session, actor, rng, i, edits=False)))
        if (i + 1) % max(1, count // 10) == 0:
            print(f"  {i + 1}/{count} POCs", flush=True)
    return ids, token, time.perf_counter() - started


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    """The API in a second process."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "poc_tracker.api:create_api",
        ],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("API server did not start")


def timed_get(url: str, token: str) -> float:
    """Milliseconds for one authorised GET."""
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as res:
        res.read()
    return (time.perf_counter() - started) * 1000


def load(urls: list[str], token: str, clients: int) -> list[float]:
    """Latencies of every URL, fetched by ``clients`` concurrent clients."""
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(lambda u: timed_get(u, token), urls))


def report(name: str, samples: list[float]) -> None:
    """Median and p95 of some latencies."""
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"{name:<28} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms   ({len(samples)} requests)")


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pocs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-pocs-"))
    env = configure(args, data_dir)
    try:
        reset_database(args.database_url)
        ids, token, seconds = create_pocs(args.pocs)
        db = "PostgreSQL" if args.database_url else "SQLite"
        print(f"created {args.pocs} POCs with files in {seconds:.1f} s ({args.pocs / seconds:.0f} POCs/s, {db})")
        port = free_port()
        server = serve(env, port)
        try:
            base = f"http://127.0.0.1:{port}/api/v1/pocs"
            rng = random.Random(2)
            load([f"{base}/{rng.choice(ids)}" for _ in range(50)], token, args.clients)  # warm-up
            report(
                "GET /api/v1/pocs/{id}",
                load([f"{base}/{rng.choice(ids)}" for _ in range(args.requests)], token, args.clients),
            )
            pages = [f"{base}?page={rng.randint(1, 50)}&limit=20" for _ in range(args.requests)]
            report("GET /api/v1/pocs (20/page)", load(pages, token, args.clients))
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=10)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
