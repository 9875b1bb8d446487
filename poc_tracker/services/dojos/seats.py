"""Who sits where in a Dojo: the queue, pilot and co-pilot seats, leaving, removal and turns."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, select, update

from poc_tracker.auth.roles import permissions_for
from poc_tracker.errors import Forbidden, NotFound
from poc_tracker.i18n import N_
from poc_tracker.models import Dojo, DojoParticipant, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.dojos.records import access_dojo_by_id, participant, record, refuse_removed
from poc_tracker.services.dojos.rules import CODE_PERMISSION, CODE_ROLES, require_host, require_live


def participants(session: Session, dojo: Dojo, *, present: bool = True) -> list[DojoParticipant]:
    """The Dojo's participants (those still here unless ``present`` is False), in queue order."""
    query = select(DojoParticipant).where(
        DojoParticipant.dojo_id == dojo.id, DojoParticipant.tenant_id == dojo.tenant_id
    )
    if present:
        query = query.where(col(DojoParticipant.left_at).is_(None), col(DojoParticipant.removed).is_(False))
    return list(session.exec(query.order_by(col(DojoParticipant.queue_order), col(DojoParticipant.joined_at))).all())


def roster(session: Session, dojo: Dojo) -> list[dict[str, Any]]:
    """Who is in the Dojo, with names and roles (plain rows for the API, the UI and the channel)."""
    rows = participants(session, dojo)
    names = dict(session.exec(select(User.id, User.name).where(col(User.id).in_([p.user_id for p in rows]))).all())
    return [
        {
            "userId": str(p.user_id),
            "name": names.get(p.user_id, "?"),
            "role": p.role,
            "queue": p.queue_order,
            "host": p.user_id == dojo.host_id,
        }
        for p in rows
    ]


def removed_ids(session: Session, dojo: Dojo) -> set[str]:
    """Who the host removed from the Dojo (user ids as text, like the roster's)."""
    query = select(DojoParticipant.user_id).where(
        DojoParticipant.dojo_id == dojo.id,
        DojoParticipant.tenant_id == dojo.tenant_id,
        col(DojoParticipant.removed).is_(True),
    )
    return {str(uid) for uid in session.exec(query).all()}


def _hold_seats(session: Session, dojo: Dojo) -> None:
    """Seat changes of one Dojo take turns, so two people joining at once never get the same seat.

    Called before the seats are read: PostgreSQL locks the Dojo's row, SQLite takes its write lock (a write
    that changes nothing); both are held until the commit.
    """
    if session.get_bind().dialect.name == "postgresql":  # NO KEY UPDATE: Dojo events may still be inserted
        session.exec(select(Dojo.id).where(Dojo.id == dojo.id).with_for_update(key_share=True)).first()
    else:
        session.exec(update(Dojo).where(col(Dojo.id) == dojo.id).values(status=col(Dojo.status)))


def _next_queue(session: Session, dojo: Dojo) -> int:
    return max((p.queue_order for p in participants(session, dojo, present=False)), default=0) + 1


def seat(session: Session, actor: Actor, dojo: Dojo) -> DojoParticipant:
    """Join (or come back to) a Dojo; the first free seat of pilot, co-pilot, else the audience."""
    actor.require("pocs:read")
    me = refuse_removed(session, dojo, actor)
    if me is not None and me.left_at is None:
        return me
    require_live(dojo)
    _hold_seats(session, dojo)
    taken = {p.role for p in participants(session, dojo)}
    role = next((r for r in CODE_ROLES if r not in taken), "audience") if actor.can(CODE_PERMISSION) else "audience"
    if me is None:
        me = DojoParticipant(dojo_id=dojo.id, user_id=actor.user_id, tenant_id=dojo.tenant_id)
    me.role = role
    me.left_at, me.queue_order, me.joined_at = None, _next_queue(session, dojo), utcnow()
    session.add(me)
    record(session, dojo, actor_id=actor.user_id, kind="join", role=me.role)
    return me


def _vacate(session: Session, dojo: Dojo, me: DojoParticipant) -> None:
    """Someone leaves: a vacated pilot/co-pilot seat is filled from the queue."""
    _hold_seats(session, dojo)
    role, me.left_at = me.role, utcnow()
    session.add(me)
    session.flush()
    if role in CODE_ROLES:
        _fill_seats(session, dojo)


def _coders(session: Session, rows: list[DojoParticipant]) -> set[uuid.UUID]:
    """Those of ``rows`` whose tenant role lets them write code now (active, not viewers)."""
    query = select(User.id, User.roles, User.is_active).where(col(User.id).in_([p.user_id for p in rows]))
    return {
        uid
        for uid, roles, active in session.exec(query).all()
        if active and CODE_PERMISSION in permissions_for(list(roles or []))
    }


def _fill_seats(session: Session, dojo: Dojo) -> None:
    """Seats held by someone who may no longer code go back to the audience; free seats go down the queue."""
    present = participants(session, dojo)
    coders = _coders(session, present)
    for p in present:
        if p.role in CODE_ROLES and p.user_id not in coders:
            p.role = "audience"
            session.add(p)
    copilot = next((p for p in present if p.role == "copilot"), None)
    if copilot is not None and not any(p.role == "pilot" for p in present):
        copilot.role = "pilot"  # the co-pilot takes the wheel, the queue fills the co-pilot seat
        session.add(copilot)
    for role in CODE_ROLES:
        if not any(p.role == role for p in present):
            waiting = next((p for p in present if p.role == "audience" and p.user_id in coders), None)
            if waiting is not None:
                waiting.role = role
                session.add(waiting)


def _record_roles(session: Session, dojo: Dojo, actor_id: uuid.UUID | None) -> None:
    roles = {str(p.user_id): p.role for p in participants(session, dojo)}
    record(session, dojo, actor_id=actor_id, kind="rotate", roles=roles)


def unseat(session: Session, actor: Actor, dojo: Dojo) -> bool:
    """The actor leaves (the host stays host when they come back); False when they were not here."""
    me = participant(session, dojo, actor.user_id)
    if me is None or me.left_at is not None:
        return False
    _vacate(session, dojo, me)
    record(session, dojo, actor_id=actor.user_id, kind="leave")
    return True


def expel(session: Session, actor: Actor, dojo: Dojo, user_id: uuid.UUID) -> None:
    """The host removes someone; they cannot come back to this Dojo."""
    require_host(actor, dojo)
    them = participant(session, dojo, user_id)
    if them is None or them.user_id == dojo.host_id:
        raise NotFound(N_("Participante não encontrado."), code="participant_not_found")
    them.removed = True
    _vacate(session, dojo, them)
    record(session, dojo, actor_id=actor.user_id, kind="removed", userId=str(user_id))


def next_turn(session: Session, actor: Actor, dojo: Dojo) -> None:
    """Pilot → audience (end of queue), co-pilot → pilot, next in queue → co-pilot; the timer restarts."""
    me = refuse_removed(session, dojo, actor)
    seated = me is not None and me.left_at is None and me.role in CODE_ROLES
    if dojo.host_id != actor.user_id and not seated:
        raise Forbidden(N_("Só quem conduz o Dojo, pilota ou copilota pode trocar a vez."), code="cannot_rotate")
    require_live(dojo)
    _hold_seats(session, dojo)
    present = participants(session, dojo)
    pilot = next((p for p in present if p.role == "pilot"), None)
    copilot = next((p for p in present if p.role == "copilot"), None)
    if pilot is not None:
        pilot.role, pilot.queue_order = "audience", _next_queue(session, dojo)
        session.add(pilot)
    if copilot is not None:
        copilot.role = "pilot"  # _fill_seats sends them to the audience if they may no longer code
        session.add(copilot)
    session.flush()
    _fill_seats(session, dojo)
    dojo.rotation_started_at = utcnow()
    session.add(dojo)
    session.flush()
    _record_roles(session, dojo, actor.user_id)


def check_channel(session: Session, *, actor: Actor, dojo_id: uuid.UUID) -> bool:
    """Re-check an open socket's person: refused once removed; a seat they may no longer code from is given up.

    ``actor`` is read fresh by the caller (deactivation raises there). True when the seats changed.
    """
    dojo = access_dojo_by_id(session, actor, dojo_id)
    me = refuse_removed(session, dojo, actor)
    if dojo.status != "live" or me is None or me.left_at is not None or me.role not in CODE_ROLES:
        return False
    if actor.can(CODE_PERMISSION):
        return False
    _hold_seats(session, dojo)
    me.role = "audience"
    session.add(me)
    session.flush()
    _fill_seats(session, dojo)
    _record_roles(session, dojo, None)
    return True
