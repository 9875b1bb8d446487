"""The Celery app, built from settings: Redis in production, a SQLite file on the embedded profile."""

from __future__ import annotations

from celery import Celery
from celery.schedules import crontab
from celery.signals import setup_logging as celery_setup_logging
from kombu import Queue
from kombu.transport import sqlalchemy as sqla_transport

import tasks.instrument  # noqa: F401 - connects the worker's tracing and metrics signals
from poc_tracker.db import private_sqlite_file
from poc_tracker.logs import setup_logging
from poc_tracker.settings import get_settings

QUEUES = ("index", "reports", "videos", "default")


# The SQLite broker is polled, once a second by default; kombu hands every transport option to
# create_engine, so the interval is set on the transport class: an edit is then searchable well within 2 s.
sqla_transport.Transport.polling_interval = 0.2


def make_celery(broker: str | None = None) -> Celery:
    """A Celery app for the configured profile (or an explicit broker)."""
    s = get_settings()
    private_sqlite_file(broker or s.celery_broker)
    app = Celery(
        "poc_tracker",
        broker=broker or s.celery_broker,
        include=[
            "tasks.events",
            "tasks.jobs",
            "tasks.mail",
            "tasks.pocs",
            "tasks.privacy",
            "tasks.reports",
            "tasks.search",
            "tasks.tenants",
            "tasks.videos",
        ],
    )
    app.conf.update(
        task_queues=[Queue(q) for q in QUEUES],
        task_default_queue="default",
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options={} if s.redis_url else {"connect_args": {"timeout": 30}},
        worker_hijack_root_logger=False,
        timezone=s.timezone,
        beat_schedule={
            "sweep-outbox": {"task": "poc_tracker.outbox.sweep", "schedule": s.outbox_sweep_seconds},
            "sweep-mail": {"task": "poc_tracker.mail.sweep", "schedule": s.outbox_sweep_seconds},
            "purge-deleted-pocs": {"task": "poc_tracker.pocs.purge_deleted", "schedule": crontab(hour=3, minute=30)},
            "erase-deleted-tenants": {"task": "poc_tracker.tenants.erase_due", "schedule": crontab(minute=17)},
            "sweep-jobs": {"task": "poc_tracker.jobs.sweep", "schedule": s.jobs_sweep_seconds},
            "erase-accounts": {"task": "poc_tracker.privacy.erase_due", "schedule": s.privacy_erasure_seconds},
            "scheduled-reports": {"task": "poc_tracker.reports.run_schedules", "schedule": s.report_schedule_seconds},
            # daily through December: idempotent, so a missed day costs nothing
            "offer-retrospectiva": {
                "task": "poc_tracker.videos.offer",
                "schedule": crontab(hour=9, minute=0, month_of_year=12),
            },
        },
    )
    return app


@celery_setup_logging.connect
def _logging(**_kwargs: object) -> None:
    s = get_settings()
    setup_logging(s.log_level, json_logs=s.log_json, service="worker")


celery = make_celery()
