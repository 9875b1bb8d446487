"""Stored XSS can neither run nor take the sign-in: Markdown without HTML, a strict CSP, an HttpOnly cookie."""

from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

from poc_tracker.api.security import script_hashes
from tests.e2e.browser import access_token, api, sign_up, wait_for_path

pytestmark = pytest.mark.e2e

PAYLOADS = "\n\n".join(
    [
        'Antes <iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
        '<img src=x onerror="window.__xss=2">',
        "<script>window.__xss=3</script>",
        "[clique aqui](javascript:window.__xss=4)",
        '<svg onload="window.__xss=5"></svg>',
        '<a href="#" onclick="window.__xss=6" id="xss-link">link</a>',
        "Depois do ataque",
    ]
)
PAGES = [
    "/login",
    "/signup",
    "/",
    "/pocs",
    "/pocs/new",
    "/search",
    "/dojos",
    "/team",
    "/profile",
    "/offline.html",
    "/pocs/00000000-0000-0000-0000-000000000000",
    "/api/v1/docs",
]


def _get(url: str, **headers: str) -> tuple[dict[str, str], bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as res:
        body = res.read()
        found = {k.lower(): v for k, v in res.headers.items()}
    return found, gzip.decompress(body) if found.get("content-encoding") == "gzip" else body


def test_every_page_has_a_policy_that_runs_only_its_own_hashed_inline_scripts(app_server):
    for path in PAGES:
        headers, body = _get(f"{app_server}{path}", Accept="text/html", **{"Accept-Encoding": "br, gzip"})
        policy = headers.get("content-security-policy", "")
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert "'unsafe-inline'" not in script_src, path
        assert all(h in script_src for h in script_hashes(body)), path
        for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"):
            assert directive in policy, (path, directive)
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"], path


def test_other_origins_get_no_cors_grant(app_server):
    headers, _ = _get(f"{app_server}/api/v1/openapi.json", Origin="https://evil.example")
    assert "access-control-allow-origin" not in headers
    headers, _ = _get(f"{app_server}/api/v1/openapi.json", Origin=app_server)
    assert headers.get("access-control-allow-origin") == app_server


def test_a_poc_full_of_payloads_runs_no_script_and_leaves_no_token_for_scripts(page, app_server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_up(page, app_server, "xss")
    token = access_token(page)
    poc = api(
        app_server,
        token,
        "POST",
        "/api/v1/pocs",
        {
            "name": "POC maliciosa",
            "description": PAYLOADS,
            "language": "Python",
            "experiment": {
                "hypothesis": PAYLOADS,
                "successCriteria": PAYLOADS,
                "result": PAYLOADS,
                "learnings": PAYLOADS,
            },
        },
    )
    page.goto(f"{app_server}/pocs/{poc['id']}")
    page.wait_for_selector("text=Depois do ataque")
    page.wait_for_timeout(800)
    assert page.evaluate("window.__xss") is None and not dialogs
    assert len(page.frames) == 1 and page.locator("#app-content iframe, #app-content svg[onload]").count() == 0
    page.get_by_text("clique aqui").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    # No refresh token where a script could read it; the HttpOnly cookie holds it.
    stored = page.evaluate("JSON.stringify(localStorage) + document.cookie")
    assert "poc_tracker_refresh" not in stored and "poc_tracker_session" not in stored
    cookie = next(c for c in page.context.cookies() if c["name"] == "poc_tracker_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/api/v1/auth/session"


def test_the_policy_blocks_an_inline_handler_that_slipped_into_the_page(page, app_server):
    sign_up(page, app_server, "csp")
    page.evaluate("""() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
        const box = document.createElement('div');
        box.innerHTML = '<img src="/nao-existe.png" onerror="window.__csp = 1">';
        document.body.append(box);
    }""")
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__csp") is None
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))


def test_a_new_browser_tab_signs_in_from_the_cookie_and_signing_out_ends_it(page, browser, app_server):
    sign_up(page, app_server, "cookie")
    cookies = page.context.cookies()
    # A fresh context with the cookies but no access token: the app renews it through the cookie.
    other = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pt-BR")
    other.add_cookies(cookies)
    tab = other.new_page()
    tab.goto(f"{app_server}/pocs")
    tab.wait_for_function("localStorage.getItem('poc_tracker_access')")
    wait_for_path(tab, "/pocs")
    tab.wait_for_selector("text=Nova POC")
    # Signing out in the first context revokes the shared sign-in: a cookie copy cannot renew it.
    page.get_by_role("button", name="AS").click()
    page.get_by_text("Sair").click()
    wait_for_path(page, "/login")
    assert not any(c["name"] == "poc_tracker_session" for c in page.context.cookies())
    csrf = next(c["value"] for c in cookies if c["name"] == "poc_tracker_csrf")
    res = tab.request.post(f"{app_server}/api/v1/auth/session/refresh", headers={"X-CSRF-Token": csrf})
    assert res.status == 401
    other.close()
