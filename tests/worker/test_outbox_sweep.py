"""A write whose after-commit nudge is lost (broker unreachable, process killed) still reaches the search index.

Nothing but the sweep that Celery beat runs is left to deliver it: the broker's queues are purged before
the worker (with beat inside) starts, and nobody runs ``reindex``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.personas import Persona
from tests.search_support import BACKENDS, ROOT, start_worker, stop_worker

pytestmark = [pytest.mark.worker, pytest.mark.parametrize(("profile", "search_kind"), BACKENDS, indirect=["profile"])]
DEAD_BROKER = "redis://127.0.0.1:9/0"  # nothing listens on the discard port: connections are refused
KILLED = 17
# Creates or deletes a POC in a process that dies right after the commit, before any other after-commit effect.
DIE_AFTER_COMMIT = """
import os, sys, uuid
from poc_tracker.db import new_system_session, session_scope, system_session
from poc_tracker.services.pocs import create_poc, delete_poc
from poc_tracker.services.users import actor_for
from poc_tracker.unit_of_work import on_commit

what, tenant_id, user_id, poc_id = sys.argv[1], uuid.UUID(sys.argv[2]), uuid.UUID(sys.argv[3]), sys.argv[4]
with session_scope(tenant_id=tenant_id) as session:
    on_commit(session, lambda: os._exit(17))  # registered first, so it runs first
    actor = actor_for(session, user_id=user_id, tenant_id=tenant_id)
    if what == "create":
        create_poc(session, actor=actor, data={"name": poc_id, "language": "python"})
    else:
        delete_poc(session, actor=actor, poc_id=uuid.UUID(poc_id))
"""


def die_after_commit(profile, who: Persona, what: str, poc: str) -> None:
    """Run the write in its own process, killed between its commit and its after-commit effects."""
    env = {**os.environ, **profile.env, "PYTHONPATH": str(ROOT)}
    died = subprocess.run(
        [sys.executable, "-c", DIE_AFTER_COMMIT, what, who.tenant_id, who.user_id, poc],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert died.returncode == KILLED, died.stderr


@contextmanager
def broker_unreachable() -> Iterator[None]:
    """The web process's broker is down for a while (its database is not)."""
    from poc_tracker.settings import get_settings

    saved = os.environ.get("POC_TRACKER_BROKER_URL")
    os.environ["POC_TRACKER_BROKER_URL"] = DEAD_BROKER
    get_settings.cache_clear()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("POC_TRACKER_BROKER_URL", None)
        else:
            os.environ["POC_TRACKER_BROKER_URL"] = saved
        get_settings.cache_clear()


def make_poc(client, who: Persona, name: str) -> str:
    res = client.post("/api/v1/pocs", json={"name": name, "language": "python"}, headers=who.headers)
    assert res.status_code == 201, res.text
    return res.json()["id"]


def found(client, who: Persona, q: str) -> list[str]:
    res = client.get("/api/v1/search/pocs", params={"q": q}, headers=who.headers)
    assert res.status_code == 200, res.text
    return [h["name"] for h in res.json()["hits"]]


def pending() -> dict[str, int]:
    from poc_tracker.db import system_session
    from poc_tracker.services.outbox import pending_counts

    with system_session(reason="test") as session:
        return pending_counts(session)


def index_now() -> None:
    """What the search consumer's worker does after a nudge, here in process (the starting point)."""
    from poc_tracker.services.outbox import deliver_all

    deliver_all("search")


def sweep_with_beat(profile, tmp_path: Path) -> subprocess.Popen:
    """Drop every message the broker holds, then start a worker whose beat sweeps the outbox every second."""
    from tasks.celery_app import make_celery

    make_celery().control.purge()
    return start_worker(
        profile,
        "index,default",
        beat_schedule=tmp_path / "beat-schedule",
        env={"POC_TRACKER_OUTBOX_SWEEP_SECONDS": "1"},
    )


def wait_until(predicate, worker: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline or worker.poll() is not None:
            stop_worker(worker)
            pytest.fail(f"not repaired by the sweep; worker said:\n{worker.stdout.read()}")
        time.sleep(1.0)  # the search API allows 100 requests a minute


def test_writes_made_while_the_broker_is_unreachable_are_indexed_by_the_sweep(
    profile, client, search_backend, owner_a: Persona, tmp_path: Path
):
    old = make_poc(client, owner_a, "Catálogo antigo")
    index_now()
    search_backend.refresh()
    assert found(client, owner_a, "catalogo") == ["Catálogo antigo"]
    with broker_unreachable():
        make_poc(client, owner_a, "Orquestrador novo")
        assert client.delete(f"/api/v1/pocs/{old}", headers=owner_a.headers).status_code == 204
    search_backend.refresh()
    assert found(client, owner_a, "orquestrador") == []  # committed, but no worker was told
    assert found(client, owner_a, "catalogo") == []  # a delete leaves at once (SQL: same transaction; else after it)
    assert pending()["search"] == 2
    worker = sweep_with_beat(profile, tmp_path)
    try:
        wait_until(
            lambda: search_backend.refresh() or found(client, owner_a, "orquestrador") == ["Orquestrador novo"], worker
        )
        wait_until(lambda: pending() == {}, worker)
        assert found(client, owner_a, "catalogo") == []
    finally:
        stop_worker(worker)


def test_a_delete_whose_process_died_right_after_the_commit_leaves_the_index_after_the_sweep(
    profile, client, search_backend, owner_a: Persona, tmp_path: Path
):
    poc = make_poc(client, owner_a, "Protótipo efêmero")
    index_now()
    search_backend.refresh()
    assert found(client, owner_a, "prototipo") == ["Protótipo efêmero"]
    die_after_commit(profile, owner_a, "delete", poc)
    assert client.get(f"/api/v1/pocs/{poc}", headers=owner_a.headers).status_code == 404  # the delete committed
    assert pending()["search"] == 1
    search_backend.refresh()
    if not search_backend.transactional:  # OpenSearch: the delete after the commit died with the process
        assert found(client, owner_a, "prototipo") == ["Protótipo efêmero"]
    worker = sweep_with_beat(profile, tmp_path)
    try:
        wait_until(lambda: pending() == {}, worker)
        search_backend.refresh()
        assert found(client, owner_a, "prototipo") == []
    finally:
        stop_worker(worker)


def test_a_create_whose_process_died_right_after_the_commit_is_indexed_by_the_sweep(
    profile, client, search_backend, owner_a: Persona, tmp_path: Path
):
    die_after_commit(profile, owner_a, "create", "Sobrevivente")
    assert [p["name"] for p in client.get("/api/v1/pocs", headers=owner_a.headers).json()["data"]] == ["Sobrevivente"]
    search_backend.refresh()
    assert found(client, owner_a, "sobrevivente") == []
    worker = sweep_with_beat(profile, tmp_path)
    try:
        wait_until(
            lambda: search_backend.refresh() or found(client, owner_a, "sobrevivente") == ["Sobrevivente"], worker
        )
    finally:
        stop_worker(worker)
