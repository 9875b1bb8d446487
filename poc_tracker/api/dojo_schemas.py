"""Shapes of Dojos on the wire."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import Field

from poc_tracker.api.schemas import CamelModel, shaped_like
from poc_tracker.models import Dojo, DojoEvent

PRIVATE_DOJO_FIELDS = ("tenant_id", "final_code")


class DojoCreate(CamelModel):
    """A new Dojo."""

    title: str = Field(max_length=100)
    kata: str = Field(default="", max_length=20000)
    language: str = Field(default="python", max_length=40)
    format: str = Field(default="randori", max_length=10)
    rotation_minutes: int = Field(default=7, ge=1, le=60)
    poc_id: uuid.UUID | None = None


class DojoPublic(shaped_like(Dojo, exclude=PRIVATE_DOJO_FIELDS)):
    """A Dojo as the API shows it: the record (its final code is read from the log or the POC) and who is in it."""

    seconds_left: int = 0
    participants: list[dict[str, Any]] = []


class DojosPublic(CamelModel):
    """A list of Dojos."""

    data: list[DojoPublic]
    count: int


class DojoEventPublic(shaped_like(DojoEvent, exclude=("dojo_id", "tenant_id"))):
    """One entry of a Dojo's log."""

    seq: int  # always set once logged


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
