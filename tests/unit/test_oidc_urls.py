"""Which provider URLs this server agrees to fetch: https to public addresses; loopback only when allowed."""

from __future__ import annotations

import pytest

from poc_tracker.auth.oidc import check_url
from poc_tracker.errors import Invalid
from poc_tracker.settings import Settings, get_settings

REFUSED_ALWAYS = [
    "https://10.1.2.3/.well-known/openid-configuration",
    "https://169.254.169.254/latest/meta-data/",  # a cloud's instance metadata
    "https://192.168.0.10/",
    "https://[fd00::1]/",
    "http://93.184.216.34/",  # public, but plain http
    "ftp://93.184.216.34/",
    "https://user:senha@93.184.216.34/",
    "https:///sem-host",
]


@pytest.fixture
def allow_loopback(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("POC_TRACKER_OIDC_ALLOW_LOOPBACK", "true" if request.param else "false")
    get_settings.cache_clear()
    yield request.param
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.mark.parametrize("allow_loopback", [False, True], indirect=True)
@pytest.mark.parametrize("url", REFUSED_ALWAYS)
def test_inside_addresses_and_plain_http_are_refused(allow_loopback: bool, url: str) -> None:
    with pytest.raises(Invalid):
        check_url(url)


@pytest.mark.parametrize("allow_loopback", [False], indirect=True)
@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "https://127.0.0.1/x", "https://[::1]/", "http://localhost/"])
def test_this_machine_is_refused_unless_allowed(allow_loopback: bool, url: str) -> None:
    with pytest.raises(Invalid) as err:
        check_url(url)
    assert err.value.code == "oidc_url_refused"


@pytest.mark.parametrize("allow_loopback", [True], indirect=True)
def test_this_machine_over_http_when_allowed(allow_loopback: bool) -> None:
    check_url("http://127.0.0.1:9/.well-known/openid-configuration")
    check_url("http://localhost:9/")


@pytest.mark.parametrize("allow_loopback", [False], indirect=True)
def test_a_public_https_address_is_accepted(allow_loopback: bool) -> None:
    check_url("https://93.184.216.34/.well-known/openid-configuration")


def test_production_refuses_the_loopback_setting() -> None:
    with pytest.raises(ValueError, match="OIDC_ALLOW_LOOPBACK"):
        Settings(env="production", jwt_private_key="x", jwt_public_key="y", mfa_encryption_key="k",
                 oidc_allow_loopback=True)  # fmt: skip
