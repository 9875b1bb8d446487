"""Every API answer carries the security headers; documents get a policy that runs only hashed inline scripts."""

from __future__ import annotations

import re

import pytest

from poc_tracker.api.security import page_policy, script_hashes
from poc_tracker.origins import app_origins

COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


def _assert_common(res) -> None:
    for name, value in COMMON.items():
        assert res.headers.get(name) == value, (res.request.url, name)
    assert "frame-ancestors 'none'" in res.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/api/v1/openapi.json", {}),
        ("GET", "/api/v1/pocs", {}),  # 401 in the error shape
        ("GET", "/api/v1/no-such-thing", {}),
        ("POST", "/api/v1/auth/login", {"json": {"email": "x@y.z"}}),  # 422
        (
            "POST",
            "/api/v1/auth/login",
            {"content": b"x" * (1024 * 1024 + 1), "headers": {"content-type": "application/json"}},
        ),  # 413 from the pipeline
        ("GET", "/healthz", {}),
    ],
)
def test_api_answers_carry_the_security_headers_and_run_nothing(client, method, path, kwargs):
    res = client.request(method, path, **kwargs)
    _assert_common(res)
    policy = res.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


def test_signed_in_answers_carry_them_too(client, owner_a):
    res = client.get("/api/v1/users/profile", headers=owner_a.headers)
    assert res.status_code == 200
    _assert_common(res)


def test_the_docs_page_allows_exactly_its_own_inline_script(client):
    res = client.get("/api/v1/docs", headers={"accept": "text/html"})
    assert res.status_code == 200
    _assert_common(res)
    policy = res.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "object-src 'none'" in policy
    hashes = script_hashes(res.content)
    assert hashes and all(h in script_src for h in hashes)


def test_a_page_policy_lists_the_hash_of_each_inline_script_and_none_for_external_ones():
    html = b'<script>a()</script><script src="/x.js"></script><script type="module">b()</script>'
    policy = page_policy(html)
    assert policy.count("'sha256-") == 2
    assert "'sha256-" not in page_policy(b'<script src="/pwa.js" defer></script>')


def test_credentialed_origins_are_the_app_itself():
    assert app_origins("https://poc.example.com.br") == ["https://poc.example.com.br"]
    assert app_origins("http://localhost:3000") == [
        "http://localhost:3000",
        "http://127.0.0.1:3000",
        "http://[::1]:3000",
    ]


def test_pages_are_never_asked_for_in_brotli_which_could_not_be_hashed():
    from poc_tracker.api.security import _no_brotli_for_pages

    for path, accept in [("/offline.html", b"*/*"), ("/pocs/abc", b"*/*"), ("/login", b"text/html")]:
        scope = {"path": path, "headers": [(b"accept", accept), (b"accept-encoding", b"gzip, deflate, br, zstd")]}
        _no_brotli_for_pages(scope)
        assert dict(scope["headers"])[b"accept-encoding"] == b"gzip, deflate, zstd", path
    scope = {"path": "/assets/app.js", "headers": [(b"accept", b"*/*"), (b"accept-encoding", b"gzip, br")]}
    _no_brotli_for_pages(scope)
    assert dict(scope["headers"])[b"accept-encoding"] == b"gzip, br"
