"""A Dojo's record: finding it (in the actor's tenant only), creating it, its event log and the code it holds."""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import Any

from pycrdt import Doc, Text
from sqlmodel import Session, col, select

from poc_tracker.errors import Forbidden, Invalid, NotFound
from poc_tracker.i18n import N_
from poc_tracker.models import Dojo, DojoEvent, DojoParticipant, Poc
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.dojos.rules import JOIN_CODE_ALPHABET, clean_dojo, text_field
from poc_tracker.services.events import emit
from poc_tracker.services.pocs import access_poc_by_id, can_edit


def _not_found() -> NotFound:
    return NotFound(N_("Dojo não encontrado."), code="dojo_not_found")


def dojo_of_tenant(session: Session, *, tenant_id: uuid.UUID, dojo_id: uuid.UUID) -> Dojo:
    """A Dojo of this tenant (the realtime layer's rooms, which hold no actor); missing and foreign alike."""
    dojo = session.exec(select(Dojo).where(Dojo.id == dojo_id, Dojo.tenant_id == tenant_id)).first()
    if dojo is None:
        raise _not_found()
    return dojo


def access_dojo_by_id(session: Session, actor: Actor, dojo_id: uuid.UUID) -> Dojo:
    """A Dojo of the actor's tenant; missing and foreign look the same."""
    return dojo_of_tenant(session, tenant_id=actor.tenant_id, dojo_id=dojo_id)


def access_dojo_by_code(session: Session, actor: Actor, code: str) -> Dojo:
    """A Dojo of the actor's tenant by its join code (spaces and case do not matter)."""
    code = "".join(code.split()).upper()
    if not code:
        raise Invalid(N_("Digite o código do Dojo."), code="required", details={"field": "code"})
    query = select(Dojo).where(Dojo.join_code == code, Dojo.tenant_id == actor.tenant_id)
    dojo = session.exec(query).first()
    if dojo is None:
        raise _not_found()
    return dojo


def participant(session: Session, dojo: Dojo, user_id: uuid.UUID) -> DojoParticipant | None:
    """Someone's seat in the Dojo, present or not."""
    return session.get(DojoParticipant, (dojo.id, user_id))


def refuse_removed(session: Session, dojo: Dojo, actor: Actor) -> DojoParticipant | None:
    """The actor's participation; Forbidden once the host removed them (every right ends with removal)."""
    me = participant(session, dojo, actor.user_id)
    if me is not None and me.removed:
        raise Forbidden(N_("Quem conduz o Dojo removeu você dele."), code="removed_from_dojo")
    return me


def create_dojo(session: Session, *, actor: Actor, data: dict[str, Any]) -> Dojo:
    """A new live Dojo hosted by the actor, optionally starting from a POC's code."""
    actor.require("pocs:write")
    fields = clean_dojo(data)
    poc_id = data.get("poc_id")
    if poc_id:
        poc_id = access_poc_by_id(session, actor, uuid.UUID(str(poc_id))).id
    code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))
    dojo = Dojo(tenant_id=actor.tenant_id, host_id=actor.user_id, poc_id=poc_id, join_code=code, **fields)
    session.add(dojo)
    # The host takes the keyboard first and then takes turns like everyone (seats.next_turn).
    session.add(DojoParticipant(dojo_id=dojo.id, user_id=actor.user_id, tenant_id=actor.tenant_id, role="pilot"))
    session.flush()
    record(session, dojo, actor_id=actor.user_id, kind="created", title=dojo.title)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="dojo.created",
        target_type="dojo",
        target_id=dojo.id,
    )
    return dojo


def poc_choices(session: Session, *, actor: Actor, keep: uuid.UUID | None = None, limit: int = 100) -> list[Poc]:
    """POCs a new Dojo may save its code to: those the actor may change, latest first (``keep`` always in)."""
    query = select(Poc).where(Poc.tenant_id == actor.tenant_id, col(Poc.deleted_at).is_(None))
    if not actor.can("pocs:write_all"):
        query = query.where(Poc.owner_id == actor.user_id)
    rows = list(session.exec(query.order_by(col(Poc.updated_at).desc()).limit(limit)).all())
    if keep is not None and all(p.id != keep for p in rows):
        try:
            poc = access_poc_by_id(session, actor, keep)
        except NotFound:  # a stale or foreign link: the form simply starts without a POC
            return rows
        rows = [poc, *rows] if can_edit(actor, poc) else rows
    return rows


def poc_name_of(session: Session, actor: Actor, dojo: Dojo) -> str:
    """The name of the POC the Dojo saves to ("" without one, or once it is deleted)."""
    if dojo.poc_id is None:
        return ""
    try:
        return access_poc_by_id(session, actor, dojo.poc_id).name
    except NotFound:
        return ""


def list_dojos(session: Session, *, actor: Actor, status: str | None = None, limit: int = 50) -> list[Dojo]:
    """The tenant's Dojos, newest first."""
    actor.require("pocs:read")
    query = select(Dojo).where(Dojo.tenant_id == actor.tenant_id)
    if status:
        query = query.where(Dojo.status == status)
    return list(session.exec(query.order_by(col(Dojo.created_at).desc()).limit(limit)).all())


def save_retrospective(session: Session, *, actor: Actor, dojo_id: uuid.UUID, went_well: str, try_next: str) -> Dojo:
    """What went well and what to try next, kept with the record."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    if refuse_removed(session, dojo, actor) is None:
        raise Forbidden(N_("Só quem participou pode escrever a retrospectiva."), code="not_a_participant")
    data = {"went_well": went_well, "try_next": try_next}
    dojo.retrospective = {
        "wentWell": text_field(data, "went_well", 4000),
        "tryNext": text_field(data, "try_next", 4000),
        "by": str(actor.user_id),
        "at": utcnow().isoformat(),
    }
    session.add(dojo)
    record(session, dojo, actor_id=actor.user_id, kind="retro")
    return dojo


# -- the event log --------------------------------------------------------------------------------------
def record(session: Session, dojo: Dojo, *, actor_id: uuid.UUID | None, kind: str, **payload: Any) -> DojoEvent:
    """Append one event to the Dojo's log (in the caller's transaction)."""
    row = DojoEvent(dojo_id=dojo.id, tenant_id=dojo.tenant_id, actor_id=actor_id, kind=kind, payload=payload)
    session.add(row)
    return row


def events_of(
    session: Session, dojo: Dojo, *, after: int = 0, limit: int | None = None, kinds: tuple[str, ...] = ()
) -> list[DojoEvent]:
    """The event log of a Dojo already accessed."""
    query = select(DojoEvent).where(
        DojoEvent.dojo_id == dojo.id, DojoEvent.tenant_id == dojo.tenant_id, col(DojoEvent.seq) > after
    )
    if kinds:
        query = query.where(col(DojoEvent.kind).in_(kinds))
    query = query.order_by(col(DojoEvent.seq))
    return list(session.exec(query.limit(limit) if limit else query).all())


def logged_edits(session: Session, dojo: Dojo, after: int = 0) -> list[tuple[int, bytes]]:
    """The Dojo's logged edits after sequence number ``after``: (seq, Yjs update)."""
    return [
        (int(ev.seq or 0), base64.b64decode(ev.payload["u"]))
        for ev in events_of(session, dojo, after=after, kinds=("edit",))
    ]


def new_doc() -> Doc:
    """An empty shared document (one text named ``code``)."""
    doc = Doc()
    doc.get("code", type=Text)
    return doc


def doc_text(doc: Doc) -> str:
    """The code in a document."""
    return str(doc.get("code", type=Text))


def logged_code(session: Session, dojo: Dojo) -> str:
    """The code rebuilt from every edit the log holds."""
    doc = new_doc()
    for _, update in logged_edits(session, dojo):
        doc.apply_update(update)
    return doc_text(doc)
