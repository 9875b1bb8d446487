"""Shapes of tags, favourites and collections on the wire."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from poc_tracker.api.poc_schemas import PocPublic
from poc_tracker.api.schemas import CamelModel

Visibility = Literal["private", "tenant"]


class TagPublic(CamelModel):
    """A tag and how many live POCs carry it."""

    tag: str
    count: int
    typos: int = Field(0, description="0 for an exact prefix match, 1 when one typo was forgiven")


class TagsPublic(CamelModel):
    """Tags, most used first (or best match first when a prefix was typed)."""

    data: list[TagPublic]
    total_count: int
    limit: int


class TagRename(CamelModel):
    """Rename one tag across the tenant."""

    from_: str = Field(alias="from", max_length=50)
    to: str = Field(max_length=50)


class TagMerge(CamelModel):
    """Fold several tags into one across the tenant."""

    sources: list[str] = Field(min_length=1, max_length=50)
    target: str = Field(max_length=50)


class TagChangePublic(CamelModel):
    """What a rename or merge did."""

    tag: str
    sources: list[str]
    affected_pocs: int


class CollectionCreate(CamelModel):
    """A new collection."""

    name: str = Field(max_length=100)
    description: str | None = Field(None, max_length=1000)
    visibility: Visibility = "private"


class CollectionUpdate(CamelModel):
    """Changes to a collection; absent fields stay as they are."""

    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=1000)
    visibility: Visibility | None = None


class CollectionItemPut(CamelModel):
    """Where to put a POC in a collection (the end when absent)."""

    position: int | None = Field(None, ge=0, le=100000)


class CollectionOrder(CamelModel):
    """The new order of a collection's POCs."""

    poc_ids: list[uuid.UUID] = Field(max_length=500)


class CollectionPublic(CamelModel):
    """A collection as the API shows it."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    owner_id: uuid.UUID
    owner_name: str = ""
    name: str
    description: str
    visibility: str
    poc_count: int = 0
    can_edit: bool = False
    created_at: datetime
    updated_at: datetime


class CollectionDetail(CollectionPublic):
    """A collection with its POCs in order."""

    pocs: list[PocPublic] = []


class CollectionsPublic(CamelModel):
    """A page of collections."""

    data: list[CollectionPublic]
    total_count: int
    page: int
    limit: int
    has_more: bool
