"""Dojo routes: create, list, read, join, leave, rotate, end, remove, events, retrospective, save to a POC."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import Field

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.schemas import CamelModel
from poc_tracker.models import Dojo
from poc_tracker.realtime import hub
from poc_tracker.services import dojos

router = APIRouter(tags=["dojos"])


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


def dojo_public(session: SessionDep, dojo: Dojo, *, with_roster: bool = True) -> DojoPublic:
    """A Dojo with its roster."""
    out = DojoPublic.model_validate(dojo)
    out.seconds_left = dojos.seconds_left(dojo)
    if with_roster:
        out.participants = dojos.roster(session, dojo)
    return out


@router.post("/dojos", response_model=DojoPublic, status_code=status.HTTP_201_CREATED)
def create_dojo(body: DojoCreate, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """Start a live Dojo hosted by me."""
    dojo = dojos.create_dojo(session, actor=actor, data=body.model_dump())
    session.commit()
    return dojo_public(session, dojo)


@router.get("/dojos", response_model=DojosPublic)
def list_dojos(
    session: SessionDep,
    actor: CurrentActor,
    status_: Annotated[str | None, Query(alias="status", pattern="^(live|ended)$")] = None,
) -> DojosPublic:
    """My tenant's Dojos, newest first."""
    rows = dojos.list_dojos(session, actor=actor, status=status_)
    return DojosPublic(data=[dojo_public(session, d, with_roster=False) for d in rows], count=len(rows))


@router.post("/dojos/join", response_model=DojoPublic)
def join_by_code(session: SessionDep, actor: CurrentActor, code: Annotated[str, Query(max_length=12)]) -> DojoPublic:
    """Join a Dojo by its code."""
    dojo = dojos.access_dojo_by_code(session, actor, code)
    dojos.join_dojo(session, actor=actor, dojo_id=dojo.id)
    session.commit()
    hub.announce(dojo.id)
    return dojo_public(session, dojo)


@router.get("/dojos/{dojo_id}", response_model=DojoPublic)
def read_dojo(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """One Dojo with who is in it."""
    return dojo_public(session, dojos.access_dojo_by_id(session, actor, dojo_id))


def _changed(session: SessionDep, dojo_id: uuid.UUID, actor: CurrentActor) -> DojoPublic:
    session.commit()
    hub.announce(dojo_id)
    return dojo_public(session, dojos.access_dojo_by_id(session, actor, dojo_id))


@router.post("/dojos/{dojo_id}/join", response_model=DojoPublic)
def join_dojo(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """Join (or come back to) a Dojo."""
    dojos.join_dojo(session, actor=actor, dojo_id=dojo_id)
    return _changed(session, dojo_id, actor)


@router.post("/dojos/{dojo_id}/leave", response_model=DojoPublic)
def leave_dojo(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """Leave a Dojo."""
    dojos.leave_dojo(session, actor=actor, dojo_id=dojo_id)
    return _changed(session, dojo_id, actor)


@router.post("/dojos/{dojo_id}/rotate", response_model=DojoPublic)
def rotate(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """Next turn: pilot → audience, co-pilot → pilot, next in queue → co-pilot."""
    dojos.rotate(session, actor=actor, dojo_id=dojo_id)
    return _changed(session, dojo_id, actor)


@router.post("/dojos/{dojo_id}/editor", response_model=DojoPublic)
def set_editor(dojo_id: uuid.UUID, body: EditorOpen, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """The host opens the editor to everyone or closes it."""
    dojos.set_editor_open(session, actor=actor, dojo_id=dojo_id, open_=body.open)
    return _changed(session, dojo_id, actor)


@router.delete("/dojos/{dojo_id}/participants/{user_id}", response_model=DojoPublic)
def remove_participant(dojo_id: uuid.UUID, user_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """The host removes someone from the Dojo."""
    dojos.remove_participant(session, actor=actor, dojo_id=dojo_id, user_id=user_id)
    return _changed(session, dojo_id, actor)


@router.post("/dojos/{dojo_id}/end", response_model=DojoPublic)
def end_dojo(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """The host ends the Dojo; the final code is the shared document as it stands."""
    hub.flush_now(dojo_id)  # the last edits reach the log before the record closes
    dojo = dojos.access_dojo_by_id(session, actor, dojo_id)
    dojos.end_dojo(session, actor=actor, dojo_id=dojo_id, final_code=hub.current_text(session, dojo))
    return _changed(session, dojo_id, actor)


@router.put("/dojos/{dojo_id}/retrospective", response_model=DojoPublic)
def retrospective(dojo_id: uuid.UUID, body: Retrospective, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """Keep what went well and what to try next with the record."""
    dojos.save_retrospective(session, actor=actor, dojo_id=dojo_id, went_well=body.went_well, try_next=body.try_next)
    session.commit()
    return dojo_public(session, dojos.access_dojo_by_id(session, actor, dojo_id))


@router.post("/dojos/{dojo_id}/save", response_model=CodeSaved, status_code=status.HTTP_201_CREATED)
def save_code(dojo_id: uuid.UUID, body: SaveCode, session: SessionDep, actor: CurrentActor) -> CodeSaved:
    """Save the code (the shared document unless given) to a POC as a new version."""
    dojo = dojos.access_dojo_by_id(session, actor, dojo_id)
    if body.code is None:
        hub.flush_now(dojo_id)  # without a room here, the code is rebuilt from the log: complete it first
    code = body.code if body.code is not None else hub.current_text(session, dojo)
    dojo, version = dojos.save_code_to_poc(
        session, actor=actor, dojo_id=dojo_id, code=code, poc_id=body.poc_id, path=body.path
    )
    session.commit()
    return CodeSaved(poc_id=body.poc_id or dojo.poc_id, version=version)


@router.get("/dojos/{dojo_id}/events", response_model=DojoEventsPublic)
def list_events(
    dojo_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> DojoEventsPublic:
    """The Dojo's event log, in order (edits carry base64 Yjs updates)."""
    dojos.access_dojo_by_id(session, actor, dojo_id)
    hub.flush_now(dojo_id)  # edits still batched in memory belong to the log already
    rows = dojos.list_events(session, actor=actor, dojo_id=dojo_id, after=after, limit=limit)
    return DojoEventsPublic(data=[DojoEventPublic.model_validate(r) for r in rows], count=len(rows))
