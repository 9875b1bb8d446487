"""The worker's side of a job: claim it once, report progress, store its files, finish or fail it."""

from __future__ import annotations

import logging
import re
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.metrics import observe_job
from poc_tracker.models import Job
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.jobs import GENERIC_FAILURE, kind_of, touch_claim
from poc_tracker.services.users import actor_for
from poc_tracker.storage import get_file_store
from poc_tracker.telemetry import span

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class JobContext:
    """What the work of a job gets: its params, its owner, a scratch folder, progress and file output."""

    job_id: uuid.UUID
    tenant_id: uuid.UUID
    attempt: int
    kind: str
    params: dict[str, Any]
    actor: Actor | None
    workdir: Path
    files: list[dict[str, Any]] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    _shown: int = 0
    _shown_at: float = 0.0

    def progress(self, percent: float) -> None:
        """Record how far the work is (0–100); written at most twice a second, and never backwards."""
        value = max(0, min(99, int(percent)))  # 100 means done, and only ``finish`` says that
        now = time.monotonic()
        if value <= self._shown or (now - self._shown_at < 0.5 and value - self._shown < 10):
            return
        self._shown, self._shown_at = value, now
        with session_scope(tenant_id=self.tenant_id) as session:
            session.exec(
                update(Job)
                .where(col(Job.id) == self.job_id, col(Job.attempts) == self.attempt, col(Job.status) == "running")
                .values(progress=value, updated_at=utcnow())
            )

    def add_file(self, path: Path, name: str, content_type: str) -> None:
        """Keep a file the work wrote (the first one is the job's main result): stored when the work ends."""
        safe = _UNSAFE.sub("-", name).strip("-.") or "file"
        key = f"tenants/{self.tenant_id}/jobs/{self.job_id}/{len(self.files) + 1}-{safe}"
        self.files.append({"key": key, "name": name, "contentType": content_type, "size": path.stat().st_size})
        self.paths.append(path)

    def store_files(self) -> None:
        """Put every kept file in the FileStore (same keys on a second run: nothing left over)."""
        store = get_file_store()
        for meta, path in zip(self.files, self.paths, strict=True):
            store.put_file(meta["key"], path)


Work = Callable[[JobContext], None]


def _claim(job_id: uuid.UUID, tenant_id: uuid.UUID) -> JobContext | None:
    """Take the job for this run, or None when another run has it or it is finished."""
    now = utcnow()
    with session_scope(tenant_id=tenant_id) as session:
        if not touch_claim(session, job_id, now):
            return None
        job = session.exec(select(Job).where(Job.id == job_id, Job.tenant_id == tenant_id)).one()
        ctx = JobContext(job.id, tenant_id, job.attempts, job.kind, dict(job.params), None, Path())
    try:
        with session_scope(tenant_id=tenant_id) as session:
            ctx.actor = actor_for(session, user_id=job.owner_id, tenant_id=tenant_id)
    except DomainError:
        pass  # the owner was deactivated since: ``run_job`` fails the job, which nobody can then read
    return ctx


def _end(ctx: JobContext, **values: Any) -> bool:
    """Write the outcome, if this run still owns the job (a run taken over as stale writes nothing)."""
    now = utcnow()
    spec = kind_of(ctx.kind)
    with session_scope(tenant_id=ctx.tenant_id) as session:
        result = session.exec(
            update(Job)
            .where(col(Job.id) == ctx.job_id, col(Job.attempts) == ctx.attempt, col(Job.status) == "running")
            .values(updated_at=now, finished_at=now, expires_at=now + spec.ttl, **values)
        )
        if not result.rowcount:
            return False
        if values.get("status") == "done" and spec.on_done is not None:
            spec.on_done(session, session.exec(select(Job).where(Job.id == ctx.job_id)).one())
        return True


def _fail(ctx: JobContext, exc: BaseException) -> None:
    if isinstance(exc, DomainError):
        code, message, params = exc.code, exc.message, {k: str(v) for k, v in exc.params.items()}
    else:
        log.exception("job failed", extra={"event": "job_failed", "details": {"job": str(ctx.job_id)}})
        code, message, params = "job_failed", GENERIC_FAILURE, {}
    _end(ctx, status="failed", error_code=code, error=message, error_params=params, files=[])


def run_job(job_id: uuid.UUID, tenant_id: uuid.UUID, work: Work) -> str:
    """Run ``work`` for a job once: "done", "failed", or "skipped" when it was not this run's to do."""
    ctx = _claim(job_id, tenant_id)
    if ctx is None:
        return "skipped"
    started = time.perf_counter()
    with span("job.run", job__kind=ctx.kind, job__id=str(job_id), job__attempt=ctx.attempt, tenant_id=tenant_id) as s:
        outcome = _work(ctx, work)
        s.set_attribute("job.outcome", outcome)
    observe_job(ctx.kind, outcome, time.perf_counter() - started)
    return outcome


def _work(ctx: JobContext, work: Work) -> str:
    """Do a claimed job's work in a scratch folder, then finish or fail it."""
    if ctx.actor is None:
        _end(ctx, status="failed", error_code="owner_inactive", error=GENERIC_FAILURE, error_params={}, files=[])
        return "failed"
    with tempfile.TemporaryDirectory(prefix=f"job-{ctx.job_id}-") as tmp:
        ctx.workdir = Path(tmp)
        try:
            work(ctx)
            ctx.store_files()
        except Exception as exc:  # every failure becomes the job's error; the worker lives on
            _fail(ctx, exc)
            return "failed"
    if not _end(ctx, status="done", progress=100, files=ctx.files, params=ctx.params):
        return "skipped"
    return "done"
