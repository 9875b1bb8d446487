"""Celery's side of operations: per-process tracing, task metrics, the task id as log trace id, a worker /metrics."""

from __future__ import annotations

import os
import time

from celery import Task
from celery.signals import (
    task_failure,
    task_postrun,
    task_prerun,
    task_retry,
    worker_init,
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
    worker_shutdown,
)

from poc_tracker import metrics
from poc_tracker.logs import bind_context, clear_context
from poc_tracker.settings import get_settings
from poc_tracker.tracing import setup_tracing, shutdown_tracing

_started: dict[str, float] = {}
_failed: set[str] = set()


def _prefork(worker: object) -> bool:
    pool = getattr(worker, "pool_cls", "")
    return "prefork" in f"{getattr(pool, '__module__', '')}.{getattr(pool, '__name__', pool)}"


@worker_init.connect
def _main_process(sender: object = None, **_: object) -> None:
    """Solo and thread pools run tasks in the main process: trace there; prefork children trace on their own."""
    if not _prefork(sender):
        setup_tracing("worker")


@worker_process_init.connect
def _child_process(**_: object) -> None:
    """Each prefork child (also one recycled after max_tasks_per_child) builds its own provider after the fork."""
    setup_tracing("worker")


@worker_process_shutdown.connect
def _child_exit(pid: int | None = None, **_: object) -> None:
    """Flush the child's spans (it leaves with os._exit) and retire its live gauges."""
    shutdown_tracing()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())


@worker_shutdown.connect
def _main_exit(**_: object) -> None:
    shutdown_tracing()


@worker_ready.connect
def _serve_metrics(**_: object) -> None:
    """A worker host's own /metrics (every child's files) when POC_TRACKER_WORKER_METRICS_PORT is set."""
    port = get_settings().worker_metrics_port
    if port:
        from prometheus_client import start_http_server

        from poc_tracker.metrics_export import multiprocess_registry

        start_http_server(port, registry=multiprocess_registry())


@task_prerun.connect
def _before(task_id: str = "", task: Task | None = None, kwargs: dict | None = None, **_: object) -> None:
    clear_context()
    bind_context(request_id=task_id, service="worker")
    tenant = (kwargs or {}).get("tenant_id")
    if tenant:
        bind_context(tenant_id=str(tenant))
    _started[task_id] = time.perf_counter()


@task_failure.connect
def _failure(task_id: str = "", **_: object) -> None:
    _failed.add(task_id)


@task_retry.connect
def _retry(request: object = None, sender: Task | None = None, **_: object) -> None:
    metrics.TASKS.labels(getattr(sender, "name", "unknown"), "retried").inc()


@task_postrun.connect
def _after(task_id: str = "", task: Task | None = None, state: str | None = None, **_: object) -> None:
    name = getattr(task, "name", "unknown")
    started = _started.pop(task_id, None)
    if started is not None:
        metrics.TASK_SECONDS.labels(name).observe(time.perf_counter() - started)
    if state == "RETRY":
        return  # counted by task_retry
    outcome = "failed" if task_id in _failed or state == "FAILURE" else "succeeded"
    _failed.discard(task_id)
    metrics.TASKS.labels(name, outcome).inc()
