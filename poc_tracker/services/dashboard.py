"""The home dashboard: my numbers, recent activity in the tenant, what I use most."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, func, select

from poc_tracker.models import AuditLog, Favorite, Poc, PocTag, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor

ACTIVITY_KINDS = (
    "poc.created",
    "poc.updated",
    "poc.files_changed",
    "poc.deleted",
    "poc.restored",
    "user.registered",
    "user.provisioned",  # joined at a first sign-in through the identity provider
    "collection.created",
)


@dataclass(frozen=True)
class Activity:
    """One thing that happened in the tenant: who, what, on which record (named, linked only while it exists)."""

    action: str
    actor_name: str
    target_id: str
    target_name: str
    at: datetime
    linked: bool = False


@dataclass
class Dashboard:
    """Everything the home page shows."""

    my_pocs: int = 0
    my_pocs_this_month: int = 0
    favorites: int = 0
    tenant_pocs: int = 0
    recent_pocs: list[Poc] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    tags: list[tuple[str, int]] = field(default_factory=list)
    activity: list[Activity] = field(default_factory=list)
    team_recent: list[Poc] = field(default_factory=list)  # when I have no POC yet: what the team did lately


def _count(session: Session, *conditions: object) -> int:
    return int(session.exec(select(func.count()).select_from(Poc).where(*conditions)).one())


def _ids(rows: list[AuditLog], target_type: str) -> set[uuid.UUID]:
    found = set()
    for r in rows:
        if r.target_type == target_type:
            try:
                found.add(uuid.UUID(r.target_id))
            except ValueError:
                continue
    return found


def _people(session: Session, actor: Actor, ids: set[uuid.UUID]) -> dict[str, str]:
    if not ids:
        return {}
    query = select(User.id, User.name).where(User.tenant_id == actor.tenant_id, col(User.id).in_(ids))
    return {str(i): n for i, n in session.exec(query).all()}


def _pocs(session: Session, actor: Actor, ids: set[uuid.UUID]) -> dict[str, tuple[str, bool]]:
    """Current name of each POC and whether it can be opened (purged ones are missing)."""
    if not ids:
        return {}
    query = select(Poc.id, Poc.name, Poc.deleted_at).where(Poc.tenant_id == actor.tenant_id, col(Poc.id).in_(ids))
    return {str(i): (n, d is None) for i, n, d in session.exec(query).all()}


def _activity(session: Session, actor: Actor, limit: int) -> list[Activity]:
    """Recent events as sentences: a POC's name comes from the POC (an edit's event carries only field names)."""
    rows = list(
        session.exec(
            select(AuditLog)
            .where(AuditLog.tenant_id == actor.tenant_id, col(AuditLog.action).in_(ACTIVITY_KINDS))
            .order_by(col(AuditLog.created_at).desc())
            .limit(limit)
        ).all()
    )
    people = _people(session, actor, {r.actor_id for r in rows if r.actor_id} | _ids(rows, "user"))
    found = _pocs(session, actor, _ids(rows, "poc"))
    out = []
    for r in rows:
        name, live = found.get(r.target_id, (str(r.details.get("name", "")), False))
        if r.target_type == "user":  # "Bia entrou na equipe": the newcomer is the subject
            who, name = people.get(r.target_id, ""), ""
        else:
            who = people.get(str(r.actor_id), "")
        out.append(Activity(r.action, who, r.target_id, name, r.created_at, r.target_type == "poc" and live))
    return out


def build_dashboard(session: Session, *, actor: Actor, recent: int = 5, top: int = 6) -> Dashboard:
    """The actor's dashboard."""
    actor.require("pocs:read")
    alive = col(Poc.deleted_at).is_(None)
    mine = (Poc.tenant_id == actor.tenant_id, Poc.owner_id == actor.user_id, alive)
    month_start = utcnow().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    favorites = session.exec(
        select(func.count())
        .select_from(Favorite)
        .join(Poc, col(Poc.id) == Favorite.poc_id)
        .where(Favorite.user_id == actor.user_id, Favorite.tenant_id == actor.tenant_id, alive)
    ).one()
    recent_pocs = session.exec(select(Poc).where(*mine).order_by(col(Poc.updated_at).desc()).limit(recent)).all()
    languages = session.exec(
        select(Poc.language, func.count())
        .where(*mine)
        .group_by(Poc.language)
        .order_by(func.count().desc(), Poc.language)
        .limit(top)
    ).all()
    tags = session.exec(
        select(PocTag.tag, func.count())
        .join(Poc, col(Poc.id) == PocTag.poc_id)
        .where(*mine)
        .group_by(PocTag.tag)
        .order_by(func.count().desc(), PocTag.tag)
        .limit(top)
    ).all()
    return Dashboard(
        my_pocs=_count(session, *mine),
        my_pocs_this_month=_count(session, *mine, Poc.created_at >= month_start),
        favorites=int(favorites),
        tenant_pocs=_count(session, Poc.tenant_id == actor.tenant_id, alive),
        recent_pocs=list(recent_pocs),
        languages=[(str(n), int(c)) for n, c in languages],
        tags=[(str(n), int(c)) for n, c in tags],
        activity=_activity(session, actor, 8),
        team_recent=[] if recent_pocs else _team_recent(session, actor, recent),
    )


def _team_recent(session: Session, actor: Actor, limit: int) -> list[Poc]:
    """The tenant's most recently changed POCs (a newcomer's home is not empty in a busy tenant)."""
    query = select(Poc).where(Poc.tenant_id == actor.tenant_id, col(Poc.deleted_at).is_(None))
    return list(session.exec(query.order_by(col(Poc.updated_at).desc()).limit(limit)).all())
