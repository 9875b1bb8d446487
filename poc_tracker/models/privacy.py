"""LGPD records: consents (append-only) and a person's data-subject requests with their protocol."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class ConsentRecord(SQLModel, table=True):
    """One grant or revocation of one purpose; never updated, the latest row per purpose is the current choice."""

    __tablename__ = "consent_records"
    __table_args__ = (Index("ix_consent_records_user_purpose_at", "user_id", "purpose", "at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    purpose: str = Field(max_length=30)  # terms, privacy_notice, product_news, retrospectiva_notice
    version: str = Field(max_length=20)
    granted: bool
    channel: str = Field(max_length=10)  # web, api
    ip_hash: str = Field(default="", max_length=64)  # keyed hashes: proof without keeping the address
    user_agent_hash: str = Field(default="", max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class PrivacyRequest(SQLModel, table=True):
    """A data-subject request (LGPD art. 18) in its owner's ledger: protocol, status and legal due date."""

    __tablename__ = "privacy_requests"
    __table_args__ = (Index("ix_privacy_requests_tenant_status_due", "tenant_id", "status", "due_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    protocol: str = Field(max_length=32, unique=True)
    kind: str = Field(max_length=20)  # access, export, deletion (tenant_export, tenant_deletion for owners)
    status: str = Field(default="open", max_length=12)  # open, processing, done, cancelled, failed, revoked
    job_id: uuid.UUID | None = Field(default=None, foreign_key="jobs.id", ondelete="SET NULL")
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    scheduled_for: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)  # a deletion's end of grace
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
