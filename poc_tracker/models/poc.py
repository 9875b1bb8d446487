"""POCs, their tags, files, content-addressed blobs and versions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class Poc(SQLModel, table=True):
    """A proof of concept: what was tried, with its code, and what came of it."""

    __tablename__ = "pocs"
    __table_args__ = (
        Index("ix_pocs_tenant_updated", "tenant_id", "updated_at"),
        Index("ix_pocs_tenant_created", "tenant_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    name: str = Field(max_length=100)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    language: str = Field(max_length=40, index=True)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    status: str = Field(default="idea", max_length=20, index=True)
    repository_url: str | None = Field(default=None, max_length=500)
    demo_url: str | None = Field(default=None, max_length=500)
    hypothesis: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    success_criteria: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    result: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    decision: str = Field(default="pending", max_length=20, index=True)
    learnings: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    current_version: int = Field(default=0)
    file_count: int = Field(default=0)
    total_bytes: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class PocTag(SQLModel, table=True):
    """One tag of one POC: the row that tag filters and counts read."""

    __tablename__ = "poc_tags"
    __table_args__ = (Index("ix_poc_tags_tenant_tag", "tenant_id", "tag"),)

    poc_id: uuid.UUID = Field(foreign_key="pocs.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(max_length=50, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id")


class Blob(SQLModel, table=True):
    """File content stored once per POC, addressed by its SHA-256."""

    __tablename__ = "blobs"

    poc_id: uuid.UUID = Field(foreign_key="pocs.id", primary_key=True, ondelete="CASCADE")
    hash: str = Field(max_length=64, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    size: int
    storage_key: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class PocFile(SQLModel, table=True):
    """A file in the current tree of a POC."""

    __tablename__ = "poc_files"
    __table_args__ = (UniqueConstraint("poc_id", "path", name="uq_poc_files_path"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    poc_id: uuid.UUID = Field(foreign_key="pocs.id", index=True, ondelete="CASCADE")
    path: str = Field(max_length=500)
    blob_hash: str = Field(max_length=64)
    size: int
    mime_type: str = Field(default="application/octet-stream", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class PocVersion(SQLModel, table=True):
    """A snapshot of a POC after one change: metadata, file tree and its Merkle root."""

    __tablename__ = "poc_versions"
    __table_args__ = (UniqueConstraint("poc_id", "number", name="uq_poc_versions_number"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    poc_id: uuid.UUID = Field(foreign_key="pocs.id", index=True, ondelete="CASCADE")
    number: int
    author_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    message: str = Field(default="", max_length=500)
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    tree: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    merkle_root: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
