"""Retrospectiva tasks: render a video (queue "videos") and December's offer (beat)."""

from __future__ import annotations

import logging
import uuid

from poc_tracker.db import system_session
from poc_tracker.models.base import utcnow
from poc_tracker.services import video_shares
from poc_tracker.services.job_runner import run_job
from poc_tracker.services.videos import TASK, render_work
from tasks.celery_app import celery

log = logging.getLogger(__name__)


@celery.task(name=TASK, acks_late=True)
def render(job_id: str, tenant_id: str) -> str:
    """Render a requested video once (a second delivery is skipped by the job model)."""
    return run_job(uuid.UUID(job_id), uuid.UUID(tenant_id), render_work)


@celery.task(name="poc_tracker.videos.offer", acks_late=True)
def offer() -> int:
    """In December, offer every active person their Retrospectiva; generation waits for them to ask."""
    now = utcnow()
    if now.month != 12:
        return 0
    with system_session(reason="videos: the December offer to every tenant") as session:
        count = video_shares.offer_year(session, year=now.year)
    if count:
        log.info("retrospectiva offered", extra={"event": "video_offered", "details": {"count": count}})
    return count
