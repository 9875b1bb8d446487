"""The one API shape of long work: a job's status on the wire and its file as a download.

Feature routers (reports, videos, privacy exports) build their answers from these, adding their own id
field (``reportId``, ``videoId``…) and parameters, so every kind of job looks and behaves alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import Response, status
from fastapi.responses import RedirectResponse, StreamingResponse

from poc_tracker.api.schemas import CamelModel
from poc_tracker.models import Job
from poc_tracker.services.jobs import JobFile, error_text
from poc_tracker.storage import get_file_store
from poc_tracker.storage.disposition import content_disposition


class JobError(CamelModel):
    """Why a job failed, in the caller's language."""

    code: str
    message: str


class JobPublic(CamelModel):
    """A job as every feature shows it; ``downloadUrl`` only once its file exists."""

    status: Literal["queued", "running", "done", "failed"]
    progress: int
    error: JobError | None = None
    download_url: str | None = None
    file_name: str | None = None
    file_size: int | None = None
    attempts: int
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    expires_at: datetime


def job_fields(job: Job, *, locale: str, download_url: str) -> dict:
    """The common fields of a job's answer (a feature's schema adds its own id and parameters)."""
    main = job.files[0] if job.status == "done" and job.files else None
    error = JobError(code=job.error_code or "job_failed", message=error_text(job, locale) or "") if job.error else None
    return {
        "status": job.status,
        "progress": job.progress,
        "error": error,
        "download_url": download_url if main else None,
        "file_name": main["name"] if main else None,
        "file_size": main["size"] if main else None,
        "attempts": job.attempts,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
    }


def download_response(file: JobFile) -> Response:
    """The file, streamed with its type and a name in the user's language (or a redirect to S3)."""
    store = get_file_store()
    url = store.url_for(file.key, file.name, file.content_type)
    if url:
        return RedirectResponse(
            url, status_code=status.HTTP_307_TEMPORARY_REDIRECT, headers={"Cache-Control": "no-store"}
        )
    return StreamingResponse(
        store.iter_chunks(file.key),
        media_type=file.content_type,
        headers={
            "Content-Disposition": content_disposition(file.name),
            "Content-Length": str(file.size),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "Cache-Control": "private, no-store",
        },
    )
