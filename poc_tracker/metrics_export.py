"""The /metrics text: every process's metrics (multiprocess mode) plus gauges read at scrape time.

Read at scrape time: the Celery queue depths (from the broker), the tenants active in the last 24 hours (from
the audit log, cached a minute) and the free share of the data volume.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector
from sqlalchemy import make_url

from poc_tracker.settings import get_settings

log = logging.getLogger(__name__)
QUEUES = ("index", "reports", "videos", "default")
REDIS_PRIORITY_SEP = "\x06\x16"  # kombu's Redis transport keeps priorities 3, 6, 9 in lists named queue␆␖N
ACTIVE_TENANTS_TTL = 60.0


def queue_lengths() -> dict[str, int]:
    """Messages waiting in each Celery queue of the configured broker."""
    url = get_settings().celery_broker
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_timeout=1)
        try:
            return {
                q: sum(client.llen(k) for k in (q, *(f"{q}{REDIS_PRIORITY_SEP}{p}" for p in (3, 6, 9)))) for q in QUEUES
            }
        finally:
            client.close()
    if url.startswith("sqla+sqlite"):
        return _sqlite_queue_lengths(make_url(url.removeprefix("sqla+")).database or "")
    return {}


def _sqlite_queue_lengths(path: str) -> dict[str, int]:
    """Visible messages per queue in the embedded profile's broker file (kombu's SQLAlchemy tables)."""
    if not path or not os.path.exists(path):
        return dict.fromkeys(QUEUES, 0)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
        try:
            rows = conn.execute(
                "SELECT q.name, count(m.id) FROM kombu_queue q "
                "LEFT JOIN kombu_message m ON m.queue_id = q.id AND m.visible GROUP BY q.name"
            ).fetchall()
        except sqlite3.OperationalError:  # no message sent yet: the tables do not exist
            rows = []
    return {**dict.fromkeys(QUEUES, 0), **{name: count for name, count in rows if name in QUEUES}}


@lru_cache(maxsize=1)
def _active_tenants_at(bucket: int) -> int:
    """Tenants with a recorded write in the 24 hours before now; cached per ``bucket`` (a minute)."""
    from sqlalchemy import distinct, func
    from sqlmodel import select

    from poc_tracker.db import new_system_session
    from poc_tracker.models import AuditLog

    since = datetime.now(UTC) - timedelta(days=1)
    with new_system_session(reason="metrics: counts across tenants") as session:
        return int(
            session.exec(select(func.count(distinct(AuditLog.tenant_id))).where(AuditLog.created_at >= since)).one()
        )


def active_tenants() -> int:
    """Tenants active in the last 24 hours."""
    return _active_tenants_at(int(time.time() // ACTIVE_TENANTS_TTL))


def disk_free_ratio() -> float:
    """Free share (0–1) of the volume that holds the data folder."""
    usage = shutil.disk_usage(get_settings().data_dir)
    return usage.free / usage.total if usage.total else 0.0


class ScrapeTimeCollector(Collector):
    """Gauges computed when Prometheus scrapes; one failing source leaves the others out of harm's way."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        queue = GaugeMetricFamily("poc_tracker_celery_queue_length", "Messages waiting in a queue", labels=["queue"])
        for name, length in _safe(queue_lengths, {}).items():
            queue.add_metric([name], length)
        yield queue
        tenants = _safe(active_tenants, None)
        if tenants is not None:
            yield GaugeMetricFamily("poc_tracker_active_tenants", "Tenants active in the last 24 h", value=tenants)
        free = _safe(disk_free_ratio, None)
        if free is not None:
            disk = GaugeMetricFamily("poc_tracker_disk_free_ratio", "Free share of the data volume", labels=["volume"])
            disk.add_metric(["data"], free)
            yield disk


def _safe(read, default):  # noqa: ANN001, ANN202 - any reader, its own default
    try:
        return read()
    except Exception:  # a scrape must answer even when the broker or the database is away
        log.warning("metrics source failed", exc_info=True, extra={"event": "metrics_source_failed"})
        return default


@lru_cache(maxsize=1)
def _default_registry() -> CollectorRegistry:
    REGISTRY.register(ScrapeTimeCollector())
    return REGISTRY


def latest() -> bytes:
    """The Prometheus text of every process of this host (multiprocess mode) or of this one."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(ScrapeTimeCollector())
        return generate_latest(registry)
    return generate_latest(_default_registry())


def multiprocess_registry() -> CollectorRegistry:
    """A registry of every process's files, without scrape-time gauges (a worker's own /metrics)."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
        return registry
    return REGISTRY
