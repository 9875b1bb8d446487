"""Search test fixtures: a real OpenSearch node, the backend under test, an in-process indexer, a worker."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("POC_TRACKER_TEST_POSTGRES_URL", "")
BACKENDS = [pytest.param("embedded", "sqlite", id="sqlite")]
BACKENDS += [pytest.param("production", "postgres", id="postgres")] if PG_URL else []
BACKENDS += [pytest.param("production" if PG_URL else "embedded", "opensearch", id="opensearch")]


def _launcher():
    """infra/ is not a package: load the stdlib-only launcher by path."""
    spec = importlib.util.spec_from_file_location("os_launcher", ROOT / "infra" / "opensearch" / "launcher.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def opensearch_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real single-node OpenSearch (built from Maven Central jars on first use). Fails, never skips."""
    launcher = _launcher()
    port = int(os.environ.get("POC_TRACKER_TEST_OPENSEARCH_PORT") or free_port())
    proc = launcher.start_node(port, tmp_path_factory.mktemp("opensearch"), timeout=240)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        launcher.stop_node(proc)


def search_env(kind: str, request: pytest.FixtureRequest) -> dict[str, str]:
    env = {
        "POC_TRACKER_SEARCH_BACKEND": kind,
        "POC_TRACKER_OPENSEARCH_URL": "",
        "POC_TRACKER_OPENSEARCH_INDEX": "poc-test-pocs",
    }
    if kind == "opensearch":
        env["POC_TRACKER_OPENSEARCH_URL"] = request.getfixturevalue("opensearch_url")
    return env


@pytest.fixture
def search_backend(request: pytest.FixtureRequest, profile, search_kind: str):
    """The backend under test, empty, with its settings in the environment (the worker inherits them)."""
    from poc_tracker.db import system_session
    from poc_tracker.search import backend_for, get_search_backend
    from tests.conftest import clear_caches

    env = search_env(search_kind, request)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    clear_caches()
    backend_for.cache_clear()
    backend = get_search_backend()
    with system_session(reason="test") as session:
        backend.reset(session if backend.transactional else None)
    profile.env.update(env)
    yield backend
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
        profile.env.pop(key, None)
    clear_caches()


@pytest.fixture
def indexer(search_backend, monkeypatch: pytest.MonkeyPatch):
    """Deliver the outbox's search events in process, right after each commit (the worker path has its own test).

    The after-commit nudge, which would ask a worker over the broker, delivers here instead.
    """
    from poc_tracker.services import events
    from poc_tracker.services.outbox import deliver_tenant

    def deliver_now(consumer: str, tenant_id: uuid.UUID) -> None:
        if consumer == "search":
            deliver_tenant(consumer, tenant_id)
            search_backend.refresh()

    monkeypatch.setattr(events, "nudge", deliver_now)
    return search_backend


def start_worker(
    profile, queues: str = "index", *, beat_schedule: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """A real Celery worker process on the profile's broker (with beat inside when given a schedule file)."""
    env = {**os.environ, **profile.env, "PYTHONPATH": str(ROOT), **(env or {})}
    beat = ["-B", "--schedule", str(beat_schedule)] if beat_schedule else []
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tasks.celery_app:celery",
            "worker",
            "-Q",
            queues,
            *beat,
            "--concurrency",
            "1",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(proc: subprocess.Popen) -> None:
    """Stop a worker started by ``start_worker``."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def index_worker(profile, search_backend):
    """A real Celery worker on the index queue, where the after-commit nudge sends the search consumer's work."""
    proc = start_worker(profile)
    yield proc
    stop_worker(proc)
