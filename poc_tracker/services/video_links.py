"""Short-lived signed links to a video's files, for the page's player and downloads (a <video> sends no token)."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from functools import lru_cache
from urllib.parse import urlencode

from sqlmodel import Session, select

from poc_tracker.auth.keys import load_keys
from poc_tracker.errors import NotFound
from poc_tracker.models import Job
from poc_tracker.services.jobs import JobFile
from poc_tracker.services.videos import KIND, video_file
from poc_tracker.storage import get_file_store

TTL_SECONDS = 3 * 3600  # long enough to watch and seek; the page makes new ones on every load


@lru_cache
def _key() -> bytes:
    """A signing key derived from the app's private key (present in every deployment, never shown)."""
    return hashlib.sha256(b"poc-tracker video links\0" + load_keys().private_pem.encode()).digest()


def _sign(video_id: uuid.UUID, fmt: str, expires: int, download: bool) -> str:
    message = f"{video_id}:{fmt}:{expires}:{int(download)}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def file_link(job: Job, fmt: str, *, download: bool = False, now: float | None = None) -> str:
    """A link to one file of a done video: S3's presigned URL, or ours signed for a few hours."""
    got = video_file(job, fmt)
    direct = get_file_store().url_for(got.key, got.name, got.content_type)
    if direct and download:
        return direct
    expires = int((time.time() if now is None else now) + TTL_SECONDS)
    query = urlencode({"exp": expires, "sig": _sign(job.id, fmt, expires, download), **({"dl": 1} if download else {})})
    return f"/api/v1/videos/{job.id}/files/{fmt}?{query}"


def signed_file(session: Session, video_id: uuid.UUID, fmt: str, expires: int, sig: str, download: bool) -> JobFile:
    """The file a signed link names; a wrong, altered or expired signature is simply not found."""
    good = hmac.compare_digest(_sign(video_id, fmt, expires, download), sig or "")
    if not good or expires < time.time():
        raise NotFound()
    job = session.exec(select(Job).where(Job.id == video_id, Job.kind == KIND)).first()
    if job is None:
        raise NotFound()
    return video_file(job, fmt)
