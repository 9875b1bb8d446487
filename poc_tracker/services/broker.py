"""The message broker (Redis, or the SQLite file of the embedded profile): reach it, send tasks by name."""

from __future__ import annotations

from functools import lru_cache

from celery import Celery
from kombu import Connection
from opentelemetry import trace
from opentelemetry.propagate import inject

from poc_tracker.db import private_sqlite_file
from poc_tracker.settings import get_settings


def broker_reachable(timeout: float = 2.0) -> bool:
    """Whether a connection to the Celery broker opens."""
    url = get_settings().celery_broker
    private_sqlite_file(url)
    try:
        with Connection(url, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:  # any failure means unreachable
        return False


_tracer = trace.get_tracer("poc_tracker.broker")
QUICK = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}


@lru_cache
def _client(url: str) -> Celery:
    """A Celery client that only sends (the worker's app lives in tasks/celery_app.py)."""
    private_sqlite_file(url)
    # The SQLite transport hands every option to create_engine: connection retries only for a server.
    options = QUICK if url.startswith(("redis", "rediss")) else {"connect_args": {"timeout": 30}}
    return Celery(
        "poc_tracker",
        broker=url,
        set_as_current=False,
        config_source={
            "broker_transport_options": options,
            "task_publish_retry_policy": QUICK,
            "task_ignore_result": True,
        },
    )


def send_task(task_name: str, *, queue: str = "default", **kwargs: object) -> None:
    """Enqueue a task by name (ids as keyword arguments) on the broker of the settings in force now.

    Gives up fast (two quick tries): a write's response must not wait on a broker that is away, and what
    is sent here (the outbox's nudges) is repaired by the sweep when lost.
    """
    with _tracer.start_as_current_span(
        f"{task_name} publish",
        kind=trace.SpanKind.PRODUCER,
        attributes={"messaging.system": "celery", "messaging.destination.name": queue, "celery.task_name": task_name},
    ):
        headers: dict[str, str] = {}
        inject(headers)  # the worker's task span continues this trace (W3C traceparent in the message headers)
        _client(get_settings().celery_broker).send_task(task_name, kwargs=kwargs, queue=queue, headers=headers)
