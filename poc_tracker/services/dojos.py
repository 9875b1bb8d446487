"""Live Dojos: create, join, leave, rotate, end, remove; the event log and the retrospective."""

from __future__ import annotations

import io
import secrets
import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from poc_tracker.auth.roles import permissions_for
from poc_tracker.errors import Forbidden, Invalid, NotFound
from poc_tracker.i18n import N_
from poc_tracker.models import Dojo, DojoEvent, DojoParticipant, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.pocs import access_poc_by_id

FORMATS = ("randori", "kata")
DOJO_LANGUAGES = {
    "python": "py",
    "javascript": "js",
    "typescript": "ts",
    "java": "java",
    "go": "go",
    "rust": "rs",
    "cpp": "cpp",
    "text": "txt",
}
CODE_ROLES = ("pilot", "copilot")
SHARE_ROLES = ("host", *CODE_ROLES)
CODE_PERMISSION = "pocs:write"  # viewers lack it: they watch and chat, never pilot or edit
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _text(data: dict[str, Any], key: str, max_length: int, *, required: bool = False) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise Invalid(N_("Campo obrigatório."), code="required", details={"field": key})
    if len(value) > max_length:
        raise Invalid(N_("Texto longo demais."), code="too_long", details={"field": key, "max": max_length})
    return value


def clean_dojo(data: dict[str, Any]) -> dict[str, Any]:
    """Checked fields of a new Dojo."""
    fmt = str(data.get("format") or "randori")
    language = str(data.get("language") or "python").lower()
    if fmt not in FORMATS:
        raise Invalid(N_("Formato inválido."), details={"field": "format", "allowed": list(FORMATS)})
    if language not in DOJO_LANGUAGES:
        raise Invalid(N_("Linguagem não disponível."), details={"field": "language", "allowed": list(DOJO_LANGUAGES)})
    try:
        minutes = int(data.get("rotation_minutes") or 7)
    except (TypeError, ValueError):
        minutes = 0
    if not 1 <= minutes <= 60:
        raise Invalid(
            N_("A rodada deve ter de 1 a 60 minutos."), details={"field": "rotationMinutes", "min": 1, "max": 60}
        )
    return {
        "title": _text(data, "title", 100, required=True),
        "kata": _text(data, "kata", 20000),
        "format": fmt,
        "language": language,
        "rotation_minutes": minutes,
    }


def record(session: Session, dojo: Dojo, *, actor_id: uuid.UUID | None, kind: str, **payload: Any) -> DojoEvent:
    """Append one event to the Dojo's log (in the caller's transaction)."""
    row = DojoEvent(dojo_id=dojo.id, tenant_id=dojo.tenant_id, actor_id=actor_id, kind=kind, payload=payload)
    session.add(row)
    return row


def access_dojo_by_id(session: Session, actor: Actor, dojo_id: uuid.UUID) -> Dojo:
    """A Dojo of the actor's tenant; missing and foreign look the same."""
    dojo = session.exec(select(Dojo).where(Dojo.id == dojo_id, Dojo.tenant_id == actor.tenant_id)).first()
    if dojo is None:
        raise NotFound(N_("Dojo não encontrado."), code="dojo_not_found")
    return dojo


def access_dojo_by_code(session: Session, actor: Actor, code: str) -> Dojo:
    """A live Dojo of the actor's tenant by its join code."""
    query = select(Dojo).where(Dojo.join_code == code.strip().upper(), Dojo.tenant_id == actor.tenant_id)
    dojo = session.exec(query).first()
    if dojo is None:
        raise NotFound(N_("Dojo não encontrado."), code="dojo_not_found")
    return dojo


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
    session.add(DojoParticipant(dojo_id=dojo.id, user_id=actor.user_id, tenant_id=actor.tenant_id, role="host"))
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


def list_dojos(session: Session, *, actor: Actor, status: str | None = None, limit: int = 50) -> list[Dojo]:
    """The tenant's Dojos, newest first."""
    actor.require("pocs:read")
    query = select(Dojo).where(Dojo.tenant_id == actor.tenant_id)
    if status:
        query = query.where(Dojo.status == status)
    return list(session.exec(query.order_by(col(Dojo.created_at).desc()).limit(limit)).all())


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
        {"userId": str(p.user_id), "name": names.get(p.user_id, "?"), "role": p.role, "queue": p.queue_order}
        for p in rows
    ]


def _participant(session: Session, dojo: Dojo, user_id: uuid.UUID) -> DojoParticipant | None:
    return session.get(DojoParticipant, (dojo.id, user_id))


def _next_queue(session: Session, dojo: Dojo) -> int:
    return max((p.queue_order for p in participants(session, dojo, present=False)), default=0) + 1


def join_dojo(session: Session, *, actor: Actor, dojo_id: uuid.UUID) -> DojoParticipant:
    """Join (or come back to) a Dojo; the first free seat of pilot, co-pilot, else the audience."""
    actor.require("pocs:read")
    dojo = access_dojo_by_id(session, actor, dojo_id)
    me = _participant(session, dojo, actor.user_id)
    if me is not None and me.removed:
        raise Forbidden(N_("O anfitrião removeu você deste Dojo."), code="removed_from_dojo")
    if me is not None and me.left_at is None:
        return me
    if dojo.status != "live":
        raise Invalid(N_("Este Dojo já terminou."), code="dojo_ended")
    taken = {p.role for p in participants(session, dojo)}
    role = next((r for r in CODE_ROLES if r not in taken), "audience") if actor.can(CODE_PERMISSION) else "audience"
    if me is None:
        me = DojoParticipant(dojo_id=dojo.id, user_id=actor.user_id, tenant_id=dojo.tenant_id)
    if me.role != "host":
        me.role = role
    me.left_at, me.queue_order, me.joined_at = None, _next_queue(session, dojo), utcnow()
    session.add(me)
    record(session, dojo, actor_id=actor.user_id, kind="join", role=me.role)
    return me


def _vacate(session: Session, dojo: Dojo, me: DojoParticipant) -> None:
    """Someone leaves: a vacated pilot/co-pilot seat is filled from the queue."""
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
    for seat in CODE_ROLES:
        if not any(p.role == seat for p in present):
            waiting = next((p for p in present if p.role == "audience" and p.user_id in coders), None)
            if waiting is not None:
                waiting.role = seat
                session.add(waiting)


def leave_dojo(session: Session, *, actor: Actor, dojo_id: uuid.UUID) -> None:
    """Leave a Dojo (the host stays host when they come back)."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    me = _participant(session, dojo, actor.user_id)
    if me is None or me.left_at is not None:
        return
    _vacate(session, dojo, me)
    record(session, dojo, actor_id=actor.user_id, kind="leave")


def _refuse_removed(session: Session, dojo: Dojo, actor: Actor) -> DojoParticipant | None:
    """The actor's participation; Forbidden once the host removed them (every right ends with removal)."""
    me = _participant(session, dojo, actor.user_id)
    if me is not None and me.removed:
        raise Forbidden(N_("O anfitrião removeu você deste Dojo."), code="removed_from_dojo")
    return me


def _require_host(actor: Actor, dojo: Dojo) -> None:
    if dojo.host_id != actor.user_id and not actor.can("pocs:write_all"):
        raise Forbidden(N_("Só o anfitrião pode fazer isso."), code="host_only")


def remove_participant(session: Session, *, actor: Actor, dojo_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """The host removes someone; they cannot come back to this Dojo."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    _require_host(actor, dojo)
    them = _participant(session, dojo, user_id)
    if them is None or them.role == "host":
        raise NotFound(N_("Participante não encontrado."), code="participant_not_found")
    them.removed = True
    _vacate(session, dojo, them)
    record(session, dojo, actor_id=actor.user_id, kind="removed", userId=str(user_id))


def rotate(session: Session, *, actor: Actor, dojo_id: uuid.UUID) -> Dojo:
    """Pilot → audience (end of queue), co-pilot → pilot, next in queue → co-pilot; the timer restarts."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    me = _refuse_removed(session, dojo, actor)
    seated = me is not None and me.left_at is None and me.role in CODE_ROLES
    if dojo.host_id != actor.user_id and not seated:
        raise Forbidden(N_("Só o anfitrião, o piloto ou o copiloto podem trocar a vez."), code="cannot_rotate")
    if dojo.status != "live":
        raise Invalid(N_("Este Dojo já terminou."), code="dojo_ended")
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
    record(
        session,
        dojo,
        actor_id=actor.user_id,
        kind="rotate",
        roles={str(p.user_id): p.role for p in participants(session, dojo)},
    )
    return dojo


def set_editor_open(session: Session, *, actor: Actor, dojo_id: uuid.UUID, open_: bool) -> Dojo:
    """The host opens the editor to everyone (or closes it back to pilot and co-pilot)."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    _require_host(actor, dojo)
    dojo.editor_open = open_
    session.add(dojo)
    record(session, dojo, actor_id=actor.user_id, kind="editor", open=open_)
    return dojo


def may_edit(dojo: Dojo, role: str | None, *, coder: bool = True) -> bool:
    """Whether someone with this Dojo role (and, with ``coder``, a tenant role that writes code) may edit now."""
    if dojo.status != "live" or role is None or not coder:
        return False
    if dojo.editor_open or role in CODE_ROLES:
        return True
    return dojo.format == "kata" and role == "host"


def end_dojo(session: Session, *, actor: Actor, dojo_id: uuid.UUID, final_code: str | None = None) -> Dojo:
    """The host ends the Dojo; its record stays for replay."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    _require_host(actor, dojo)
    if dojo.status == "live":
        dojo.status, dojo.ended_at = "ended", utcnow()
        if final_code is not None:
            dojo.final_code = final_code
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
    return dojo


def save_retrospective(session: Session, *, actor: Actor, dojo_id: uuid.UUID, went_well: str, try_next: str) -> Dojo:
    """What went well and what to try next, kept with the record."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    if _refuse_removed(session, dojo, actor) is None:
        raise Forbidden(N_("Só quem participou pode escrever a retrospectiva."), code="not_a_participant")
    data = {"went_well": went_well, "try_next": try_next}
    dojo.retrospective = {
        "wentWell": _text(data, "went_well", 4000),
        "tryNext": _text(data, "try_next", 4000),
        "by": str(actor.user_id),
        "at": utcnow().isoformat(),
    }
    session.add(dojo)
    record(session, dojo, actor_id=actor.user_id, kind="retro")
    return dojo


def list_events(
    session: Session,
    *,
    actor: Actor,
    dojo_id: uuid.UUID,
    after: int = 0,
    limit: int = 1000,
    kinds: tuple[str, ...] = (),
) -> list[DojoEvent]:
    """The Dojo's event log in order, from ``after`` on (not to someone removed from it)."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    _refuse_removed(session, dojo, actor)
    return events_of(session, dojo, after=after, limit=limit, kinds=kinds)


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


def save_code_to_poc(
    session: Session,
    *,
    actor: Actor,
    dojo_id: uuid.UUID,
    code: str,
    poc_id: uuid.UUID | None = None,
    path: str | None = None,
) -> tuple[Dojo, int | None]:
    """Save the code as a new version of a POC (the Dojo's own by default)."""
    from poc_tracker.services.files import upload_files
    from poc_tracker.services.uploads import UploadItem

    dojo = access_dojo_by_id(session, actor, dojo_id)
    _refuse_removed(session, dojo, actor)
    target = poc_id or dojo.poc_id
    if target is None:
        raise Invalid(N_("Escolha a POC onde salvar o código."), code="poc_required")
    name = path or f"dojo.{DOJO_LANGUAGES.get(dojo.language, 'txt')}"
    result = upload_files(
        session,
        actor=actor,
        poc_id=target,
        message=f"Dojo: {dojo.title}",
        items=[UploadItem(name=name, stream=io.BytesIO(code.encode("utf-8")))],
    )
    dojo.final_code = code
    session.add(dojo)
    record(
        session,
        dojo,
        actor_id=actor.user_id,
        kind="saved",
        pocId=str(target),
        version=result.version.number if result.version else None,
    )
    return dojo, result.version.number if result.version else None


def seconds_left(dojo: Dojo, now: datetime | None = None) -> int:
    """Seconds left in the current rotation (negative when time is up)."""
    elapsed = ((now or utcnow()) - dojo.rotation_started_at).total_seconds()
    return int(dojo.rotation_minutes * 60 - elapsed)


# -- the live channel ---------------------------------------------------------------------------------
def open_channel(session: Session, *, actor: Actor, dojo_id: uuid.UUID) -> Dojo:
    """The Dojo a socket enters (joined while live); refused to anyone removed from it."""
    dojo = access_dojo_by_id(session, actor, dojo_id)
    _refuse_removed(session, dojo, actor)
    if dojo.status == "live":
        join_dojo(session, actor=actor, dojo_id=dojo_id)
    return dojo


def check_channel(session: Session, *, actor: Actor, dojo_id: uuid.UUID) -> bool:
    """Re-check an open socket's person: refused once removed; a seat they may no longer code from is given up.

    ``actor`` is read fresh by the caller (deactivation raises there). True when the seats changed.
    """
    dojo = access_dojo_by_id(session, actor, dojo_id)
    me = _refuse_removed(session, dojo, actor)
    if dojo.status != "live" or me is None or me.left_at is not None or me.role not in CODE_ROLES:
        return False
    if actor.can(CODE_PERMISSION):
        return False
    me.role = "audience"
    session.add(me)
    session.flush()
    _fill_seats(session, dojo)
    record(
        session, dojo, actor_id=None, kind="rotate", roles={str(p.user_id): p.role for p in participants(session, dojo)}
    )
    return True


def removed_ids(session: Session, dojo: Dojo) -> set[str]:
    """Who the host removed from the Dojo (user ids as text, like the roster's)."""
    query = select(DojoParticipant.user_id).where(
        DojoParticipant.dojo_id == dojo.id,
        DojoParticipant.tenant_id == dojo.tenant_id,
        col(DojoParticipant.removed).is_(True),
    )
    return {str(uid) for uid in session.exec(query).all()}


def require_present(role: str | None) -> None:
    """Chat, reactions and screen-share signalling are for those in the Dojo (viewers included)."""
    if role is None:
        raise Forbidden(N_("Você não está neste Dojo."), code="not_in_dojo")


def require_share(role: str | None, *, coder: bool) -> None:
    """Sharing the screen is for the host, the pilot and the co-pilot (never a viewer)."""
    require_present(role)
    if role not in SHARE_ROLES or not coder:
        raise Forbidden(N_("Só o anfitrião, o piloto ou o copiloto podem compartilhar a tela."), code="cannot_share")
