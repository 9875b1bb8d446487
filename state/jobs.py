"""The UI side of the job model: rows for the progress component, live polling, retry and download.

A feature's state mixes in ``JobsMixin``, sets ``_job_kind`` and describes its rows (``_job_title``);
the video and privacy pages reuse it as the reports page does.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import ClassVar

import reflex as rx

from poc_tracker.i18n import N_, format_dt, format_size, gettext
from poc_tracker.models import Job
from poc_tracker.services import jobs
from poc_tracker.storage import get_file_store
from state.base import ServiceState, as_id

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


class JobsMixin(ServiceState, mixin=True):
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
        locale = await self._locale()
        got = await self._call(lambda s, a: jobs.list_jobs(s, actor=a, kind=self._job_kind, limit=10)[0])
        self.jobs_error = got.error
        if not got.ok:
            return False
        self.jobs = [job_row(j, title=self._job_title(j, locale), locale=locale) for j in got.value]
        return any(j.status in jobs.ACTIVE for j in got.value)

    @rx.event
    async def load_jobs(self):  # noqa: ANN201
        """Show the jobs and follow them live while one is unfinished."""
        if await self._reload_jobs() and not self.watching:
            self.watching = True
            return type(self).watch_jobs
        return None

    @rx.event(background=True)
    async def watch_jobs(self) -> None:
        """Poll while a job runs: the progress bar moves without a reload."""
        while True:
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if not await self._reload_jobs():
                    self.watching = False
                    return

    @rx.event
    async def retry_job(self, job_id: str):  # noqa: ANN201
        """Queue a failed job again."""
        got = await self._call(lambda s, a: jobs.retry_job(s, actor=a, job_id=as_id(job_id), kind=self._job_kind))
        return type(self).load_jobs if got.ok else got.toast()

    @rx.event
    async def download_job(self, job_id: str):  # noqa: ANN201
        """Download a done job's file (from S3 through a short-lived link, or straight from here)."""
        got = await self._call(lambda s, a: jobs.result_file(s, actor=a, job_id=as_id(job_id), kind=self._job_kind))
        if not got.ok:
            return got.toast()
        store = get_file_store()
        url = store.url_for(got.value.key, got.value.name, got.value.content_type)
        if url:
            return rx.redirect(url, is_external=True)
        return rx.download(data=store.get(got.value.key), filename=got.value.name, mime_type=got.value.content_type)
