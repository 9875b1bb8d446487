"""A real OpenID provider for the tests (npm's oidc-provider on 127.0.0.1) and a browserless walk through it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PROVIDER_DIR = ROOT / "tests" / "oidc_provider"
NODE_BIN = ROOT / "tools" / "node_modules" / ".bin"
CALLBACK = "/api/v1/auth/oidc/callback"
CLIENT_SECRETS = {"tenant-a": "segredo-do-cliente-alfa-7f3a9c", "tenant-b": "segredo-do-cliente-beta-51e0d2"}
ACCOUNTS = {
    "ana@alfa.example": {"sub": "ana-1", "email": "ana@alfa.example", "email_verified": True, "name": "Ana Lima",
                         "groups": ["poc-admins"]},
    "naoverificada@alfa.example": {"email": "naoverificada@alfa.example", "email_verified": False, "name": "Nina"},
    "intrusa@outra.example": {"email": "intrusa@outra.example", "email_verified": True, "name": "Iris"},
    "duda@alfa.example": {"email": "duda@alfa.example", "email_verified": True, "name": "Duda", "amr": ["pwd", "otp"]},
}  # fmt: skip


def _node_env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{NODE_BIN}:{os.environ.get('PATH', '')}"}


def ensure_installed() -> None:
    """``npm ci`` the provider once (scripts/test.sh does it too), with Node from tools/."""
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, env=_node_env(), check=True)


@dataclass(frozen=True)
class ProviderServer:
    """The running provider."""

    issuer: str

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[ProviderServer]:
    """oidc-provider on a free loopback port with two tenants' clients; the app's callbacks registered."""
    ensure_installed()
    bases = ["http://testserver", f"http://localhost:{os.environ.get('POC_TRACKER_E2E_PORT', '3111')}"]
    clients = [
        {
            "client_id": cid,
            "client_secret": secret,
            "redirect_uris": [base + CALLBACK for base in bases],
            "grant_types": ["authorization_code"],
            "response_types": ["code"],
        }
        for cid, secret in CLIENT_SECRETS.items()
    ]
    env = {**_node_env(), "OIDC_TEST_CONFIG": json.dumps({"clients": clients, "accounts": ACCOUNTS})}
    proc = subprocess.Popen(
        [str(NODE_BIN / "node"), "provider.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line:
            raise RuntimeError("the test OpenID provider did not start")
        yield ProviderServer(json.loads(line)["issuer"])
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def authorize_at_provider(authorize_url: str, login: str, app_base: str = "http://testserver") -> str:
    """Walk the provider's pages as a browser would (redirects, the login form); the URL it sends back to the app."""
    with httpx.Client(follow_redirects=False, timeout=10) as http:
        url = authorize_url
        for _ in range(10):
            if url.startswith(app_base):
                return url
            res = http.get(url)
            if res.is_redirect:
                url = urljoin(url, res.headers["location"])
                continue
            found = FORM_ACTION.search(res.text)
            assert found, f"no form at the provider: {res.status_code} {res.text[:300]}"
            res = http.post(
                urljoin(url, found.group(1)), data={"prompt": "login", "login": login, "password": "qualquer"}
            )
            assert res.is_redirect, res.text[:300]
            url = urljoin(url, res.headers["location"])
    raise AssertionError("the provider never sent the browser back")


def query_of(url: str) -> dict[str, str]:
    """A URL's query parameters, one value each."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def fragment_of(location: str) -> dict[str, str]:
    """The ``#a=b`` part of a redirect, parsed."""
    return {k: v[0] for k, v in parse_qs(urlsplit(location).fragment).items()}
