"""The installable app: manifest, service worker, install prompt, caching headers, offline reading."""

from __future__ import annotations

import json
import re
import struct
import time
import urllib.request

import httpx
import pytest

from tests.e2e.browser import CHROMIUM_ARGS, access_token, api, screenshot, sign_up, wait_for_path

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SAVED = (
    "async (id) => { const c = await caches.open('poc-tracker-data-v1');"
    " const index = await c.match('/__offline__/index.json');"
    " return Boolean(index && (await index.json()).entries[id]); }"
)


def wait_saved(page, poc_id: str, timeout: float = 15.0) -> None:
    """Wait until the POC is in the offline index (wait_for_function takes a returned promise for true)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(SAVED, poc_id):
        assert time.monotonic() < deadline, f"{poc_id} was not saved for offline reading"
        page.wait_for_timeout(200)


def fetch(url: str, **headers: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as res:
        return res.status, {k.lower(): v for k, v in res.headers.items()}, res.read()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def sign_up_by_api(page, base: str, sub: str) -> str:
    """An organisation made through the API, its access token put where the app keeps it; the access token."""
    req = urllib.request.Request(
        f"{base}/api/v1/tenants",
        method="POST",
        headers={"Content-Type": "application/json"},
        data=json.dumps(
            {
                "name": "Acme",
                "subdomain": sub,
                "ownerName": "Ana Souza",
                "ownerEmail": f"ana@{sub}.com.br",
                "ownerPassword": "senha-forte-1",
            }
        ).encode(),
    )
    with urllib.request.urlopen(req) as res:
        created = json.load(res)
    # A page of the origin without the app's state: the sign-in page would pick the token up as it hydrates,
    # go home and fill the offline copies before the test has made its favourites (a race).
    page.goto(f"{base}/offline.html")
    page.evaluate("(a) => { localStorage.poc_tracker_access = a; }", created["accessToken"])
    return created["accessToken"]


def test_manifest_is_complete_and_its_icons_exist(app_server):
    status, headers, body = fetch(f"{app_server}/manifest.webmanifest")
    assert status == 200 and headers["content-type"].startswith("application/manifest+json")
    m = json.loads(body)
    assert m["name"] == "POC Tracker" and m["short_name"] and m["lang"] == "pt-BR"
    assert m["start_url"] == "/" and m["display"] == "standalone"
    assert m["theme_color"].startswith("#") and m["background_color"].startswith("#")
    assert {s["url"] for s in m["shortcuts"]} == {"/pocs/new", "/search"}
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in m["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in m["icons"]:
        if icon["type"] == "image/png":
            _, _, data = fetch(f"{app_server}{icon['src']}")
            assert png_size(data) == tuple(int(n) for n in icon["sizes"].split("x"))


def test_static_files_are_compressed_and_cached_for_long(app_server):
    _, _, html = fetch(f"{app_server}/login/")
    asset = re.findall(r'"(/assets/[^"]+\.js)"', html.decode())[0]  # preloaded once the page has painted
    assert asset.startswith("/assets/")
    _, headers, _ = fetch(f"{app_server}{asset}", **{"Accept-Encoding": "br, gzip"})
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] in ("br", "gzip")
    _, headers, _ = fetch(f"{app_server}/login/", **{"Accept-Encoding": "br, gzip"})
    assert headers["cache-control"] == "no-cache" and headers["content-encoding"] in ("br", "gzip")
    _, headers, _ = fetch(f"{app_server}/sw.js")
    assert headers["cache-control"] == "no-cache" and "javascript" in headers["content-type"]
    _, headers, body = fetch(f"{app_server}/.well-known/assetlinks.json")
    assert headers["content-type"] == "application/json" and json.loads(body) == []
    _, headers, _ = fetch(f"{app_server}/healthz")
    assert "cache-control" not in headers


def test_chromium_can_install_the_app_and_its_service_worker_runs(browser, app_server, tmp_path):
    # Installability is never reported in incognito, which is what new_context() gives: use a profile.
    ctx = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path="/usr/bin/chromium",
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        locale="pt-BR",
    )
    # The worker's install waits for the page's own load (it competed with it for the CPU and the connection).
    ctx.add_init_script(
        """(() => { const container = navigator.serviceWorker; const register = container.register.bind(container);
        container.register = (...args) => { window.__registeredWhen = document.readyState; return register(...args); };
        })()"""
    )
    page = ctx.new_page()
    page.goto(f"{app_server}/login")
    page.wait_for_selector("button[type=submit]")
    state = page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)")
    assert state in ("activating", "activated")
    assert page.evaluate("window.__registeredWhen") == "complete"
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    cdp = ctx.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    ctx.close()


def test_install_button_appears_when_the_browser_offers_to_install(browser, app_server):
    ctx = browser.new_context(viewport=PHONE, locale="pt-BR")
    page = ctx.new_page()
    page.goto(f"{app_server}/login")
    page.wait_for_selector("button[type=submit]:enabled")  # the page's scripts run
    button = page.locator(".pwa-install")
    assert not button.is_visible()
    page.evaluate("""() => { const e = new Event('beforeinstallprompt', {cancelable: true});
        e.prompt = () => { window.__prompted = true; return Promise.resolve(); };
        e.userChoice = Promise.resolve({outcome: 'accepted'}); window.dispatchEvent(e); }""")
    button.wait_for(state="visible")
    assert button.inner_text() == "Instalar app"
    button.click()
    page.wait_for_function("window.__prompted === true")
    button.wait_for(state="hidden")
    ctx.close()


def test_recent_and_favourite_pocs_stay_readable_offline(browser, app_server):
    ctx = browser.new_context(viewport=PHONE, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    token = sign_up_by_api(page, app_server, f"of{int(time.time() * 1000) % 10**8}")
    poc = api(
        app_server,
        token,
        "POST",
        "/api/v1/pocs",
        {
            "name": "Cache de sessões",
            "language": "Go",
            "description": "Sessões em Redis com TTL deslizante.",
            "hypothesis": "Latência p99 abaixo de 5 ms.",
        },
    )
    readme = "# Cache de sessões\n\nRode `make bench` para medir a latência.\n"
    res = httpx.post(
        f"{app_server}/api/v1/pocs/{poc['id']}/files",
        headers={"Authorization": f"Bearer {token}"},
        files=[("files", ("README.md", readme.encode(), "text/markdown"))],
    )
    assert res.status_code == 201, res.text
    favourite = api(app_server, token, "POST", "/api/v1/pocs", {"name": "Busca com pgvector", "language": "SQL"})
    api(app_server, token, "PUT", f"/api/v1/favorites/{favourite['id']}")

    page.goto(f"{app_server}/pocs/{poc['id']}")
    page.wait_for_selector("#poc-name")
    wait_saved(page, poc["id"])
    wait_saved(page, favourite["id"])  # a favourite is kept without being opened
    page.evaluate("navigator.serviceWorker.ready")

    ctx.set_offline(True)
    page.wait_for_selector("#offline-banner", state="visible")
    assert "Você está offline" in page.inner_text("#offline-banner")
    edit = page.locator("#app-content button", has_text="Editar")
    assert edit.get_attribute("aria-disabled") == "true"
    assert "conexão" in edit.get_attribute("title")
    screenshot(page, "phone-poc-offline")

    page.goto(f"{app_server}/pocs/{poc['id']}")  # a fresh page load with no network: the offline viewer
    page.wait_for_selector("#offline-poc-name")
    assert page.inner_text("#offline-poc-name") == "Cache de sessões"
    assert page.is_visible("text=Sessões em Redis com TTL deslizante.")
    assert page.is_visible("#offline-banner")
    page.click("#offline-files summary:has-text('README.md')")  # its text file too
    assert page.is_visible("text=Rode `make bench` para medir a latência.")
    screenshot(page, "phone-offline-poc")
    page.goto(f"{app_server}/")
    page.wait_for_selector(".offline-item")
    assert page.locator(".offline-item").count() == 2
    assert "Busca com pgvector" in page.locator(".offline-item").first.inner_text()  # favourites first
    page.click("text=Cache de sessões")
    page.wait_for_selector("#offline-poc-name")

    api(app_server, token, "PATCH", f"/api/v1/pocs/{poc['id']}", {"name": "Cache de sessões v2"})
    ctx.set_offline(False)
    page.wait_for_function("() => document.querySelector('#offline-poc-name')?.innerText === 'Cache de sessões v2'")
    assert not page.is_visible("#offline-banner")

    page.goto(f"{app_server}/profile")
    page.get_by_role("button", name="Sair").click()
    wait_for_path(page, "/login")
    page.wait_for_timeout(500)
    assert not page.evaluate("caches.has('poc-tracker-data-v1')")  # signing out clears it
    ctx.close()


def test_offline_copies_stay_within_the_size_limit(browser, app_server):
    ctx = browser.new_context(viewport=PHONE, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    sign_up(page, app_server, f"lim{int(time.time() * 1000) % 10**8}")
    token = access_token(page)
    old, new = (
        api(app_server, token, "POST", "/api/v1/pocs", {"name": name, "language": "Go"}) for name in ("Antiga", "Nova")
    )
    assert int(page.get_attribute("meta[name=poc-tracker-offline-max-bytes]", "content")) > 0
    # The limit comes from POC_TRACKER_OFFLINE_MAX_BYTES through this tag; shrink it to about one POC.
    page.evaluate("document.querySelector('meta[name=poc-tracker-offline-max-bytes]').content = '1000'")
    page.evaluate("([id, t]) => window.pocPwa.savePoc(id, t)", [old["id"], token])
    page.evaluate("([id, t]) => window.pocPwa.savePoc(id, t)", [new["id"], token])
    saved = page.evaluate("window.pocPwa.list()")
    assert [e["name"] for e in saved["entries"]] == ["Nova"]  # the least recently opened went first
    assert saved["bytes"] <= 1000
    ctx.close()


def test_a_new_session_keeps_ten_favourites_offline_in_one_request_and_backs_off_when_busy(browser, app_server):
    ctx = browser.new_context(viewport=PHONE, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    token = sign_up_by_api(page, app_server, f"bat{int(time.time() * 1000) % 10**8}")
    favs = [
        api(app_server, token, "POST", "/api/v1/pocs", {"name": f"Favorita {i}", "language": "Go"}) for i in range(10)
    ]
    for poc in favs:
        httpx.post(
            f"{app_server}/api/v1/pocs/{poc['id']}/files",
            headers={"Authorization": f"Bearer {token}"},
            files=[("files", (f"f{i}.go", b"package main\n", "text/plain")) for i in range(3)],
        ).raise_for_status()
        api(app_server, token, "PUT", f"/api/v1/favorites/{poc['id']}")
    calls: list[str] = []
    page.on("request", lambda r: calls.append(r.url) if "/api/v1/" in r.url else None)
    page.goto(f"{app_server}/")
    page.wait_for_selector("#home-greeting")
    for poc in favs:
        wait_saved(page, poc["id"])
    offline_calls = [u for u in calls if "/api/v1/pocs" in u or "/api/v1/favorites" in u or "/offline/" in u]
    assert offline_calls == [f"{app_server}/api/v1/offline/sync"], (
        offline_calls
    )  # was ~41 (a POC, a list, 3 files each)
    files = page.evaluate("(id) => window.pocPwa.load(id)", favs[0]["id"])["files"]
    assert sorted(f["path"] for f in files) == ["f0.go", "f1.go", "f2.go"]

    busy = []

    def answer_busy(route):
        busy.append(route.request.url)
        route.fulfill(status=429, headers={"Retry-After": "1"}, body='{"error": {"code": "rate_limited"}}')

    page.route("**/api/v1/offline/sync", answer_busy)
    failed = page.evaluate("(t) => window.pocPwa.refreshAll(t).then(() => 'ok', (e) => e.status)", token)
    assert failed == 429 and len(busy) == 2  # one retry after Retry-After, then it gives up
    retry_at = page.evaluate(
        "async () => (await (await caches.open('poc-tracker-data-v1')).match('/__offline__/index.json')).json()"
    )["retryAt"]
    assert retry_at > time.time() * 1000 + 10_000  # the next refreshes wait
    ctx.add_init_script("window.addEventListener('pwa:changed', () => { window.pwaRefreshed = true; })")
    page.reload()
    page.wait_for_selector("#home-greeting")
    page.wait_for_function("() => window.pwaRefreshed === true")  # the refresh on load ran, and waited
    assert len(busy) == 2
    ctx.close()
