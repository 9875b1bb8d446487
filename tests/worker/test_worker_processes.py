"""A prefork worker whose children are recycled after every task: each child traces on its own (after the fork,
flushed before it exits) and the worker's /metrics adds up every child's counts (multiprocess mode)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import PG_URL
from tests.live_server import ROOT, free_port
from tests.otlp_receiver import otlp_receiver

pytestmark = [  # a prefork pool with recycled children: the production shape (Redis broker)
    pytest.mark.worker,
    pytest.mark.skipif(not PG_URL, reason="the prefork worker test runs on the production profile"),
    pytest.mark.parametrize("profile", ["production"], indirect=True),
]

TASK = "poc_tracker.outbox.deliver"


def _scrape(url: str) -> float:
    text = httpx.get(url, timeout=5).text
    return sum(
        s.value
        for f in text_string_to_metric_families(text)
        for s in f.samples
        if s.name == "poc_tracker_celery_tasks_total" and s.labels == {"task": TASK, "outcome": "succeeded"}
    )


def test_recycled_children_trace_and_count_into_one_worker(profile, tmp_path):
    from poc_tracker.services.broker import send_task

    port = free_port()
    (tmp_path / "prom").mkdir()
    with otlp_receiver() as receiver:
        env = {
            **os.environ,
            **profile.env,
            "PYTHONPATH": str(ROOT),
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url,
            "POC_TRACKER_TRACE_SAMPLE_RATIO": "1",
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
            "POC_TRACKER_WORKER_METRICS_PORT": str(port),
        }
        args = ["-m", "celery", "-A", "tasks.celery_app:celery", "worker", "-Q", "reports", "--pool", "prefork"]
        args += ["--concurrency", "1", "--max-tasks-per-child", "1", "--without-gossip", "--without-mingle"]
        worker = subprocess.Popen(
            [sys.executable, *args, "--loglevel", "WARNING"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / "worker.log").open("w"),
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    _scrape(f"http://127.0.0.1:{port}/metrics")
                    break
                except httpx.HTTPError:
                    time.sleep(0.3)
            for _ in range(3):
                send_task(TASK, queue="reports", consumer="audit")
            runs = receiver.wait_for(lambda ss: len([s for s in ss if s["name"] == f"run/{TASK}"]) >= 3, timeout=60)
            runs = [s for s in runs if s["name"] == f"run/{TASK}"]
            assert len(runs) == 3, (tmp_path / "worker.log").read_text()[-2000:]
            pids = {s["resource"]["process.pid"] for s in runs}
            assert len(pids) == 3 and worker.pid not in pids  # one child per task, none the main process
            deadline = time.monotonic() + 30
            while _scrape(f"http://127.0.0.1:{port}/metrics") < 3 and time.monotonic() < deadline:
                time.sleep(0.3)
            assert _scrape(f"http://127.0.0.1:{port}/metrics") == 3
        finally:
            worker.terminate()
            worker.wait(timeout=30)
