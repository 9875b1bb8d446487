"""Housekeeping of the job model: beat re-sends lost jobs, takes back dead ones, deletes expired files."""

from __future__ import annotations

import logging

from poc_tracker.db import system_session
from poc_tracker.services import jobs
from tasks.celery_app import celery

log = logging.getLogger(__name__)


@celery.task(name="poc_tracker.jobs.sweep", acks_late=True)
def sweep() -> dict[str, int]:
    """One pass over every tenant's jobs (safe to run twice: each step looks at the rows as they are)."""
    with system_session(reason="jobs: the sweep looks at every tenant's jobs") as session:
        counts = jobs.sweep(session)
    if any(counts.values()):
        log.info("jobs swept", extra={"event": "jobs_swept", "details": counts})
    return counts
