"""The use cases that change a live Dojo, shared by the API, the UI and the channel.

Each asks the realtime layer (``LiveEdits``) to write the edits still batched in memory, in every web
process, before it reads or closes the record, so the log orders them before the change and the code it
keeps is complete; and has the rooms told once the change is committed.
"""

from __future__ import annotations

import io
import uuid
from typing import Protocol

from sqlmodel import Session

from poc_tracker.errors import Invalid
from poc_tracker.i18n import N_
from poc_tracker.models import Dojo, DojoEvent, DojoParticipant
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.dojos.records import (
    access_dojo_by_code,
    access_dojo_by_id,
    events_of,
    logged_code,
    record,
    refuse_removed,
)
from poc_tracker.services.dojos.rules import DOJO_LANGUAGES, require_host
from poc_tracker.services.dojos.seats import expel, next_turn, seat, unseat
from poc_tracker.services.events import emit
from poc_tracker.unit_of_work import on_commit


class LiveEdits(Protocol):
    """What the realtime layer does for the use cases (``poc_tracker.realtime.live`` implements it)."""

    def flush(self, dojo_id: uuid.UUID) -> None:
        """Write the Dojo's edits still batched in any web process to its log; return once they are.

        Blocks (a round trip to the other processes): call it from a worker thread, never an event loop.
        """

    def announce(self, dojo_id: uuid.UUID) -> None:
        """Tell every room of the Dojo, in every process, that its session data changed."""


def _announce_on_commit(session: Session, live: LiveEdits, dojo_id: uuid.UUID) -> None:
    on_commit(session, lambda: live.announce(dojo_id), key=("dojo.announce", dojo_id))


def _flushed(session: Session, live: LiveEdits, actor: Actor, dojo_id: uuid.UUID) -> Dojo:
    """The Dojo, once the edits typed anywhere before this call are in its log."""
    dojo = access_dojo_by_id(session, actor, dojo_id)  # nothing is asked of the rooms for another tenant's id
    live.flush(dojo.id)
    return dojo


def join_dojo(session: Session, *, actor: Actor, dojo_id: uuid.UUID, live: LiveEdits) -> DojoParticipant:
    """Join (or come back to) a Dojo; the first free seat of pilot, co-pilot, else the audience."""
    actor.require("pocs:read")
    me = seat(session, actor, _flushed(session, live, actor, dojo_id))
    _announce_on_commit(session, live, dojo_id)
    return me


def join_by_code(session: Session, *, actor: Actor, code: str, live: LiveEdits) -> Dojo:
    """Join a live Dojo of the actor's organisation by the code its host shared."""
    dojo = access_dojo_by_code(session, actor, code)
    join_dojo(session, actor=actor, dojo_id=dojo.id, live=live)
    return dojo


def leave_dojo(session: Session, *, actor: Actor, dojo_id: uuid.UUID, live: LiveEdits) -> None:
    """Leave a Dojo (the host stays host when they come back)."""
    if unseat(session, actor, access_dojo_by_id(session, actor, dojo_id)):
        _announce_on_commit(session, live, dojo_id)


def remove_participant(
    session: Session, *, actor: Actor, dojo_id: uuid.UUID, user_id: uuid.UUID, live: LiveEdits
) -> None:
    """The host removes someone; they cannot come back to this Dojo (their sockets close)."""
    expel(session, actor, access_dojo_by_id(session, actor, dojo_id), user_id)
    _announce_on_commit(session, live, dojo_id)


def rotate(session: Session, *, actor: Actor, dojo_id: uuid.UUID, live: LiveEdits) -> Dojo:
    """Next turn: the pilot's last edits are logged before the seats change."""
    dojo = _flushed(session, live, actor, dojo_id)
    next_turn(session, actor, dojo)
    _announce_on_commit(session, live, dojo_id)
    return dojo


def set_editor_open(session: Session, *, actor: Actor, dojo_id: uuid.UUID, open_: bool, live: LiveEdits) -> Dojo:
    """The host opens the editor to everyone (or closes it back to pilot and co-pilot)."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    require_host(actor, dojo)
    live.flush(dojo.id)
    dojo.editor_open = open_
    session.add(dojo)
    record(session, dojo, actor_id=actor.user_id, kind="editor", open=open_)
    _announce_on_commit(session, live, dojo_id)
    return dojo


def end_dojo(session: Session, *, actor: Actor, dojo_id: uuid.UUID, live: LiveEdits) -> Dojo:
    """The host ends the Dojo; the code as it stands, every process's last edits included, is its final code."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    require_host(actor, dojo)
    live.flush(dojo.id)
    if dojo.status != "live":
        return dojo
    dojo.status, dojo.ended_at, dojo.final_code = "ended", utcnow(), logged_code(session, dojo)
    session.add(dojo)
    record(session, dojo, actor_id=actor.user_id, kind="end")
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="dojo.ended",
        target_type="dojo",
        target_id=dojo.id,
    )
    _announce_on_commit(session, live, dojo_id)
    return dojo


def save_code_to_poc(
    session: Session,
    *,
    actor: Actor,
    dojo_id: uuid.UUID,
    live: LiveEdits,
    code: str | None = None,
    poc_id: uuid.UUID | None = None,
    path: str | None = None,
) -> tuple[Dojo, uuid.UUID, int | None]:
    """Save the code (the shared document as it stands unless given) as a new version of a POC.

    The POC is the Dojo's own unless ``poc_id`` says otherwise; returns the Dojo, the POC and the version.
    """
    from poc_tracker.services.files import upload_files
    from poc_tracker.services.uploads import UploadItem

    dojo = access_dojo_by_id(session, actor, dojo_id)
    refuse_removed(session, dojo, actor)
    target = poc_id or dojo.poc_id
    if target is None:
        raise Invalid(N_("Escolha a POC onde salvar o código."), code="poc_required")
    if code is None:
        live.flush(dojo.id)
        code = logged_code(session, dojo)
    default_name = f"dojo.{DOJO_LANGUAGES.get(dojo.language, 'txt')}"
    result = upload_files(
        session,
        actor=actor,
        poc_id=target,
        message=f"Dojo: {dojo.title}",
        items=[UploadItem(name=path or default_name, stream=io.BytesIO(code.encode("utf-8")))],
    )
    version = result.version.number if result.version else None
    dojo.final_code = code
    session.add(dojo)
    record(session, dojo, actor_id=actor.user_id, kind="saved", pocId=str(target), version=version)
    return dojo, target, version


def list_events(
    session: Session,
    *,
    actor: Actor,
    dojo_id: uuid.UUID,
    live: LiveEdits,
    after: int = 0,
    limit: int = 1000,
    kinds: tuple[str, ...] = (),
) -> list[DojoEvent]:
    """The Dojo's event log in order, from ``after`` on, edits still batched anywhere included.

    Refused to someone removed from the Dojo.
    """
    dojo = access_dojo_by_id(session, actor, dojo_id)
    refuse_removed(session, dojo, actor)
    live.flush(dojo.id)
    return events_of(session, dojo, after=after, limit=limit, kinds=kinds)
