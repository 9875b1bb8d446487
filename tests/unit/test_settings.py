"""Settings: embedded defaults, every knob documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from poc_tracker.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_defaults_are_the_embedded_profile(tmp_path, monkeypatch):
    monkeypatch.delenv("POC_TRACKER_DATABASE_URL", raising=False)
    monkeypatch.delenv("POC_TRACKER_REDIS_URL", raising=False)
    s = Settings(data_dir=tmp_path, _env_file=None)
    assert s.db_url.startswith("sqlite:///") and s.db_url.endswith("poc_tracker.db")
    assert s.celery_broker.startswith("sqla+sqlite:///")
    assert s.access_token_ttl == 900


def test_production_refuses_to_start_without_keys():
    with pytest.raises(ValueError, match="JWT"):
        Settings(env="production", _env_file=None)


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name):
    assert f"POC_TRACKER_{name.upper()}" in README


def test_request_slots_fit_the_pool_and_the_threads():
    s = Settings(_env_file=None)
    assert s.request_slots == 6  # 6 + 4 connections and 40 threads, 4 of each kept
    small = Settings(db_pool_size=4, db_max_overflow=2, worker_threads=10, _env_file=None)
    assert small.request_slots == 2
    assert Settings(max_concurrent_requests=5, _env_file=None).request_slots == 5


def test_more_request_slots_than_connections_is_refused():
    with pytest.raises(ValueError, match="MAX_CONCURRENT_REQUESTS"):
        Settings(max_concurrent_requests=7, _env_file=None)
