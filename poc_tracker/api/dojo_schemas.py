"""Shapes of Dojos on the wire."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from poc_tracker.api.schemas import CamelModel


class DojoCreate(CamelModel):
    """A new Dojo."""

    title: str = Field(max_length=100)
    kata: str = Field(default="", max_length=20000)
    language: str = Field(default="python", max_length=40)
    format: str = Field(default="randori", max_length=10)
    rotation_minutes: int = Field(default=7, ge=1, le=60)
    poc_id: uuid.UUID | None = None


class DojoPublic(CamelModel):
    """A Dojo as the API shows it."""

    id: uuid.UUID
    title: str
    kata: str
    language: str
    format: str
    rotation_minutes: int
    poc_id: uuid.UUID | None
    host_id: uuid.UUID
    join_code: str
    status: str
    editor_open: bool
    rotation_started_at: datetime
    seconds_left: int = 0
    retrospective: dict[str, Any]
    created_at: datetime
    ended_at: datetime | None
    participants: list[dict[str, Any]] = []


class DojosPublic(CamelModel):
    """A list of Dojos."""

    data: list[DojoPublic]
    count: int


class DojoEventPublic(CamelModel):
    """One entry of a Dojo's log."""

    seq: int
    kind: str
    payload: dict[str, Any]
    at: datetime
    actor_id: uuid.UUID | None


class DojoEventsPublic(CamelModel):
    """A slice of the log."""

    data: list[DojoEventPublic]
    count: int


class EditorOpen(CamelModel):
    """Open the editor to everyone, or back to pilot and co-pilot."""

    open: bool


class Retrospective(CamelModel):
    """The short retrospective that closes a Dojo."""

    went_well: str = Field(default="", max_length=4000)
    try_next: str = Field(default="", max_length=4000)


class SaveCode(CamelModel):
    """Save the code to a POC as a new version."""

    code: str | None = Field(default=None, max_length=1_000_000)
    poc_id: uuid.UUID | None = None
    path: str | None = Field(default=None, max_length=200)


class CodeSaved(CamelModel):
    """Where the code went."""

    poc_id: uuid.UUID
    version: int | None
