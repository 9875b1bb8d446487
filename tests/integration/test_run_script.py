"""``make run`` (scripts/run.sh) for real: a worker that dies is started again while the web keeps serving."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.search_support import free_port

ROOT = Path(__file__).resolve().parents[2]
STARTED = re.compile(r"worker iniciado \(pid (\d+)\)")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as res:
            return res.status == 200
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _worker(parent: int) -> int | None:
    """The Celery worker the script started (its child; its pool and beat are the worker's children)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(rest.rsplit(") ", 1)[1].split()[1]) == parent and b"celery" in cmdline:
            return int(pid)
    return None


def _interruptible() -> None:
    """In the child before it runs the script: Ctrl-C's default action, whatever the test run inherited."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _until(check: Callable[[], bool], seconds: float, log: Path, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert proc is None or proc.poll() is None, "run.sh stopped:\n" + log.read_text(errors="replace")[-4000:]
        assert time.monotonic() < deadline, "timed out:\n" + log.read_text(errors="replace")[-4000:]
        time.sleep(0.5)


@pytest.mark.worker
def test_a_dead_worker_is_restarted_while_the_web_keeps_serving(tmp_path: Path) -> None:
    port = free_port()
    health = f"http://127.0.0.1:{port}/healthz"
    env = {k: v for k, v in os.environ.items() if not k.startswith("POC_TRACKER_")}
    env.update(
        {
            "POC_TRACKER_DATA_DIR": str(tmp_path),
            "POC_TRACKER_PORT": str(port),
            "POC_TRACKER_APP_URL": f"http://localhost:{port}",
        }
    )
    subprocess.run([sys.executable, "-m", "poc_tracker.cli", "migrate"], cwd=ROOT, env=env, check=True)
    log = tmp_path / "run.log"
    with log.open("w") as out:
        # A session of its own, as a terminal gives `make run`: Ctrl-C reaches the script's group only. SIGINT
        # as a terminal has it too: a test run started in the background of a script inherits it ignored, and a
        # shell cannot trap a signal ignored when it started.
        proc = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_interruptible,
        )
    try:
        _until(lambda: _answers(health), 420, log, proc)  # the first start builds the frontend
        # A newcomer's console: one line once the app answers, none of Reflex's advice or page warnings.
        _until(lambda: "pronto em" in log.read_text(errors="replace"), 60, log, proc)
        console = log.read_text(errors="replace")
        assert console.count(f"POC Tracker pronto em http://localhost:{port}") == 1
        assert "uv run reflex run" not in console and "is being redefined" not in console
        assert console.index("Preparando o POC Tracker") < console.index("pronto em")
        _until(lambda: _worker(proc.pid) is not None, 30, log, proc)
        first = _worker(proc.pid)
        os.kill(first, signal.SIGKILL)
        _until(lambda: _worker(proc.pid) not in (None, first), 15, log, proc)
        second = _worker(proc.pid)
        assert not _alive(first)
        assert f"o worker (pid {first}) terminou" in log.read_text()
        assert [int(p) for p in STARTED.findall(log.read_text())] == [first, second]
        assert _answers(health)  # the web process kept serving
        time.sleep(3)
        assert _alive(second) and _answers(health) and proc.poll() is None

        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C still stops everything
        assert proc.wait(timeout=30) != 0
        _until(lambda: not _alive(second) and not _answers(health), 15, log)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
