"""Scheduled reports: subscribe, list, cancel, unsubscribe by link; beat renders due ones; done ones are mailed.

Periods and run times follow the tenant's time zone: a weekly report covers Monday to Sunday of the week
before and runs on Monday at 07:00; a monthly one covers the month before and runs on its 1st at 07:00.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from poc_tracker.errors import Invalid, NotFound
from poc_tracker.models import ReportSchedule
from poc_tracker.models.base import utcnow
from poc_tracker.reports.params import FORMATS, KINDS, parse_filters
from poc_tracker.reports.scope import filter_labels, require_reports
from poc_tracker.services import reports
from poc_tracker.services.actor import Actor
from poc_tracker.services.report_mail import unsubscribe_hash
from poc_tracker.services.users import actor_for

log = logging.getLogger(__name__)
FREQUENCIES = ("weekly", "monthly")
RUN_AT = time(7, 0)
MAX_PER_USER = 20


def next_run(frequency: str, after: datetime, tz: str) -> datetime:
    """The next Monday (weekly) or 1st of a month (monthly) at 07:00 local, strictly after ``after``."""
    zone = ZoneInfo(tz)
    day = after.astimezone(zone).date()
    for _ in range(40):
        moment = datetime.combine(day, RUN_AT, zone)
        if moment > after and (day.weekday() == 0 if frequency == "weekly" else day.day == 1):
            return moment
        day += timedelta(days=1)
    raise ValueError(f"unknown frequency {frequency!r}")


def period_before(frequency: str, run_at: datetime, tz: str) -> tuple[date, date]:
    """The whole week (Monday–Sunday) or month before a run, in local days."""
    today = run_at.astimezone(ZoneInfo(tz)).date()
    if frequency == "weekly":
        monday = today - timedelta(days=today.weekday() + 7)
        return monday, monday + timedelta(days=6)
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def _choice(value: object, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise Invalid("Valor inválido para {field}.", code="invalid_schedule", details={"field": name}, field=name)
    return str(value)


@dataclass(frozen=True)
class Subscribed:
    """A new schedule and its unsubscribe token (shown once, then only its hash is kept)."""

    schedule: ReportSchedule
    token: str


def subscribe(session: Session, *, actor: Actor, data: dict[str, Any]) -> Subscribed:
    """Subscribe the actor to a report (members and up), e-mailed to their own address."""
    require_reports(actor)
    kind = _choice(data.get("kind"), KINDS, "kind")
    fmt = _choice(data.get("format"), FORMATS, "format")
    frequency = _choice(data.get("frequency"), FREQUENCIES, "frequency")
    filters = parse_filters(data.get("filters"))
    filter_labels(session, actor, filters)
    mine = session.exec(
        select(ReportSchedule.id).where(ReportSchedule.owner_id == actor.user_id, col(ReportSchedule.active))
    ).all()
    if len(mine) >= MAX_PER_USER:
        raise Invalid(
            "Você pode ter no máximo {count} relatórios agendados.", code="too_many_schedules", count=MAX_PER_USER
        )
    token = secrets.token_urlsafe(32)
    tz = reports.tenant_zone(session, actor.tenant_id)
    schedule = ReportSchedule(
        tenant_id=actor.tenant_id,
        owner_id=actor.user_id,
        kind=kind,
        format=fmt,
        frequency=frequency,
        filters=filters.to_json(),
        send_when_empty=bool(data.get("sendWhenEmpty", False)),
        unsubscribe_hash=unsubscribe_hash(token),
        next_run_at=next_run(frequency, utcnow(), tz),
    )
    session.add(schedule)
    session.flush()
    return Subscribed(schedule, token)


def list_schedules(session: Session, *, actor: Actor) -> list[ReportSchedule]:
    """The actor's active schedules, oldest first."""
    return list(
        session.exec(
            select(ReportSchedule)
            .where(
                ReportSchedule.tenant_id == actor.tenant_id,
                ReportSchedule.owner_id == actor.user_id,
                col(ReportSchedule.active),
            )
            .order_by(col(ReportSchedule.created_at))
        ).all()
    )


def cancel(session: Session, *, actor: Actor, schedule_id: uuid.UUID) -> None:
    """Stop one of the actor's schedules; anyone else's looks missing."""
    found = session.exec(
        select(ReportSchedule).where(
            ReportSchedule.id == schedule_id,
            ReportSchedule.tenant_id == actor.tenant_id,
            ReportSchedule.owner_id == actor.user_id,
            col(ReportSchedule.active),
        )
    ).first()
    if found is None:
        raise NotFound("Agendamento não encontrado.", code="schedule_not_found")
    found.active = False
    session.add(found)


def unsubscribe(session: Session, *, token: str) -> ReportSchedule:
    """Stop the schedule a mail's link names (no sign-in: the token is the proof)."""
    found = session.exec(
        select(ReportSchedule).where(ReportSchedule.unsubscribe_hash == unsubscribe_hash(token or ""))
    ).first()
    if found is None:
        raise NotFound("Link de cancelamento inválido.", code="unsubscribe_not_found")
    found.active = False
    session.add(found)
    return found


def run_due(session: Session, *, now: datetime | None = None, batch: int = 100) -> int:
    """Queue a report job for each due schedule (taken by compare-and-set: two beats never double it)."""
    now = now or utcnow()
    due = session.exec(
        select(ReportSchedule).where(col(ReportSchedule.active), col(ReportSchedule.next_run_at) <= now).limit(batch)
    ).all()
    queued = 0
    for schedule in due:
        tz, run_at = reports.tenant_zone(session, schedule.tenant_id), schedule.next_run_at
        taken = session.exec(
            update(ReportSchedule)
            .where(col(ReportSchedule.id) == schedule.id, col(ReportSchedule.next_run_at) == run_at)
            .values(next_run_at=next_run(schedule.frequency, now, tz), last_run_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken and _queue(session, schedule, run_at, tz):
            queued += 1
    return queued


def _queue(session: Session, schedule: ReportSchedule, run_at: datetime, tz: str) -> bool:
    try:
        actor = actor_for(session, user_id=schedule.owner_id, tenant_id=schedule.tenant_id)
        require_reports(actor)
    except Exception:  # the subscriber left or lost access: the schedule stops
        log.info("schedule stopped", extra={"event": "report_schedule_stopped", "details": {"id": str(schedule.id)}})
        session.exec(update(ReportSchedule).where(col(ReportSchedule.id) == schedule.id).values(active=False))
        return False
    first, last = period_before(schedule.frequency, run_at, tz)
    data = {"kind": schedule.kind, "format": schedule.format, "from": first.isoformat(), "to": last.isoformat()}
    job = reports.request_report(session, actor=actor, data={**data, "filters": schedule.filters})
    job.params = {**job.params, "scheduleId": str(schedule.id)}
    session.add(job)
    return True
