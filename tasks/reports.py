"""Report rendering in the ``reports`` queue: a job's task, idempotent through the job model's claim."""

from __future__ import annotations

import uuid

from poc_tracker.db import system_session
from poc_tracker.services import report_schedules, reports
from poc_tracker.services.job_runner import run_job
from tasks.celery_app import celery


@celery.task(name="poc_tracker.reports.render", acks_late=True)
def render(job_id: str, tenant_id: str) -> str:
    """Render one report job (a second delivery of the same message finds it taken and does nothing)."""
    return run_job(uuid.UUID(job_id), uuid.UUID(tenant_id), reports.render)


@celery.task(name="poc_tracker.reports.run_schedules", acks_late=True)
def run_schedules() -> int:
    """Queue the scheduled reports whose time has come (beat; two runs never queue one twice)."""
    with system_session(reason="report schedules") as session:
        return report_schedules.run_due(session)
