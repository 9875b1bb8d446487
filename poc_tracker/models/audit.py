"""Domain events (the outbox), what each consumer has still to receive, and the audit log they feed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class DomainEvent(SQLModel, table=True):
    """A write that happened, recorded in the same transaction; workers consume it."""

    __tablename__ = "domain_events"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    actor_id: uuid.UUID | None = Field(default=None)
    kind: str = Field(max_length=80)
    target_type: str = Field(max_length=40)
    target_id: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    dispatched_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class OutboxPending(SQLModel, table=True):
    """An event one consumer (audit, search…) has still to receive; the row goes once it is delivered."""

    __tablename__ = "outbox_pending"

    consumer: str = Field(max_length=40, primary_key=True)
    event_id: uuid.UUID = Field(foreign_key="domain_events.id", primary_key=True, ondelete="CASCADE")
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class AuditLog(SQLModel, table=True):
    """Who did what to which record, when; one row per domain event."""

    __tablename__ = "audit_log"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    event_id: uuid.UUID = Field(unique=True)
    actor_id: uuid.UUID | None = Field(default=None)
    action: str = Field(max_length=80)
    target_type: str = Field(max_length=40)
    target_id: str = Field(max_length=64)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
