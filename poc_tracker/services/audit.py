"""The audit log: fed from domain events by a worker, read (filtered, paged, as CSV) by tenant admins."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, func, select

from poc_tracker.errors import Invalid
from poc_tracker.i18n import N_, gettext
from poc_tracker.models import AuditLog, DomainEvent, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.audit_kinds import kind_label, target_label
from poc_tracker.services.audit_minimise import minimise

CSV_MAX_ROWS = 50_000  # one export; a larger period is exported in parts
SYSTEM = N_("Sistema")  # the actor of work nobody signed in did (sweeps, purges)


def record_events(session: Session, events: list[DomainEvent]) -> None:
    """The audit consumer: one audit row per event, never two (delivering again changes nothing)."""
    ids = [e.id for e in events]
    done = set(session.exec(select(AuditLog.event_id).where(col(AuditLog.event_id).in_(ids))).all())
    now = utcnow()
    for ev in events:
        if ev.id not in done:
            session.add(
                AuditLog(
                    tenant_id=ev.tenant_id,
                    event_id=ev.id,
                    actor_id=ev.actor_id,
                    action=ev.kind,
                    target_type=ev.target_type,
                    target_id=ev.target_id,
                    details=minimise(ev.tenant_id, ev.payload),  # events recorded before minimisation too
                    created_at=ev.created_at,
                )
            )
        ev.dispatched_at = now  # when the audit log received it
        session.add(ev)
    session.flush()


@dataclass(frozen=True)
class AuditFilter:
    """What an admin narrows the log to: a person (as actor or as target), kinds, a period [start, end)."""

    person_id: uuid.UUID | None = None
    kinds: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("start", "end"):  # a moment without a zone is UTC, as the log stores it
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:
                object.__setattr__(self, name, moment.replace(tzinfo=UTC))
        if self.start and self.end and self.start >= self.end:
            raise Invalid("O fim do período deve ser depois do início.", code="invalid_period", details={"field": "to"})


def _where(actor: Actor, f: AuditFilter) -> list:
    conds = [AuditLog.tenant_id == actor.tenant_id]  # another tenant's entries never match
    if f.person_id is not None:
        as_target = (AuditLog.target_type == "user") & (AuditLog.target_id == str(f.person_id))
        conds.append((AuditLog.actor_id == f.person_id) | as_target)
    if f.kinds:
        conds.append(col(AuditLog.action).in_(f.kinds))
    if f.start is not None:
        conds.append(col(AuditLog.created_at) >= f.start)
    if f.end is not None:
        conds.append(col(AuditLog.created_at) < f.end)
    return conds


def list_audit(
    session: Session, *, actor: Actor, filters: AuditFilter | None = None, page: int = 1, limit: int = 50
) -> tuple[list[AuditLog], int]:
    """The tenant's audit log, newest first (admins and owners), narrowed by ``filters``."""
    actor.require("users:read")
    conds = _where(actor, filters or AuditFilter())
    total = session.exec(select(func.count()).select_from(AuditLog).where(*conds)).one()
    rows = session.exec(
        select(AuditLog)
        .where(*conds)
        .order_by(col(AuditLog.created_at).desc(), col(AuditLog.id))
        .offset((page - 1) * limit)
        .limit(limit)
    ).all()
    return list(rows), total


def people_names(session: Session, actor: Actor, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names of the tenant's people among ``ids`` (someone erased since has no row: shown as removed)."""
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.name).where(User.tenant_id == actor.tenant_id, col(User.id).in_(ids)))
    return dict(rows.all())


def actor_name(names: dict[uuid.UUID, str], actor_id: uuid.UUID | None, locale: str) -> str:
    """Who acted, as shown: their name, "Sistema" or "Pessoa removida"."""
    if actor_id is None:
        return gettext(SYSTEM, locale)
    return names.get(actor_id) or gettext(N_("Pessoa removida"), locale)


CSV_HEADER = (
    N_("Data e hora (UTC)"),
    N_("Ação"),
    N_("Pessoa"),
    N_("ID da pessoa"),
    N_("Alvo"),
    N_("ID do alvo"),
    N_("Detalhes"),
)


def audit_csv(session: Session, *, actor: Actor, filters: AuditFilter, locale: str) -> str:
    """The filtered log as CSV (header in ``locale``), newest first, at most ``CSV_MAX_ROWS`` rows."""
    rows, _ = list_audit(session, actor=actor, filters=filters, page=1, limit=CSV_MAX_ROWS)
    names = people_names(session, actor, {r.actor_id for r in rows if r.actor_id})
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow([gettext(h, locale) for h in CSV_HEADER])
    for r in rows:
        details = ";".join(f"{k}={v}" for k, v in sorted(r.details.items()))
        out.writerow(
            [
                r.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                kind_label(r.action, locale),
                _cell(actor_name(names, r.actor_id, locale)),
                str(r.actor_id or ""),
                target_label(r.target_type, locale),
                r.target_id,
                _cell(details),
            ]
        )
    return "\ufeff" + buf.getvalue()  # a BOM, so spreadsheet apps read the accents as UTF-8


def _cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection: values are user data)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
