"""Tenants: one organisation and its settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class Tenant(SQLModel, table=True):
    """An organisation; every other row belongs to exactly one."""

    __tablename__ = "tenants"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    name: str = Field(max_length=255)
    subdomain: str = Field(max_length=100, unique=True, index=True)
    plan: str = Field(default="basic", max_length=50)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    # Deletion asked by an owner: the tenant is read-only until ``deletion_due_at``, then erased everywhere.
    deletion_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deletion_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    deletion_requested_by: uuid.UUID | None = Field(default=None)
