"""The embedded profile's data folder, database, keys and broker are readable by their owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import clear_caches


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def fresh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = tmp_path / "novo" / "data"
    for key in (
        "POC_TRACKER_DATABASE_URL",
        "POC_TRACKER_REDIS_URL",
        "POC_TRACKER_BROKER_URL",
        "POC_TRACKER_JWT_PRIVATE_KEY",
        "POC_TRACKER_JWT_PUBLIC_KEY",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("POC_TRACKER_DATA_DIR", str(data))
    old_umask = os.umask(0o022)  # the usual umask, under which files came out 0644
    clear_caches()
    yield data
    os.umask(old_umask)
    monkeypatch.undo()
    clear_caches()


def test_data_folder_database_keys_and_broker_are_private(fresh_data_dir: Path):
    from poc_tracker.auth.keys import load_keys
    from poc_tracker.db import engine_for
    from poc_tracker.services.broker import broker_reachable
    from poc_tracker.settings import get_settings

    settings = get_settings()
    assert mode(fresh_data_dir) == 0o700
    with engine_for(settings.db_url).begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    load_keys()
    assert broker_reachable()
    files = [
        fresh_data_dir / "poc_tracker.db",
        fresh_data_dir / "poc_tracker.db-wal",
        fresh_data_dir / "keys" / "jwt-private.pem",
        fresh_data_dir / "broker.db",
    ]
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    assert mode(fresh_data_dir / "keys") == 0o700


def test_an_existing_world_readable_database_is_narrowed(tmp_path: Path):
    from poc_tracker.db import engine_for

    db = tmp_path / "antigo.db"
    db.touch(mode=0o644)
    db.chmod(0o644)
    with engine_for(f"sqlite:///{db}").connect() as conn:
        conn.execute(text("SELECT 1"))
    assert mode(db) == 0o600


def test_server_urls_create_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from poc_tracker.db import private_sqlite_file

    monkeypatch.chdir(tmp_path)
    for url in ("redis://127.0.0.1:6379/13", "postgresql://u:p@127.0.0.1/base", "sqla+redis://h/2"):
        private_sqlite_file(url)
    assert list(tmp_path.iterdir()) == []
