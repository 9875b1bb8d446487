"""LGPD work: a person's export ZIP (a job) and, on beat, the account erasures whose grace has ended."""

from __future__ import annotations

import logging
import uuid

from poc_tracker.db import session_scope, system_session
from poc_tracker.services.job_runner import run_job
from poc_tracker.services.privacy import deletion
from poc_tracker.services.privacy.export_job import build_person_export
from tasks.celery_app import celery

log = logging.getLogger(__name__)


@celery.task(name="poc_tracker.privacy.export", acks_late=True)
def export(job_id: str, tenant_id: str) -> str:
    """Build one export (a second delivery finds the job taken and does nothing)."""
    return run_job(uuid.UUID(job_id), uuid.UUID(tenant_id), build_person_export)


@celery.task(name="poc_tracker.privacy.erase_due", acks_late=True)
def erase_due() -> int:
    """Erase every account whose 30-day grace has ended (each in its own transaction; safe to run twice)."""
    with system_session(reason="privacy: due erasures of every tenant") as session:
        due = deletion.due_requests(session)
    done = 0
    for request_id, tenant_id in due:
        with session_scope(tenant_id=tenant_id) as session:
            done += deletion.complete_deletion(session, request_id=request_id)
    if done:
        log.info("accounts erased", extra={"event": "privacy_erased", "details": {"count": done}})
    return done
