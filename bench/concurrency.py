"""Benchmark: bursts of N concurrent clients against the real app, on the embedded and the production profile.

For each profile the script starts the app, signs up an organisation (20 POCs), sends a warm-up burst of 50
reads, then sends N requests at once (one connection each, all connected first, then released together) of a
typical read (GET /api/v1/pocs) and of a write (POST /api/v1/pocs), and prints per N and kind the answers by
status, the p50 and p95 latency of all answers, and the slowest 2xx and 503. The rate limit is raised so that it
does not answer for the server.

    python bench/concurrency.py                            # both profiles, N = 200 and 1000, reflex run --env prod
    python bench/concurrency.py --server api               # granian on poc_tracker.api:create_api, one worker
    python bench/concurrency.py --profiles embedded --clients 200

``--server reflex`` is the deployment: ``reflex run --env prod`` (granian; one worker on the embedded profile,
2 × CPUs + 1 workers when Redis is configured, each with its own pool and request slots). ``--server api`` serves
the same API pipeline (middleware, dependencies, thread pool, engine) without Reflex around it, in one worker.
The production profile uses --database-url (default $POC_TRACKER_TEST_POSTGRES_URL), whose schema is DROPPED,
and --redis-url (default $POC_TRACKER_TEST_REDIS_URL), which is FLUSHED. Loopback only; every request times out
after --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live_server import Answer, Call, burst, free_port, live_api  # noqa: E402


def profile_env(name: str, data_dir: Path, args: argparse.Namespace) -> dict[str, str]:
    """The app's environment on one profile."""
    env = {
        "POC_TRACKER_DATA_DIR": str(data_dir),
        "POC_TRACKER_RATE_LIMIT_PER_MINUTE": "100000000",
        "POC_TRACKER_LOG_LEVEL": "WARNING",
        "POC_TRACKER_ARGON2_TIME_COST": "1",
        "POC_TRACKER_ARGON2_MEMORY_KIB": "8192",
        "POC_TRACKER_DATABASE_URL": "",
        "POC_TRACKER_REDIS_URL": "",
    }
    if name == "production":
        if not args.database_url:
            raise SystemExit("the production profile needs --database-url (or $POC_TRACKER_TEST_POSTGRES_URL)")
        env["POC_TRACKER_DATABASE_URL"] = args.database_url
        env["POC_TRACKER_REDIS_URL"] = args.redis_url or "redis://127.0.0.1:6379/15"
    return env


def reset(env: dict[str, str]) -> None:
    """An empty database (PostgreSQL schema dropped, Redis flushed), migrated."""
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    if env["POC_TRACKER_DATABASE_URL"].startswith("postgresql"):
        script = (
            "from sqlalchemy import text; from poc_tracker.db import get_engine; import redis, os\n"
            "with get_engine().begin() as c: c.execute(text('DROP SCHEMA public CASCADE; CREATE SCHEMA public'))\n"
            "redis.Redis.from_url(os.environ['POC_TRACKER_REDIS_URL']).flushdb()"
        )
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=full, check=True)
    subprocess.run(
        [sys.executable, "-m", "poc_tracker.cli", "migrate"], cwd=ROOT, env=full, check=True, stdout=subprocess.DEVNULL
    )


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def reflex_app(env: dict[str, str], log: Path) -> Iterator[str]:
    """``reflex run --env prod`` on a spare port, as tests/e2e/conftest.py starts it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    full = {
        **os.environ,
        **env,
        "POC_TRACKER_PORT": str(port),
        "POC_TRACKER_APP_URL": f"http://localhost:{port}",
        "PYTHONPATH": str(ROOT),
    }
    out = log.open("w")
    proc = subprocess.Popen(
        ["reflex", "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)],
        cwd=ROOT,
        env=full,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 420
        while not (_answers(f"{base}/healthz") and _answers(f"{base}/api/v1/openapi.json")):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the app did not start:\n" + log.read_text()[-3000:])
            time.sleep(1)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()


@contextmanager
def serve(kind: str, env: dict[str, str], log: Path) -> Iterator[str]:
    """The app under test: Reflex in production mode, or the API alone under granian."""
    if kind == "reflex":
        with reflex_app(env, log) as base:
            yield base
    else:
        with live_api(env, log) as (base, _):
            yield base


def sign_up(base: str, pocs: int) -> str:
    """An organisation with some POCs; its owner's access token."""
    with httpx.Client(base_url=base, timeout=30) as client:
        res = client.post(
            "/api/v1/tenants",
            json={
                "name": "Carga",
                "subdomain": f"carga{os.getpid()}",
                "ownerName": "Dona Carga",
                "ownerEmail": "dona@carga.com.br",
                "ownerPassword": "senha-forte-123",
            },
        )
        res.raise_for_status()
        token = res.json()["accessToken"]
        for i in range(pocs):
            client.post(
                "/api/v1/pocs",
                json={"name": f"POC {i}", "language": "Python"},
                headers={"Authorization": f"Bearer {token}"},
            ).raise_for_status()
    return token


def calls(kind: str, count: int, token: str) -> list[Call]:
    """``count`` reads of the POC list, or ``count`` POC creations."""
    auth = {"Authorization": f"Bearer {token}"}
    if kind == "read":
        return [Call("read", "GET", "/api/v1/pocs", auth) for _ in range(count)]
    return [Call("write", "POST", "/api/v1/pocs", auth, {"name": f"Carga {i}", "language": "Go"}) for i in range(count)]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f}"


def row(profile: str, count: int, kind: str, answers: list[Answer], wall: float) -> str:
    """One line of the report."""
    statuses = Counter("timeout/error" if a.status is None else str(a.status) for a in answers)
    shown = " ".join(f"{k}×{v}" for k, v in sorted(statuses.items()))
    times = sorted(a.seconds for a in answers)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    ok = [a.seconds for a in answers if a.status is not None and 200 <= a.status < 300]
    refused = [a.seconds for a in answers if a.status == 503]
    slow_ok = _ms(max(ok)) if ok else "       -"
    slow_503 = _ms(max(refused)) if refused else "       -"
    return (
        f"{profile:<11}{count:>6}  {kind:<6}{shown:<34}{_ms(statistics.median(times))}{_ms(p95)}"
        f"{slow_ok}{slow_503}{wall:8.1f}"
    )


def run_profile(name: str, args: argparse.Namespace) -> None:
    """Start the app on one profile and print its bursts."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-concurrency-{name}-"))
    env = profile_env(name, data_dir, args)
    reset(env)
    with serve(args.server, env, data_dir / "server.log") as base:
        token = sign_up(base, 20)
        started = time.perf_counter()  # every worker process opens its connections and fills its caches
        answers = asyncio.run(burst(base, calls("read", args.warmup, token), timeout=args.timeout))
        print(row(name, args.warmup, "warmup", answers, time.perf_counter() - started), flush=True)
        time.sleep(1)
        for count in args.clients:
            for kind in ("read", "write"):
                started = time.perf_counter()
                answers = asyncio.run(burst(base, calls(kind, count, token), timeout=args.timeout))
                print(row(name, count, kind, answers, time.perf_counter() - started), flush=True)
                time.sleep(1)


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", nargs="+", default=["embedded", "production"], choices=["embedded", "production"])
    parser.add_argument("--clients", nargs="+", type=int, default=[200, 1000])
    parser.add_argument("--server", choices=["reflex", "api"], default="reflex")
    parser.add_argument("--warmup", type=int, default=50, help="reads sent at once before the bursts measured")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a request counts as timed out")
    parser.add_argument("--database-url", default=os.environ.get("POC_TRACKER_TEST_POSTGRES_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("POC_TRACKER_TEST_REDIS_URL", ""))
    args = parser.parse_args()
    if any(n > 2000 for n in args.clients):
        raise SystemExit("at most 2000 clients")
    print(f"server: {args.server}; each request times out after {args.timeout:.0f} s; latencies in ms")
    print(
        f"{'profile':<11}{'N':>6}  {'kind':<6}{'answers by status':<34}{'p50':>8}{'p95':>8}"
        f"{'max 2xx':>8}{'max 503':>8}{'wall s':>8}"
    )
    for name in args.profiles:
        run_profile(name, args)


if __name__ == "__main__":
    main()
