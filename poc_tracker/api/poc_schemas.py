"""Shapes of POCs on the wire."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from poc_tracker.api.schemas import CamelModel, shaped_like
from poc_tracker.models import Poc

Status = Literal["idea", "in_progress", "done", "archived"]
Decision = Literal["go", "no_go", "pivot", "pending"]


class PocBase(CamelModel):
    """Fields a client may send."""

    description: str | None = Field(None, max_length=2000)
    tags: list[str] | None = Field(None, max_length=50)
    status: Status | None = None
    repository_url: str | None = Field(None, max_length=500)
    demo_url: str | None = Field(None, max_length=500)
    hypothesis: str | None = Field(None, max_length=2000)
    success_criteria: str | None = Field(None, max_length=2000)
    result: str | None = Field(None, max_length=2000)
    decision: Decision | None = None
    learnings: str | None = Field(None, max_length=2000)
    message: str | None = Field(None, max_length=500, description="Version message")


class PocCreate(PocBase):
    """A new POC."""

    name: str = Field(max_length=100)
    language: str = Field(max_length=40)


class PocUpdate(PocBase):
    """Changes to a POC; absent fields stay as they are."""

    name: str | None = Field(None, max_length=100)
    language: str | None = Field(None, max_length=40)


class PocPublic(shaped_like(Poc)):
    """A POC as the API shows it: every field of the record, and what the caller may do with it."""

    owner_name: str = ""
    can_edit: bool = False
    is_favorite: bool = False


class PocsPublic(CamelModel):
    """A page of POCs."""

    data: list[PocPublic]
    total_count: int
    page: int
    limit: int
    has_more: bool


class UsagePublic(CamelModel):
    """The tenant's usage against its plan."""

    plan: str
    pocs: int
    storage_bytes: int
    max_pocs: int
    max_storage_bytes: int
    max_file_bytes: int


class LanguagePublic(CamelModel):
    """A known language and its aliases."""

    name: str
    aliases: list[str]
