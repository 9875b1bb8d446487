"""Jobs: one row per piece of long work (a report, a video, a privacy export) with its status and files."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Text
from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow

STATUSES = ("queued", "running", "done", "failed")


class Job(SQLModel, table=True):
    """Long work someone asked for: queued, running, done (with files) or failed (with a reason)."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_tenant_owner_kind_created", "tenant_id", "owner_id", "kind", "created_at"),
        Index("ix_jobs_status_updated", "status", "updated_at"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    kind: str = Field(max_length=40)
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    status: str = Field(default="queued", max_length=10)
    progress: int = Field(default=0)
    error_code: str | None = Field(default=None, max_length=60)
    # A Portuguese message id and its placeholders: shown in the reader's language, not the worker's.
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    error_params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    # Result files in the FileStore: [{"key", "name", "contentType", "size"}], the main one first.
    files: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    attempts: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
