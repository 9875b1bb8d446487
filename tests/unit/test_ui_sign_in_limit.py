"""Sign-in and sign-up through the UI draw from the same per-IP bucket as the API's anonymous auth routes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from poc_tracker.errors import RateLimited
from poc_tracker.ratelimit import get_limiter
from poc_tracker.settings import get_settings


def _state(ip: str) -> SimpleNamespace:
    return SimpleNamespace(router=SimpleNamespace(session=SimpleNamespace(client_ip=ip)))


def test_the_ui_sign_in_is_limited_per_ip(monkeypatch):
    from state.auth import limit_by_ip

    monkeypatch.setenv("POC_TRACKER_REDIS_URL", "")
    monkeypatch.setenv("POC_TRACKER_RATE_LIMIT_PER_MINUTE", "5")
    get_settings.cache_clear()
    get_limiter.cache_clear()
    try:
        for _ in range(5):
            limit_by_ip(_state("203.0.113.7"))
        with pytest.raises(RateLimited) as refused:
            limit_by_ip(_state("203.0.113.7"))
        assert refused.value.retry_after >= 1
        limit_by_ip(_state("203.0.113.8"))  # another address has its own bucket
    finally:
        get_settings.cache_clear()
        get_limiter.cache_clear()
