"""Benchmark: first and repeat loads of the sign-in page and the home page in Debian's Chromium.

For each page: bytes over the network (Resource Timing transfer sizes, compressed) and times — DOMContentLoaded,
load, and "ready" (the page's content on screen: Reflex fills pages over its websocket after load). "cold" is a
new browser profile (empty HTTP cache, no service worker); "warm" is a later visit in the same profile (HTTP
cache and service worker in place). The home page needs a signed-in user: the script signs up a throwaway
organisation first. With --profile it also leaves a signed-in Chromium profile for Lighthouse.

    python bench/page_load.py http://localhost:3116 [--profile DIR] [--runs 3]
    python bench/page_load.py http://localhost:3116 --profile DIR --prepare-only   # signed in, caches empty
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
METRICS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const bytes = res.reduce((s, r) => s + (r.transferSize || 0), nav.transferSize || 0);
  return {bytes, requests: res.length + 1, fromNetwork: res.filter(r => r.transferSize > 0).length + 1,
          dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd};
}"""
PAGES = {"login": ("/login", "button[type=submit]"), "home": ("/", "#home-greeting")}


def sign_up(page: Page, base: str) -> None:
    """A throwaway organisation, signed in on this profile."""
    sub = f"bench{int(time.time() * 1000) % 10**8}"
    page.goto(f"{base}/signup")
    for name, value in {
        "name": "Bench",
        "subdomain": sub,
        "owner_name": "Bia Bench",
        "owner_email": f"bia@{sub}.com.br",
        "owner_password": "senha-forte-1",
    }.items():
        page.fill(f"input[name={name}]", value)
    page.click("button[type=submit]")
    page.wait_for_selector("#home-greeting")


def measure(page: Page, base: str, name: str) -> dict:
    """Load one page and wait for its content."""
    path, ready = PAGES[name]
    started = time.perf_counter()
    page.goto(f"{base}{path}", wait_until="load")
    page.wait_for_selector(ready)
    ready_ms = (time.perf_counter() - started) * 1000
    page.wait_for_timeout(500)  # late requests (icons, manifest) count too
    return {**page.evaluate(METRICS), "ready": ready_ms}


def wipe_caches(profile: Path) -> None:
    """Keep the profile's localStorage (the sign-in) and drop its HTTP cache and service worker: a cold start."""
    for sub in ("Cache", "Code Cache", "Service Worker", "GPUCache"):
        shutil.rmtree(profile / "Default" / sub, ignore_errors=True)


def open_profile(p: Playwright, profile: Path) -> BrowserContext:
    """Chromium on a profile folder (Lighthouse uses the same folder), at phone size."""
    return p.chromium.launch_persistent_context(
        str(profile), executable_path="/usr/bin/chromium", args=ARGS, viewport=PHONE, locale="pt-BR"
    )


def prepare(base: str, profile: Path) -> None:
    """A Chromium profile with a signed-in user and nothing cached (for Lighthouse on the home page)."""
    with sync_playwright() as p:
        ctx = open_profile(p, profile)
        sign_up(ctx.pages[0] if ctx.pages else ctx.new_page(), base)
        ctx.close()
    wipe_caches(profile)


def run(base: str, profile: Path, runs: int) -> dict[str, dict[str, list[dict]]]:
    """Cold and warm loads of each page, `runs` times."""
    results: dict[str, dict[str, list[dict]]] = {n: {"cold": [], "warm": []} for n in PAGES}
    prepare(base, profile)
    with sync_playwright() as p:
        for _ in range(runs):
            for name in PAGES:
                wipe_caches(profile)
                ctx = open_profile(p, profile)
                page = ctx.pages[0] if ctx.pages else ctx.new_page()
                if name == "login":  # signed in, /login sends you home: measure it signed out
                    page.goto(f"{base}/healthz")
                    saved = page.evaluate("JSON.stringify(localStorage)")
                    page.evaluate("localStorage.clear()")
                results[name]["cold"].append(measure(page, base, name))
                page.wait_for_timeout(1500)  # let the service worker take control
                results[name]["warm"].append(measure(page, base, name))
                if name == "login":
                    page.evaluate(
                        "s => { for (const [k, v] of Object.entries(JSON.parse(s))) localStorage[k] = v; }", saved
                    )
                ctx.close()
        wipe_caches(profile)
    return results


def summary(results: dict[str, dict[str, list[dict]]]) -> None:
    """Medians, one line per page and visit."""
    print(
        f"{'page':6} {'visit':5} {'transfer':>10} {'requests':>9} {'network':>8} {'DCL ms':>7} {'load ms':>8} "
        f"{'ready ms':>9}"
    )
    for name, visits in results.items():
        for visit, rows in visits.items():
            med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
            print(
                f"{name:6} {visit:5} {med['bytes'] / 1024:8.1f} kB {med['requests']:9.0f} {med['fromNetwork']:8.0f} "
                f"{med['dcl']:7.0f} {med['load']:8.0f} {med['ready']:9.0f}"
            )


def main() -> None:
    """Measure, print, optionally keep the raw numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://localhost:3116")
    parser.add_argument("--profile", type=Path, default=Path("/tmp/poc-tracker-bench-profile"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--prepare-only", action="store_true", help="only leave a signed-in, cache-less profile")
    args = parser.parse_args()
    shutil.rmtree(args.profile, ignore_errors=True)
    if args.prepare_only:
        prepare(args.base.rstrip("/"), args.profile)
        return
    results = run(args.base.rstrip("/"), args.profile, args.runs)
    summary(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
