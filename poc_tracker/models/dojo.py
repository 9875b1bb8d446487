"""Live Dojos: the session, its participants and its append-only event log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, Text
from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class Dojo(SQLModel, table=True):
    """A live coding session of a team: one shared editor, a chat and a record."""

    __tablename__ = "dojos"
    __table_args__ = (Index("ix_dojos_tenant_created", "tenant_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    host_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    poc_id: uuid.UUID | None = Field(default=None, foreign_key="pocs.id", index=True)
    title: str = Field(max_length=100)
    kata: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    language: str = Field(default="python", max_length=40)
    format: str = Field(default="randori", max_length=10)
    rotation_minutes: int = Field(default=7)
    join_code: str = Field(max_length=12, index=True)
    status: str = Field(default="live", max_length=10, index=True)
    editor_open: bool = Field(default=False)
    rotation_started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    retrospective: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    final_code: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DojoParticipant(SQLModel, table=True):
    """A person in a Dojo with their role and place in the rotation queue."""

    __tablename__ = "dojo_participants"

    dojo_id: uuid.UUID = Field(foreign_key="dojos.id", primary_key=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    role: str = Field(default="audience", max_length=10)
    queue_order: int = Field(default=0)
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    removed: bool = Field(default=False)


class DojoEvent(SQLModel, table=True):
    """One thing that happened in a Dojo (join, edit, chat, rotation, share): never updated."""

    __tablename__ = "dojo_events"
    __table_args__ = (Index("ix_dojo_events_dojo_seq", "dojo_id", "seq"),)

    seq: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    )
    dojo_id: uuid.UUID = Field(foreign_key="dojos.id", ondelete="CASCADE")
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    kind: str = Field(max_length=20)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
