"""The real app (``reflex run --env prod``) on a spare port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.browser import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("POC_TRACKER_E2E_PORT", "3111"))
BASE = f"http://localhost:{PORT}"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as res:
            return res.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the app on the embedded profile for the browser tests."""
    data = tmp_path_factory.mktemp("e2e-data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("POC_TRACKER_")}
    env.update(
        {
            "POC_TRACKER_DATA_DIR": str(data),
            "POC_TRACKER_PORT": str(PORT),
            "POC_TRACKER_APP_URL": BASE,
            "POC_TRACKER_ARGON2_TIME_COST": "1",
            "POC_TRACKER_ARGON2_MEMORY_KIB": "8192",
            "POC_TRACKER_OIDC_ALLOW_LOOPBACK": "true",  # the test OpenID provider runs on 127.0.0.1 over http
            # Retrospectiva renders small and short here (same code path): the browser tests check the page
            "POC_TRACKER_VIDEO_SCALE": "0.3",
            "POC_TRACKER_VIDEO_PACE": "0.15",
        }
    )
    subprocess.run([sys.executable, "-m", "poc_tracker.cli", "migrate"], cwd=ROOT, env=env, check=True)
    log = (data / "reflex.log").open("w")

    def start_app() -> subprocess.Popen:
        return subprocess.Popen(
            ["reflex", "run", "--env", "prod", "--frontend-port", str(PORT), "--backend-port", str(PORT)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    proc = start_app()
    builds_left = 1  # the build's prerendering gives up on a page after a fixed 10 s, which a busy machine can pass
    # A worker too, as `make run` has: POCs saved in the browser reach the search index.
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tasks.celery_app:celery",
            "worker",
            "-Q",
            "default,index,reports,videos",
            "--concurrency",
            "1",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 420
    while not (_answers(f"{BASE}/healthz") and _answers(f"{BASE}/login")):
        if proc.poll() is not None and builds_left and time.monotonic() < deadline:
            builds_left -= 1
            log.write("\n--- the app stopped (a timed-out prerender?): building once more ---\n")
            log.flush()
            proc = start_app()
        elif proc.poll() is not None or time.monotonic() > deadline:
            for child in (proc, worker):  # no app or worker left behind on this shared machine
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
            log.close()
            raise RuntimeError("the app did not start:\n" + (data / "reflex.log").read_text()[-4000:])
        time.sleep(1)
    yield BASE
    os.killpg(worker.pid, signal.SIGTERM)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (never a downloaded build)."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, app_server: str) -> Iterator[Page]:
    """A fresh browser context (no stored sign-in) at phone or desktop size."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pt-BR")
    pg = ctx.new_page()
    pg.set_default_timeout(30000)
    yield pg
    ctx.close()
