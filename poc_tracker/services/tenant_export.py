"""The whole organisation's data as a ZIP (owners, LGPD art. 18, V): a job of the one job model.

The ZIP has the person export's layout (data.json with its schema.json, one CSV per section, the files,
LEIA-ME.md, SHA256SUMS.txt), with every person and every POC of the tenant in scope.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from poc_tracker.db import session_scope
from poc_tracker.errors import Conflict
from poc_tracker.models import Job, PrivacyRequest
from poc_tracker.models.base import utcnow
from poc_tracker.services import jobs
from poc_tracker.services.actor import Actor
from poc_tracker.services.job_runner import JobContext
from poc_tracker.services.privacy.requests import ACTIVE, confirm_identity, open_request
from poc_tracker.services.tenant_export_zip import write_tenant_export

KIND = "tenant_export"


def _answered(session: Session, job: Job) -> None:
    """In the job's own transaction: the owner's request in the LGPD ledger is answered."""
    req = session.exec(select(PrivacyRequest).where(PrivacyRequest.job_id == job.id)).first()
    if req is not None and req.status in ACTIVE:
        req.status, req.completed_at = "done", utcnow()
        session.add(req)


jobs.register_kind(KIND, task="poc_tracker.tenants.export", queue="reports", ttl=timedelta(days=7), on_done=_answered)


def request_tenant_export(session: Session, *, actor: Actor, password: str | None) -> Job:
    """Queue the export (owners, identity confirmed again); one at a time; a protocol in the owner's ledger."""
    actor.require("tenant:export")
    confirm_identity(session, actor, password)
    running = session.exec(
        select(Job.id).where(Job.tenant_id == actor.tenant_id, Job.kind == KIND, col(Job.status).in_(jobs.ACTIVE))
    ).first()
    if running is not None:
        raise Conflict("Uma exportação da organização já está em andamento.", code="export_running")
    job = jobs.create_job(session, actor=actor, kind=KIND, params={"locale": actor.locale})
    open_request(
        session, tenant_id=actor.tenant_id, user_id=actor.user_id, kind=KIND, status="processing", job_id=job.id
    )
    return job


def build_tenant_export(ctx: JobContext) -> None:
    """The job's work: every person and POC of the tenant in one ZIP, downloadable by its owner for 7 days."""
    locale = str(ctx.params.get("locale") or "pt_BR")
    with session_scope(tenant_id=ctx.tenant_id) as session:
        ctx.progress(5)
        path = write_tenant_export(session, ctx.tenant_id, ctx.workdir / "export.zip", locale, ctx.progress)
    ctx.add_file(path, f"organizacao-poc-tracker-{utcnow():%Y-%m-%d}.zip", "application/zip")
