"""The export job's work: build a person's ZIP in the job's scratch folder."""

from __future__ import annotations

from poc_tracker.db import session_scope
from poc_tracker.models.base import utcnow
from poc_tracker.services.job_runner import JobContext
from poc_tracker.services.privacy.export import person_scope, write_export


def build_person_export(ctx: JobContext) -> None:
    """The owner's data, as a ZIP: the job's one file, downloadable by them alone for 7 days."""
    assert ctx.actor is not None  # run_job fails a job whose owner is gone before calling this
    with session_scope(tenant_id=ctx.tenant_id) as session:
        scope = person_scope(session, tenant_id=ctx.tenant_id, user_id=ctx.actor.user_id)
        ctx.progress(5)
        path = write_export(session, scope, ctx.workdir / "export.zip", locale=ctx.actor.locale, progress=ctx.progress)
    ctx.add_file(path, f"meus-dados-poc-tracker-{utcnow():%Y-%m-%d}.zip", "application/zip")
