"""Start/stop the embedded single-node OpenSearch (infra/opensearch/run.sh) from Python.

Stdlib only, so tests and scripts can use it before any dependency is installed::

    from infra.opensearch.launcher import start_node, stop_node   # or load by path
    proc = start_node(9250, tmp_path / "os")
    try:
        ...  # http://127.0.0.1:9250
    finally:
        stop_node(proc)

The node runs in its own process group, logs to ``<data_dir>/node.log`` and exits by
itself if the Python process that started it dies (its stdin pipe closes).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUN_SH = HERE / "run.sh"
READY_STATUSES = ("green", "yellow")
BUILD_TIMEOUT = float(os.environ.get("OPENSEARCH_BUILD_TIMEOUT", "1200"))


class OpenSearchStartError(RuntimeError):
    """The node could not be built or did not become healthy in time."""


def _tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def build(timeout: float = BUILD_TIMEOUT) -> None:
    """Build the node (mvn) unless target/ is up to date. Raises OpenSearchStartError."""
    try:
        res = subprocess.run(
            ["bash", str(RUN_SH), "--build-only"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise OpenSearchStartError(f"OpenSearch build timed out after {timeout:.0f}s") from exc
    if res.returncode != 0:
        raise OpenSearchStartError(
            f"OpenSearch build failed (exit {res.returncode}):\n{res.stdout[-3000:]}{res.stderr[-3000:]}"
        )


def cluster_health(port: int, timeout: float = 2.0) -> str | None:
    """Return the cluster status ('green'/'yellow'/'red') or None if not answering."""
    url = f"http://127.0.0.1:{port}/_cluster/health"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return json.load(resp).get("status")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def start_node(port: int, data_dir: Path, timeout: float = 180) -> subprocess.Popen:
    """Build if needed, start the node on 127.0.0.1:``port`` with data under ``data_dir``.

    Returns once ``GET /_cluster/health`` answers green or yellow; ``timeout`` covers the
    start-up only (a cold Maven build has its own, longer BUILD_TIMEOUT). On failure the
    process is stopped and OpenSearchStartError carries the tail of the node's log.
    """
    if cluster_health(port) is not None:
        raise OpenSearchStartError(f"something already answers on 127.0.0.1:{port}")
    build()
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "node.log"
    env = dict(os.environ, POC_OS_EXIT_ON_STDIN_EOF="1")
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            ["bash", str(RUN_SH), str(port), str(data_dir)],
            stdin=subprocess.PIPE,  # held open by us; EOF (our death) stops the node
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # own process group: stop_node kills the whole group
        )
    proc.log_path = log_path  # type: ignore[attr-defined]
    proc.port = port  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise OpenSearchStartError(
                f"OpenSearch exited with code {proc.returncode} before becoming healthy; "
                f"log {log_path}:\n{_tail(log_path)}"
            )
        if cluster_health(port) in READY_STATUSES:
            return proc
        time.sleep(0.5)
    stop_node(proc)
    raise OpenSearchStartError(
        f"OpenSearch not healthy on port {port} after {timeout:.0f}s; log {log_path}:\n{_tail(log_path)}"
    )


def stop_node(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Stop the node's process group: SIGTERM (clean close), then SIGKILL after ``timeout``."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()


if __name__ == "__main__":  # python infra/opensearch/launcher.py [PORT] [DATA_DIR]
    import sys
    import tempfile

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9200
    data = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="opensearch-"))
    t0 = time.monotonic()
    p = start_node(port, data)
    print(f"OpenSearch healthy on http://127.0.0.1:{port} (pid {p.pid}) in {time.monotonic() - t0:.1f}s; Ctrl-C stops")
    try:
        p.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_node(p)
