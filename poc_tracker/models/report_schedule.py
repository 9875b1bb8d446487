"""Report subscriptions: a report e-mailed every week or month in the tenant's time zone."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class ReportSchedule(SQLModel, table=True):
    """One person's subscription to a report; beat renders it when ``next_run_at`` comes."""

    __tablename__ = "report_schedules"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    kind: str = Field(max_length=10)
    format: str = Field(max_length=10)
    frequency: str = Field(max_length=10)
    filters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    send_when_empty: bool = Field(default=False)
    unsubscribe_hash: str = Field(max_length=64, unique=True)  # SHA-256 of the link's token, never the token
    active: bool = Field(default=True, index=True)
    next_run_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    last_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
