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
