"""The UI side of the job model: rows for the progress component, live polling, retry and download.

A feature's state mixes in ``JobsMixin``, sets ``_job_kind`` and describes its rows (``_job_title``);
the video and privacy pages reuse it as the reports page does.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from typing import ClassVar

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, format_dt, format_size, gettext
from poc_tracker.models import Job
from poc_tracker.services import jobs
from poc_tracker.storage import get_file_store
from state.i18n import I18nState
from state.session import SessionState

STATUS_LABELS = {
    "queued": N_("Na fila"),
    "running": N_("Gerando"),
    "done": N_("Pronto"),
    "failed": N_("Falhou"),
}
POLL_SECONDS = 1.0


@dataclasses.dataclass
class JobRow:
    """A job as the progress component shows it (every text already in the reader's language)."""

    id: str = ""
    title: str = ""
    status: str = ""
    status_label: str = ""
    progress: int = 0
    error: str = ""
    file_name: str = ""
    file_size: str = ""
    has_file: bool = False
    created: str = ""


def job_row(job: Job, *, title: str, locale: str) -> JobRow:
    """Plain, translated values of one job."""
    main = job.files[0] if job.status == "done" and job.files else None
    return JobRow(
        id=str(job.id),
        title=title,
        status=job.status,
        status_label=gettext(STATUS_LABELS[job.status], locale),
        progress=job.progress,
        error=jobs.error_text(job, locale) or "",
        file_name=main["name"] if main else "",
        file_size=format_size(int(main["size"]), locale) if main else "",
        has_file=main is not None,
        created=format_dt(job.created_at, locale),
    )


def parse_id(value: str) -> uuid.UUID:
    """A job id from the page (untrusted): a malformed one names no job, so it is simply not found."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return uuid.UUID(int=0)


class JobsMixin(rx.State, mixin=True):
    """The actor's jobs of one kind, refreshed every second while one is queued or running."""

    jobs: list[JobRow] = []
    jobs_error: str = ""
    watching: bool = False
    _job_kind: ClassVar[str] = ""

    def _job_title(self, job: Job, locale: str) -> str:
        """How a feature names one of its jobs (what was asked)."""
        return job.kind

    async def _reload_jobs(self) -> bool:
        """Read the rows again; whether one is still queued or running."""
        locale = (await self.get_state(I18nState)).locale
        actor = (await self.get_state(SessionState)).actor()
        with session_scope(tenant_id=actor.tenant_id) as session:
            found, _ = jobs.list_jobs(session, actor=actor, kind=self._job_kind, limit=10)
        self.jobs = [job_row(j, title=self._job_title(j, locale), locale=locale) for j in found]
        return any(j.status in jobs.ACTIVE for j in found)

    @rx.event
    async def load_jobs(self):  # noqa: ANN201
        """Show the jobs and follow them live while one is unfinished."""
        try:
            active = await self._reload_jobs()
        except DomainError as exc:
            self.jobs_error = exc.localized((await self.get_state(I18nState)).locale)
            return None
        if active and not self.watching:
            self.watching = True
            return type(self).watch_jobs
        return None

    @rx.event(background=True)
    async def watch_jobs(self) -> None:
        """Poll while a job runs: the progress bar moves without a reload."""
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                try:
                    active = await self._reload_jobs()
                except DomainError:
                    active = False
                if not active:
                    self.watching = False
                    return

    @rx.event
    async def retry_job(self, job_id: str):  # noqa: ANN201
        """Queue a failed job again."""
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                jobs.retry_job(session, actor=actor, job_id=parse_id(job_id), kind=self._job_kind)
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        return type(self).load_jobs

    @rx.event
    async def download_job(self, job_id: str):  # noqa: ANN201
        """Download a done job's file (from S3 through a short-lived link, or straight from here)."""
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                got = jobs.result_file(session, actor=actor, job_id=parse_id(job_id), kind=self._job_kind)
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        store = get_file_store()
        url = store.url_for(got.key, got.name, got.content_type)
        if url:
            return rx.redirect(url, is_external=True)
        return rx.download(data=store.get(got.key), filename=got.name, mime_type=got.content_type)
