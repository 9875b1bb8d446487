"""Shared links of Retrospectiva videos (the video itself is a job of kind "video")."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from poc_tracker.models.base import UTCDateTime, new_id, utcnow


class VideoShare(SQLModel, table=True):
    """A public link to one video: an unguessable token, stored hashed, until it expires or is revoked."""

    __tablename__ = "video_shares"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    job_id: uuid.UUID = Field(foreign_key="jobs.id", index=True, ondelete="CASCADE")
    created_by: uuid.UUID = Field(foreign_key="users.id")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class VideoOffer(SQLModel, table=True):
    """December's offer of a person's Retrospectiva: a notice in the app until they render it or dismiss it."""

    __tablename__ = "video_offers"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    year: int = Field(primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    dismissed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
