"""Benchmark: sign-in → dashboard and page-open times in Debian's Chromium (Playwright), median of N.

Each time runs from the user's action (the click on "Entrar", on a link of the menu or of a list, or a full
navigation to the address) to the page's data on screen (the dashboard's recent POCs, the list's rows, the POC's
name): that is when the page can be used. Against the app at BASE, or a production-style app started here
(bench/prodserver.py: HAProxy, one web process, the frontend's production build).

    python bench/interactive.py [BASE] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prodserver import Owner, prod_app, seed_tenant

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
POC_LINK = "#app-content a[href^='/pocs/']:has-text('Painel de vendas')"
POC_NAME = "#poc-name:has-text('Painel de vendas')"


def timed(action: Callable[[], None], ready: Callable[[], None], page: Page | None = None) -> float:
    """Milliseconds from the action to the ready condition."""
    if page is not None:
        _mark(page)
    started = time.perf_counter()
    action()
    ready()
    return (time.perf_counter() - started) * 1000


def sign_in(page: Page, base: str, owner: Owner) -> float:
    """From the click on the sign-in button to the dashboard's data."""
    page.goto(f"{base}/login")
    page.wait_for_selector("input[name=email]")
    page.wait_for_timeout(800)  # hydration and the websocket: the form re-renders once (not the user's wait)
    page.fill("input[name=email]", owner.email)
    page.fill("input[name=password]", owner.password)
    return timed(lambda: page.click("button[type=submit]"), lambda: page.wait_for_selector(POC_LINK))


def one_run(page: Page, base: str, owner: Owner) -> dict[str, float]:
    """Every measured step once, in a signed-out tab."""
    out = {"sign-in → dashboard": sign_in(page, base, owner)}
    out["menu → /pocs"] = timed(
        lambda: page.click("a[href='/pocs']:visible >> nth=0"), lambda: _rows(page, "/pocs"), page
    )
    out["list → POC page"] = timed(lambda: page.click(f"{POC_LINK} >> nth=0"), lambda: page.wait_for_selector(POC_NAME))
    out["menu → home"] = timed(lambda: page.click("a[href='/']:visible >> nth=0"), lambda: _rows(page, "/"), page)
    out["load /pocs"] = timed(lambda: page.goto(f"{base}/pocs"), lambda: _rows(page, "/pocs"), page)
    poc = f"{base}/pocs/{owner.poc_ids[0]}"  # not the one opened from the list (its name would show at once)
    out["load POC page"] = timed(
        lambda: page.goto(poc), lambda: page.wait_for_selector("#poc-name:text-is('Painel de vendas 0')")
    )
    out["load home"] = timed(lambda: page.goto(f"{base}/"), lambda: _rows(page, "/"), page)
    return out


def _rows(page: Page, path: str) -> None:
    """The page at ``path`` shows POC links (the previous page's links, marked by ``_mark``, do not count)."""
    page.wait_for_function("p => location.pathname === p", arg=path)
    page.wait_for_selector(POC_LINK.replace(":has-text", ":not([data-bench-old]):has-text"))


def _mark(page: Page) -> None:
    """Mark the POC links on screen: a page opened later shows its own."""
    page.evaluate("document.querySelectorAll(\"a[href^='/pocs/']\").forEach(a => a.dataset.benchOld = '1')")


def measure(base: str, owner: Owner, runs: int, mobile: bool) -> dict[str, list[float]]:
    """``runs`` fresh browser contexts (no cookies, no storage; the HTTP cache of one browser)."""
    results: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs + 1):  # the first run warms the server's caches and Chromium: not counted
            size = {"width": 390, "height": 844} if mobile else {"width": 1440, "height": 900}
            ctx = browser.new_context(viewport=size, locale="pt-BR", service_workers="block")
            page = ctx.new_page()
            page.set_default_timeout(30000)
            for k, v in one_run(page, base, owner).items():
                results.setdefault(k, []).append(v)
            ctx.close()
        browser.close()
    return {k: v[1:] for k, v in results.items()}


def report(results: dict[str, list[float]]) -> None:
    """Median, min and max per step."""
    print(f"{'step':22} {'median ms':>10} {'min':>6} {'max':>6}  (n={len(next(iter(results.values())))})")
    for step, values in results.items():
        print(f"{step:22} {statistics.median(values):10.0f} {min(values):6.0f} {max(values):6.0f}")


def main() -> None:
    """Start (or use) the app, seed an organisation, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", help="an app already running (default: start one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--desktop", action="store_true", help="1440×900 instead of a phone's 390×844")
    args = parser.parse_args()
    with prod_app(args.base) as app:
        owner = seed_tenant(app.base, pocs=30)
        report(measure(app.base, owner, args.runs, mobile=not args.desktop))


if __name__ == "__main__":
    main()
