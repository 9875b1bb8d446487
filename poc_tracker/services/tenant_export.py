"""The whole organisation's data as a ZIP (owners, LGPD art. 18, V): a job of the one job model.

The ZIP has the person export's layout (data.json with its schema.json, one CSV per section, the files,
LEIA-ME.md, SHA256SUMS.txt), with every person and every POC of the tenant in scope.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from poc_tracker.auth.passwords import verify_password
from poc_tracker.db import session_scope
from poc_tracker.errors import Conflict, Invalid
from poc_tracker.models import Job, User
from poc_tracker.models.base import utcnow
from poc_tracker.services import jobs
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.job_runner import JobContext
from poc_tracker.services.tenant_export_zip import write_tenant_export

KIND = "tenant_export"
jobs.register_kind(KIND, task="poc_tracker.tenants.export", queue="reports", ttl=timedelta(days=7))


def request_tenant_export(session: Session, *, actor: Actor, password: str) -> Job:
    """Queue the export (owners, with their password again); one at a time per organisation."""
    actor.require("tenant:export")
    user = session.exec(select(User).where(User.id == actor.user_id, User.tenant_id == actor.tenant_id)).one()
    if not user.password_hash or not verify_password(user.password_hash, password or ""):
        raise Invalid("Senha incorreta.", code="wrong_password", details={"field": "password"})
    running = session.exec(
        select(Job.id).where(Job.tenant_id == actor.tenant_id, Job.kind == KIND, col(Job.status).in_(jobs.ACTIVE))
    ).first()
    if running is not None:
        raise Conflict("Uma exportação da organização já está em andamento.", code="export_running")
    job = jobs.create_job(session, actor=actor, kind=KIND, params={"locale": actor.locale})
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="tenant.export_requested",
        target_type="tenant",
        target_id=actor.tenant_id,
        job=str(job.id),
    )
    return job


def build_tenant_export(ctx: JobContext) -> None:
    """The job's work: every person and POC of the tenant in one ZIP, downloadable by its owner for 7 days."""
    locale = str(ctx.params.get("locale") or "pt_BR")
    with session_scope(tenant_id=ctx.tenant_id) as session:
        ctx.progress(5)
        path = write_tenant_export(session, ctx.tenant_id, ctx.workdir / "export.zip", locale, ctx.progress)
    ctx.add_file(path, f"organizacao-poc-tracker-{utcnow():%Y-%m-%d}.zip", "application/zip")
