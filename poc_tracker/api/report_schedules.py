"""Scheduled report routes: subscribe, list, cancel; the unsubscribe link of every mail (no sign-in)."""

from __future__ import annotations

import uuid
from datetime import datetime
from html import escape
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, status
from fastapi.responses import HTMLResponse
from pydantic import Field
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, LocaleDep, SessionDep, system_session_dep
from poc_tracker.api.reports import ReportFilters
from poc_tracker.api.schemas import CamelModel
from poc_tracker.errors import DomainError
from poc_tracker.i18n import gettext
from poc_tracker.models import ReportSchedule
from poc_tracker.services import report_schedules

router = APIRouter(tags=["reports"])


class ScheduleCreate(CamelModel):
    """A report e-mailed every week or month to the subscriber's own address."""

    kind: Literal["usage", "trends"]
    format: Literal["pdf", "xlsx", "json"]
    frequency: Literal["weekly", "monthly"]
    filters: ReportFilters = Field(default_factory=ReportFilters)
    send_when_empty: bool = False


class SchedulePublic(CamelModel):
    """A schedule as its owner sees it."""

    schedule_id: uuid.UUID
    kind: str
    format: str
    frequency: str
    filters: dict[str, Any]
    send_when_empty: bool
    next_run_at: datetime
    last_run_at: datetime | None
    created_at: datetime


class SchedulesPublic(CamelModel):
    """The caller's schedules."""

    data: list[SchedulePublic]
    total_count: int


def schedule_public(s: ReportSchedule) -> SchedulePublic:
    """A schedule on the wire."""
    return SchedulePublic(
        schedule_id=s.id,
        kind=s.kind,
        format=s.format,
        frequency=s.frequency,
        filters=s.filters,
        send_when_empty=s.send_when_empty,
        next_run_at=s.next_run_at,
        last_run_at=s.last_run_at,
        created_at=s.created_at,
    )


@router.get("/report-schedules", response_model=SchedulesPublic)
def list_schedules(session: SessionDep, actor: CurrentActor) -> SchedulesPublic:
    """My scheduled reports."""
    rows = report_schedules.list_schedules(session, actor=actor)
    return SchedulesPublic(data=[schedule_public(s) for s in rows], total_count=len(rows))


@router.post("/report-schedules", status_code=status.HTTP_201_CREATED, response_model=SchedulePublic)
def create_schedule(body: ScheduleCreate, session: SessionDep, actor: CurrentActor) -> SchedulePublic:
    """Subscribe to a report (viewers get 403); each mail carries an unsubscribe link."""
    made = report_schedules.subscribe(session, actor=actor, data=body.model_dump(mode="json", by_alias=True))
    session.commit()
    return schedule_public(made.schedule)


@router.delete("/report-schedules/{schedule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_schedule(schedule_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Stop one of my schedules."""
    report_schedules.cancel(session, actor=actor, schedule_id=schedule_id)
    session.commit()


def _page(title: str, body: str, locale: str, status_code: int = 200) -> HTMLResponse:
    lang = "en" if locale == "en" else "pt-BR"
    return HTMLResponse(
        f"<!doctype html><html lang='{lang}'><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{escape(title)}</title>"
        f"<body style='font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem'>"
        f"<h1>{escape(title)}</h1>{body}</body></html>",
        status_code=status_code,
    )


@router.get("/report-schedules/unsubscribe", response_class=HTMLResponse, include_in_schema=False)
def confirm_unsubscribe(locale: LocaleDep, token: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    """The mail's link: a button to confirm (a mail scanner following links unsubscribes nobody)."""
    title = gettext("Cancelar o relatório agendado?", locale)
    button = escape(gettext("Cancelar inscrição", locale))
    form = (
        "<form method='post'>"
        f"<input type='hidden' name='token' value='{escape(token, quote=True)}'>"
        f"<button type='submit'>{button}</button></form>"
    )
    return _page(title, form, locale)


LinkSession = Annotated[Session, Depends(system_session_dep("report unsubscribe: the link names the schedule"))]


@router.post("/report-schedules/unsubscribe", response_class=HTMLResponse, include_in_schema=False)
def unsubscribe(
    session: LinkSession, locale: LocaleDep, token: Annotated[str, Form(max_length=200)] = ""
) -> HTMLResponse:
    """Stop the schedule the link names."""
    try:
        report_schedules.unsubscribe(session, token=token)
    except DomainError as exc:
        return _page(gettext("Link inválido", locale), f"<p>{escape(exc.localized(locale))}</p>", locale, exc.status)
    session.commit()
    text = gettext("Pronto: você não vai mais receber este relatório.", locale)
    return _page(gettext("Inscrição cancelada", locale), f"<p>{escape(text)}</p>", locale)
