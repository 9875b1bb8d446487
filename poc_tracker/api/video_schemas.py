"""Shapes of the Retrospectiva API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from poc_tracker.api.jobs import JobError
from poc_tracker.api.schemas import CamelModel


class VideoCreate(CamelModel):
    """What to render."""

    year: int
    scope: Literal["me", "tenant"] = "me"
    template: str = "aurora"
    formats: list[str] = Field(default_factory=lambda: ["vertical", "horizontal"], max_length=2)


class VideoAccepted(CamelModel):
    """A queued video."""

    video_id: uuid.UUID
    status: str


class VideoFilePublic(CamelModel):
    """A file of a finished video."""

    format: str
    url: str
    name: str
    size: int
    content_type: str


class SharePublic(CamelModel):
    """A live public link (the address is shown once, when it is made)."""

    share_url: str | None = None
    expires_at: datetime


class VideoPublic(CamelModel):
    """A video and where it stands."""

    video_id: uuid.UUID
    year: int
    scope: str
    template: str
    formats: list[str]
    status: Literal["queued", "rendering", "encoding", "done", "failed"]
    progress: int
    error: JobError | None = None
    files: list[VideoFilePublic] = Field(default_factory=list)
    share: SharePublic | None = None
    created_at: datetime
    expires_at: datetime


class VideosPublic(CamelModel):
    """A page of the caller's videos."""

    data: list[VideoPublic]
    count: int


class BrandUpdate(CamelModel):
    """Brand colours and font."""

    primary: str = Field(max_length=7)
    secondary: str = Field(max_length=7)
    font: str = Field(max_length=40)


class FontPublic(CamelModel):
    """A font the project ships."""

    key: str
    label: str


class BrandPublic(CamelModel):
    """The tenant's video brand."""

    primary: str
    secondary: str
    font: str
    fonts: list[FontPublic]
    has_logo: bool


class OfferPublic(CamelModel):
    """The year whose Retrospectiva is on offer, if any."""

    year: int | None = None


class PreviewPublic(CamelModel):
    """Stills of every scene, before rendering."""

    scenes: list[str]  # data: URLs of small PNGs
    seconds: float
