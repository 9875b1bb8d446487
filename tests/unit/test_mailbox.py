"""The development mailbox exists only without an SMTP server, and never in production."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from poc_tracker.errors import NotFound
from poc_tracker.mail import mailbox
from poc_tracker.settings import Settings, get_settings


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.setenv("POC_TRACKER_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("POC_TRACKER_SMTP_HOST", raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_the_mailbox_lists_nothing_before_the_first_mail(settings_env):
    assert mailbox.list_mail() == []


def test_no_mailbox_with_an_smtp_server(settings_env):
    settings_env.setenv("POC_TRACKER_SMTP_HOST", "smtp.exemplo.com.br")
    get_settings.cache_clear()
    with pytest.raises(NotFound):
        mailbox.list_mail()
    with pytest.raises(NotFound):
        mailbox.read_mail("20260101T000000000000-" + "0" * 32 + ".eml")


def test_no_mailbox_in_production():
    assert Settings.model_construct(smtp_host="", env="production").dev_mailbox is False
    assert Settings.model_construct(smtp_host="", env="development").dev_mailbox is True
