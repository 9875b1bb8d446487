"""Dojo routes: create, list, read, join, leave, rotate, end, remove, events, retrospective, save to a POC."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.dojo_schemas import (
    CodeSaved,
    DojoCreate,
    DojoEventPublic,
    DojoEventsPublic,
    DojoPublic,
    DojosPublic,
    EditorOpen,
    Retrospective,
    SaveCode,
)
from poc_tracker.models import Dojo
from poc_tracker.realtime.live import live_edits
from poc_tracker.services import dojos

router = APIRouter(tags=["dojos"])


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
    dojo = dojos.join_by_code(session, actor=actor, code=code, live=live_edits)
    session.commit()
    return dojo_public(session, dojo)


@router.get("/dojos/{dojo_id}", response_model=DojoPublic)
def read_dojo(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """One Dojo with who is in it."""
    return dojo_public(session, dojos.access_dojo_by_id(session, actor, dojo_id))


def _changed(session: SessionDep, dojo_id: uuid.UUID, actor: CurrentActor) -> DojoPublic:
    session.commit()  # the use case has the rooms told once this commits
    return dojo_public(session, dojos.access_dojo_by_id(session, actor, dojo_id))


@router.post("/dojos/{dojo_id}/join", response_model=DojoPublic)
def join_dojo(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """Join (or come back to) a Dojo."""
    dojos.join_dojo(session, actor=actor, dojo_id=dojo_id, live=live_edits)
    return _changed(session, dojo_id, actor)


@router.post("/dojos/{dojo_id}/leave", response_model=DojoPublic)
def leave_dojo(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """Leave a Dojo."""
    dojos.leave_dojo(session, actor=actor, dojo_id=dojo_id, live=live_edits)
    return _changed(session, dojo_id, actor)


@router.post("/dojos/{dojo_id}/rotate", response_model=DojoPublic)
def rotate(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """Next turn: pilot → audience, co-pilot → pilot, next in queue → co-pilot."""
    dojos.rotate(session, actor=actor, dojo_id=dojo_id, live=live_edits)
    return _changed(session, dojo_id, actor)


@router.post("/dojos/{dojo_id}/editor", response_model=DojoPublic)
def set_editor(dojo_id: uuid.UUID, body: EditorOpen, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """The host opens the editor to everyone or closes it."""
    dojos.set_editor_open(session, actor=actor, dojo_id=dojo_id, open_=body.open, live=live_edits)
    return _changed(session, dojo_id, actor)


@router.delete("/dojos/{dojo_id}/participants/{user_id}", response_model=DojoPublic)
def remove_participant(dojo_id: uuid.UUID, user_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """The host removes someone from the Dojo."""
    dojos.remove_participant(session, actor=actor, dojo_id=dojo_id, user_id=user_id, live=live_edits)
    return _changed(session, dojo_id, actor)


@router.post("/dojos/{dojo_id}/end", response_model=DojoPublic)
def end_dojo(dojo_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> DojoPublic:
    """The host ends the Dojo; the final code is the shared document as it stands."""
    dojos.end_dojo(session, actor=actor, dojo_id=dojo_id, live=live_edits)
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
    _, poc_id, version = dojos.save_code_to_poc(
        session, actor=actor, dojo_id=dojo_id, live=live_edits, code=body.code, poc_id=body.poc_id, path=body.path
    )
    session.commit()
    return CodeSaved(poc_id=poc_id, version=version)


@router.get("/dojos/{dojo_id}/events", response_model=DojoEventsPublic)
def list_events(
    dojo_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> DojoEventsPublic:
    """The Dojo's event log, in order (edits carry base64 Yjs updates)."""
    rows = dojos.list_events(session, actor=actor, dojo_id=dojo_id, after=after, limit=limit, live=live_edits)
    return DojoEventsPublic(data=[DojoEventPublic.model_validate(r) for r in rows], count=len(rows))
