"""The FileStore contract on both backends; blobs follow the transaction; the purge of deleted POCs."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from poc_tracker.db import new_system_session, session_scope, system_session
from poc_tracker.models import Poc
from poc_tracker.models.base import utcnow
from poc_tracker.services.blobs import put_blob, sha256_hex
from poc_tracker.services.purge import purge_deleted_pocs
from poc_tracker.storage import blob_key
from poc_tracker.storage.local import LocalFileStore
from tasks.pocs import purge_deleted
from tests.files_support import create_poc, rows, upload

SHA = "ab" * 32


def test_the_store_contract(file_store):
    key = blob_key(uuid.uuid4(), uuid.uuid4(), SHA)
    assert not file_store.exists(key)
    with pytest.raises(FileNotFoundError):
        file_store.get(key)
    file_store.put(key, b"um")
    file_store.put(key, b"dois")  # replaces
    assert file_store.exists(key) and file_store.get(key) == b"dois"
    assert file_store.list_keys("tenants/") == [key] and file_store.list_keys("outro/") == []
    url = file_store.url_for(key, "relatório final.pdf", "application/pdf")
    if url is not None:
        got = httpx.get(url)
        assert got.content == b"dois" and got.headers["content-type"] == "application/pdf"
        assert "filename*=UTF-8''relat%C3%B3rio%20final.pdf" in got.headers["content-disposition"]
    file_store.delete(key)
    file_store.delete(key)  # already gone: no error
    assert not file_store.exists(key) and file_store.list_keys("") == []


def test_local_keys_cannot_leave_the_root(tmp_path):
    store = LocalFileStore(tmp_path / "files")
    for key in ("../fora", "/etc/passwd", "a/../../fora", "a\\b", ""):
        with pytest.raises(ValueError, match="invalid storage key"):
            store.put(key, b"x")
    store.put("a/b", b"x")
    assert [p.name for p in (tmp_path / "files" / "a").iterdir()] == ["b"]  # no temporary file left
    with pytest.raises(ValueError, match="SHA-256"):
        blob_key(uuid.uuid4(), uuid.uuid4(), "../../x")


def _poc(poc_id: str) -> Poc:
    with new_system_session(reason="test") as session:
        return session.get(Poc, uuid.UUID(poc_id))


def test_a_blob_written_in_a_rolled_back_transaction_is_removed(client, file_store, owner_a):
    poc = _poc(create_poc(client, owner_a))
    data = b"conteudo que nao fica"
    with new_system_session(reason="test") as session:
        put_blob(session, file_store, poc, sha256_hex(data), data)
        session.flush()
        assert file_store.list_keys("") == [blob_key(poc.tenant_id, poc.id, sha256_hex(data))]
        session.rollback()
    assert file_store.list_keys("") == [] and rows("blobs") == 0
    with new_system_session(reason="test") as session:  # closed without commit nor rollback
        put_blob(session, file_store, poc, sha256_hex(data), data)
        session.flush()
    assert file_store.list_keys("") == [] and rows("blobs") == 0
    with system_session(reason="test") as session:
        put_blob(session, file_store, poc, sha256_hex(data), data)
    assert len(file_store.list_keys("")) == 1 and rows("blobs") == 1


def _backdate(poc_id: str, days: int) -> None:
    with new_system_session(reason="test") as session:
        poc = session.get(Poc, uuid.UUID(poc_id))
        poc.deleted_at = utcnow() - timedelta(days=days)
        session.add(poc)
        session.commit()


def test_purge_removes_old_deleted_pocs_with_their_files(client, file_store, owner_a, owner_b):
    old, recent, alive = (create_poc(client, owner_a, n) for n in ("Antiga", "Recente", "Viva"))
    other_old = create_poc(client, owner_b, "Antiga da beta")
    for who, poc in ((owner_a, old), (owner_a, recent), (owner_a, alive), (owner_b, other_old)):
        assert upload(client, who, poc, [("a.txt", poc.encode()), ("b.txt", b"comum")]).status_code == 201
        if poc != alive:
            assert client.delete(f"/api/v1/pocs/{poc}", headers=who.headers).status_code == 204
    _backdate(old, 31)
    _backdate(other_old, 45)
    _backdate(recent, 29)
    for who in (owner_a, owner_b):  # each tenant's purge runs in its own scope
        with session_scope(tenant_id=uuid.UUID(who.tenant_id)) as session:
            assert purge_deleted_pocs(session, utcnow(), tenant_id=uuid.UUID(who.tenant_id)) == 1
    remaining = {k.split("/")[3] for k in file_store.list_keys("")}
    assert remaining == {recent, alive}
    assert rows("pocs") == 2 and rows("blobs") == 4 and rows("poc_files") == 4
    with new_system_session(reason="test") as session:
        versions = session.execute(text("SELECT count(*) FROM poc_versions")).scalar_one()
    assert versions == 4  # two versions each for the two POCs left
    assert client.post(f"/api/v1/pocs/{recent}/restore", headers=owner_a.headers).status_code == 200
    _backdate(recent, 40)
    assert purge_deleted() == 1  # the Celery task's body: its own transaction and store
    assert purge_deleted() == 0  # safe to run twice
    assert {k.split("/")[3] for k in file_store.list_keys("")} == {alive}


# A purge in a process that dies right after its commit, before the store's clean-up.
PURGE_AND_DIE = """
import os, sys, uuid
from poc_tracker.db import session_scope
from poc_tracker.models.base import utcnow
from poc_tracker.services.purge import purge_deleted_pocs
from poc_tracker.unit_of_work import on_commit

tenant_id = uuid.UUID(sys.argv[1])
with session_scope(tenant_id=tenant_id) as session:
    on_commit(session, lambda: os._exit(17))  # registered first, so it runs first
    purge_deleted_pocs(session, utcnow(), tenant_id=tenant_id)
"""


def test_files_a_dead_purge_left_behind_leave_with_the_next_sweep(client, file_store, owner_a, capsys):
    from poc_tracker.cli import main

    old, alive = create_poc(client, owner_a, "Antiga"), create_poc(client, owner_a, "Viva")
    for poc in (old, alive):
        assert upload(client, owner_a, poc, [("a.txt", poc.encode())]).status_code == 201
    assert client.delete(f"/api/v1/pocs/{old}", headers=owner_a.headers).status_code == 204
    _backdate(old, 31)
    root = Path(__file__).resolve().parents[2]
    died = subprocess.run(
        [sys.executable, "-c", PURGE_AND_DIE, owner_a.tenant_id],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        timeout=60,
    )
    assert died.returncode == 17, died.stderr
    assert rows("pocs") == 1  # the purge committed, its files are still stored
    assert {k.split("/")[3] for k in file_store.list_keys("")} == {old, alive}
    assert main(["dispatch-events"]) == 0  # what beat's sweep runs
    assert {k.split("/")[3] for k in file_store.list_keys("")} == {alive}
    assert "files: 1 eventos entregues." in capsys.readouterr().out


def test_the_purge_runs_daily_in_beat():
    from tasks.celery_app import make_celery

    schedule = make_celery("memory://").conf.beat_schedule["purge-deleted-pocs"]
    assert schedule["task"] == "poc_tracker.pocs.purge_deleted"
    cron = schedule["schedule"]
    assert cron.hour == {3} and cron.minute == {30} and len(cron.day_of_week) == 7 and len(cron.day_of_month) == 31


def test_a_large_file_goes_in_from_disk_and_comes_back_in_chunks(file_store, tmp_path: Path):
    key = f"tenants/{uuid.uuid4()}/jobs/{uuid.uuid4()}/1-relatorio.xlsx"
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(3 * (1 << 20) + 5))
    file_store.put_file(key, source)
    assert file_store.size_of(key) == source.stat().st_size
    chunks = list(file_store.iter_chunks(key, chunk_size=1 << 20))
    assert len(chunks) == 4 and b"".join(chunks) == source.read_bytes()
    with pytest.raises(FileNotFoundError):
        file_store.size_of(key + "-missing")
