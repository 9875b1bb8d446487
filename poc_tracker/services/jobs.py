"""Jobs: the one model of long work (reports, videos, privacy exports) for the API, the UI and the workers.

A feature registers its kind once (``register_kind``: which Celery task, in which queue, how long files
live). ``create_job`` writes the row and enqueues the task after the commit; the task calls ``run_job``,
which claims the row (so a message delivered twice does the work once), reports progress, stores the
result files in the FileStore and marks the job done, or failed with a message the owner can read in
their own language. ``sweep`` (Celery beat) re-sends jobs whose message was lost, takes back jobs whose
worker died, and deletes expired jobs with their files.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, func, select

from poc_tracker.errors import Conflict, NotFound
from poc_tracker.i18n import N_, gettext
from poc_tracker.models import Job
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.broker import send_task
from poc_tracker.settings import get_settings
from poc_tracker.storage import get_file_store
from poc_tracker.unit_of_work import on_commit

log = logging.getLogger(__name__)
DEFAULT_TTL = timedelta(days=7)
RESEND_AFTER = timedelta(minutes=2)  # a queued job no worker took this long lost its message


def stale_after() -> timedelta:
    """A running job with no sign of life this long lost its worker (killed, machine gone): another run takes it."""
    return timedelta(seconds=get_settings().jobs_stale_seconds)


ACTIVE = ("queued", "running")
GENERIC_FAILURE = N_("Não foi possível concluir o trabalho. Tente de novo.")


@dataclass(frozen=True)
class JobKind:
    """How one kind of job runs: the Celery task (by name), its queue, and how long its files live."""

    kind: str
    task: str
    queue: str
    ttl: timedelta = DEFAULT_TTL
    on_done: Callable[[Session, Job], None] | None = None  # in the transaction that marks the job done


KINDS: dict[str, JobKind] = {}


def register_kind(
    kind: str,
    *,
    task: str,
    queue: str,
    ttl: timedelta = DEFAULT_TTL,
    on_done: Callable[[Session, Job], None] | None = None,
) -> JobKind:
    """Declare a kind of job (at import time of the feature's service).

    ``on_done`` runs in the same transaction that records the job as done (its files are stored by then):
    what follows a finished job (an e-mail, a notice) commits with it or not at all.
    """
    KINDS[kind] = JobKind(kind, task, queue, ttl, on_done)
    return KINDS[kind]


def kind_of(kind: str) -> JobKind:
    """A registered kind, or an error that names the programming mistake."""
    if kind not in KINDS:
        raise KeyError(f"job kind {kind!r} is not registered (services/jobs.register_kind)")
    return KINDS[kind]


def enqueue(job_id: uuid.UUID, tenant_id: uuid.UUID, kind: str) -> None:
    """Send the job's task to its queue (ids only); a lost message is re-sent by the sweep."""
    spec = kind_of(kind)
    send_task(spec.task, queue=spec.queue, job_id=str(job_id), tenant_id=str(tenant_id))


def create_job(session: Session, *, actor: Actor, kind: str, params: dict[str, Any]) -> Job:
    """A queued job owned by the actor; its task is sent once the caller's transaction commits."""
    spec = kind_of(kind)
    now = utcnow()
    job = Job(
        tenant_id=actor.tenant_id,
        owner_id=actor.user_id,
        kind=kind,
        params=params,
        created_at=now,
        updated_at=now,
        expires_at=now + spec.ttl,
    )
    session.add(job)
    session.flush()
    on_commit(session, partial(enqueue, job.id, job.tenant_id, kind))
    return job


def access_job_by_id(session: Session, actor: Actor, job_id: uuid.UUID, *, kind: str | None = None) -> Job:
    """One of the actor's own jobs; another person's, another tenant's and a missing one look the same."""
    query = select(Job).where(Job.id == job_id, Job.tenant_id == actor.tenant_id, Job.owner_id == actor.user_id)
    job = session.exec(query if kind is None else query.where(Job.kind == kind)).first()
    if job is None:
        raise NotFound("Trabalho não encontrado.", code="job_not_found")
    return job


def list_jobs(
    session: Session, *, actor: Actor, kind: str | None = None, limit: int = 20, offset: int = 0
) -> tuple[list[Job], int]:
    """The actor's jobs, newest first, and how many there are."""
    where = [Job.tenant_id == actor.tenant_id, Job.owner_id == actor.user_id]
    if kind is not None:
        where.append(Job.kind == kind)
    total = int(session.exec(select(func.count()).select_from(Job).where(*where)).one())
    rows = session.exec(
        select(Job).where(*where).order_by(col(Job.created_at).desc(), col(Job.id)).offset(offset).limit(limit)
    ).all()
    return list(rows), total


def retry_job(session: Session, *, actor: Actor, job_id: uuid.UUID, kind: str | None = None) -> Job:
    """Queue a failed job again (its owner only); its task is sent after the commit."""
    job = access_job_by_id(session, actor, job_id, kind=kind)
    if job.status != "failed":
        raise Conflict("Só um trabalho que falhou pode ser tentado de novo.", code="job_not_failed")
    now = utcnow()
    job.status, job.progress, job.files, job.updated_at = "queued", 0, [], now
    job.error_code, job.error, job.error_params = None, None, {}
    job.started_at, job.finished_at, job.expires_at = None, None, now + kind_of(job.kind).ttl
    session.add(job)
    on_commit(session, partial(enqueue, job.id, job.tenant_id, job.kind))
    return job


@dataclass(frozen=True)
class JobFile:
    """A result file of a done job, ready to be served."""

    key: str
    name: str
    content_type: str
    size: int


def result_file(session: Session, *, actor: Actor, job_id: uuid.UUID, kind: str | None = None) -> JobFile:
    """The main file of one of the actor's done jobs (Conflict while it is not ready)."""
    job = access_job_by_id(session, actor, job_id, kind=kind)
    if job.status != "done" or not job.files:
        raise Conflict("O arquivo ainda não está pronto.", code="job_not_done")
    main = job.files[0]
    if not get_file_store().exists(main["key"]):
        raise NotFound("O arquivo expirou ou não existe mais.", code="job_file_gone")
    return JobFile(main["key"], main["name"], main["contentType"], int(main["size"]))


def error_text(job: Job, locale: str) -> str | None:
    """Why the job failed, in the reader's language."""
    return gettext(job.error, locale, **job.error_params) if job.error else None


def sweep(session: Session, *, now: datetime | None = None, batch: int = 200) -> dict[str, int]:
    """Re-send lost jobs, take back those whose worker died, delete the expired ones and their files."""
    now = now or utcnow()
    lost = session.exec(
        select(Job.id, Job.tenant_id, Job.kind)
        .where(
            ((Job.status == "queued") & (col(Job.updated_at) < now - RESEND_AFTER))
            | ((Job.status == "running") & (col(Job.updated_at) < now - stale_after()))
        )
        .limit(batch)
    ).all()
    for job_id, tenant_id, kind in lost:
        if kind in KINDS:
            on_commit(session, partial(enqueue, job_id, tenant_id, kind))
    expired = session.exec(select(Job).where(col(Job.expires_at) <= now).limit(batch)).all()
    store = get_file_store()
    for job in expired:
        for f in job.files:
            store.delete(f["key"])
    if expired:
        session.exec(delete(Job).where(col(Job.id).in_([j.id for j in expired])))
    return {"resent": len(lost), "expired": len(expired)}


def touch_claim(session: Session, job_id: uuid.UUID, now: datetime) -> int:
    """Take a job for this run: queued, or running without a sign of life (its worker died); 0 when taken."""
    result = session.exec(
        update(Job)
        .where(
            col(Job.id) == job_id,
            (col(Job.status) == "queued")
            | ((col(Job.status) == "running") & (col(Job.updated_at) < now - stale_after())),
        )
        .values(status="running", attempts=Job.attempts + 1, progress=0, started_at=now, updated_at=now)
    )
    return int(result.rowcount or 0)
