"""What the Dojo channel asks of the record: entering it, re-checking a socket's person, a room's data."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from poc_tracker.models import Dojo, DojoEvent, User
from poc_tracker.services.actor import Actor
from poc_tracker.services.dojos.records import dojo_of_tenant, events_of, refuse_removed
from poc_tracker.services.dojos.seats import removed_ids, roster, seat


@dataclass(frozen=True)
class ChannelEntry:
    """A socket entering a Dojo: the Dojo, the person's name and the recent chat with its authors' names."""

    dojo: Dojo
    name: str
    chat: list[tuple[DojoEvent, str]]


def _names(session: Session, tenant_id: uuid.UUID, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    query = select(User.id, User.name).where(User.tenant_id == tenant_id, col(User.id).in_(ids))
    return dict(session.exec(query).all())


def enter_channel(session: Session, *, actor: Actor, dojo_id: uuid.UUID, history: int = 200) -> ChannelEntry:
    """The Dojo a socket enters (joined while live); refused to anyone removed from it."""
    dojo = dojo_of_tenant(session, tenant_id=actor.tenant_id, dojo_id=dojo_id)
    refuse_removed(session, dojo, actor)
    if dojo.status == "live":
        seat(session, actor, dojo)  # the room catches up with the other processes itself: no flush asked
    chat = events_of(session, dojo, kinds=("chat", "reaction"))[-history:] if history else []
    names = _names(session, actor.tenant_id, {actor.user_id} | {e.actor_id for e in chat if e.actor_id})
    return ChannelEntry(dojo, names.get(actor.user_id, "?"), [(e, names.get(e.actor_id, "?")) for e in chat])


@dataclass(frozen=True)
class RoomData:
    """What a room holds of the record: the Dojo, who is in it and who was removed."""

    dojo: Dojo
    roster: list[dict[str, Any]]
    removed: set[str]


def room_data(session: Session, *, tenant_id: uuid.UUID, dojo_id: uuid.UUID) -> RoomData:
    """The session data of a room (the realtime layer holds no actor: the tenant is the room's)."""
    dojo = dojo_of_tenant(session, tenant_id=tenant_id, dojo_id=dojo_id)
    return RoomData(dojo, roster(session, dojo), removed_ids(session, dojo))
