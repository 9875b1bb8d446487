"""Benchmark: Lighthouse (mobile, simulated throttling) on /login, home, /pocs and a POC page; run by lighthouse.sh.

/login is measured in a fresh profile (Lighthouse's default: storage cleared, cold cache). The signed-in pages
use a Chromium profile signed in through the UI, its HTTP cache and service worker removed before each page,
with Lighthouse attached to that Chromium without clearing storage (the sign-in lives in localStorage and an
HttpOnly cookie). Each page is measured --runs times; the run with the median performance score is printed.

    python bench/lighthouse.py [BASE] [--runs 3] [--json DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from interactive import ARGS, POC_LINK, sign_in
from prodserver import Owner, free_port, prod_app, seed_tenant

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def lighthouse(url: str, out: Path, *extra: str) -> dict | None:
    """One Lighthouse run, tried twice (a busy machine sometimes loses the trace: NO_NAVSTART); its JSON report."""
    argv = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}"]
    argv += ["--only-categories=performance,accessibility,best-practices,seo", *extra]
    for _ in range(2):
        if subprocess.run(argv, check=False, env={**os.environ, "CHROME_PATH": CHROMIUM}).returncode == 0:
            return json.loads(out.read_text())
    print(f"lighthouse: no report for {url} (left out of the medians)", file=sys.stderr)
    return None


def prepare_profile(base: str, owner: Owner, profile: Path) -> None:
    """A Chromium profile signed in as the owner, through the sign-in page."""
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, viewport={"width": 390, "height": 844}, locale="pt-BR"
        )
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        sign_in(page, base, owner)
        page.wait_for_selector(POC_LINK)
        ctx.close()


def signed_in_run(url: str, profile: Path, out: Path) -> dict | None:
    """Lighthouse on a signed-in profile whose caches were dropped (a cold start of a returning user)."""
    for sub in ("Cache", "Code Cache", "Service Worker", "GPUCache"):
        shutil.rmtree(profile / "Default" / sub, ignore_errors=True)
    port = free_port()
    chrome = subprocess.Popen(
        [CHROMIUM, *FLAGS.split(), f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/json/version", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        return lighthouse(url, out, f"--port={port}", "--disable-storage-reset")
    finally:
        chrome.terminate()
        chrome.wait(timeout=10)


def row(name: str, reports: list[dict]) -> str:
    """The median-scoring run of a page, one line."""
    reports = sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0)
    r = reports[len(reports) // 2]
    c, a = r["categories"], r["audits"]
    perfs = [round((x["categories"]["performance"]["score"] or 0) * 100) for x in reports]

    def score(k: str) -> str:
        return str(round(c[k]["score"] * 100)) if c[k]["score"] is not None else "-"

    def shown(k: str) -> str:
        return a[k].get("displayValue", "-").replace("\xa0", " ")

    return (
        f"{name:10} {score('performance'):>4} {statistics.median(perfs):>6.0f} {min(perfs):>4}-{max(perfs):<4} "
        f"{score('accessibility'):>4} {score('best-practices'):>4} {score('seo'):>4} "
        f"{a['total-byte-weight']['numericValue'] / 1024:7.0f} kB {shown('first-contentful-paint'):>6} "
        f"{shown('largest-contentful-paint'):>6} {shown('total-blocking-time'):>7} {shown('interactive'):>6} "
        f"{shown('cumulative-layout-shift'):>6} {r['environment'].get('benchmarkIndex', 0):>6.0f}"
    )


def main() -> None:
    """Start (or use) the app, sign in, run Lighthouse on each page, print one line per page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", help="an app already running (default: start one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="keep the reports in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("bench: run bench/lighthouse.sh (it installs Lighthouse under bench/lighthouse/)")
    out = args.json or Path(tempfile.mkdtemp(prefix="poc-tracker-lh-"))
    out.mkdir(parents=True, exist_ok=True)
    with prod_app(args.base) as app:
        owner = seed_tenant(app.base, pocs=30)
        profile = out / "profile"
        prepare_profile(app.base, owner, profile)
        pages = {"/login": "/login", "home": "/", "/pocs": "/pocs", "POC page": f"/pocs/{owner.poc_ids[0]}"}
        reports: dict[str, list[dict]] = {name: [] for name in pages}
        for i in range(args.runs):
            for name, path in pages.items():
                target = out / f"{name.strip('/').replace(' ', '-') or 'home'}-{i}.json"
                flags = f"--chrome-flags={FLAGS}"
                done = (
                    lighthouse(app.base + path, target, flags)
                    if path == "/login"
                    else signed_in_run(app.base + path, profile, target)
                )
                if done:
                    reports[name].append(done)
    print(
        f"{'page':10} {'perf':>4} {'median':>6} {'range':>9} {'a11y':>4} {'best':>4} {'seo':>4} {'transfer':>10} "
        f"{'FCP':>6} {'LCP':>6} {'TBT':>7} {'TTI':>6} {'CLS':>6} {'CPU':>6}"
    )
    for name, runs in reports.items():
        print(row(name, runs) if runs else f"{name:10} no report")
    print(f"reports: {out}")
    print("CPU: Lighthouse's benchmarkIndex of this machine during the run (a quiet desktop scores ~1500-2500; its")
    print("mobile throttling multiplies the CPU time seen, so scores on a loaded machine come out far lower)")


if __name__ == "__main__":
    main()
