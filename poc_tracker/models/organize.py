"""Favourites and collections: how people organise POCs."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from poc_tracker.models.base import UTCDateTime, new_id, utcnow


class Favorite(SQLModel, table=True):
    """A user's star on a POC."""

    __tablename__ = "favorites"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    poc_id: uuid.UUID = Field(foreign_key="pocs.id", primary_key=True, ondelete="CASCADE")
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Collection(SQLModel, table=True):
    """A named, ordered group of POCs; private or shared with the tenant."""

    __tablename__ = "collections"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    name: str = Field(max_length=100)
    description: str = Field(default="", max_length=1000)
    visibility: str = Field(default="private", max_length=10)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class CollectionItem(SQLModel, table=True):
    """A POC at a position in a collection."""

    __tablename__ = "collection_items"

    collection_id: uuid.UUID = Field(foreign_key="collections.id", primary_key=True, ondelete="CASCADE")
    poc_id: uuid.UUID = Field(foreign_key="pocs.id", primary_key=True, ondelete="CASCADE")
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    position: int = Field(default=0)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
