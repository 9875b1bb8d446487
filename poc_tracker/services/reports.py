"""Reports as jobs: ask for one (validated at once), follow it, and the worker's rendering of it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from poc_tracker.db import session_scope
from poc_tracker.models import Job, Poc, PocTag, Tenant, User
from poc_tracker.reports.build import build_report
from poc_tracker.reports.json_export import render_json
from poc_tracker.reports.model import Report
from poc_tracker.reports.naming import file_name
from poc_tracker.reports.params import parse_request, request_from_params, zone
from poc_tracker.reports.pdf import render_pdf
from poc_tracker.reports.scope import filter_labels, require_reports, sees_whole_tenant
from poc_tracker.reports.xlsx import render_xlsx
from poc_tracker.services import jobs
from poc_tracker.services.actor import Actor
from poc_tracker.services.collections import list_collections
from poc_tracker.services.job_runner import JobContext
from poc_tracker.services.report_mail import mail_done_report
from poc_tracker.settings import get_settings

KIND = "report"


def _on_done(session: Session, job: Job) -> None:
    """A finished report that a schedule asked for goes out by e-mail (in the same transaction)."""
    mail_done_report(session, job)


jobs.register_kind(KIND, task="poc_tracker.reports.render", queue="reports", on_done=_on_done)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
RENDERERS = {"pdf": render_pdf, "xlsx": render_xlsx, "json": render_json}


def tenant_zone(session: Session, tenant_id: uuid.UUID) -> str:
    """The tenant's time zone (its settings), else the default one."""
    tenant = session.exec(select(Tenant).where(Tenant.id == tenant_id)).one()
    return zone(str(tenant.settings.get("timeZone") or ""), get_settings().timezone)


def request_report(session: Session, *, actor: Actor, data: dict[str, Any]) -> Job:
    """Queue a report: the request is checked now (bad input, filters the actor cannot see), rendered later."""
    require_reports(actor)
    req = parse_request(data, tz=tenant_zone(session, actor.tenant_id))
    filter_labels(session, actor, req.filters)  # an unknown author or collection is refused here, not in the worker
    return jobs.create_job(session, actor=actor, kind=KIND, params=req.to_params())


def access_report(session: Session, actor: Actor, report_id: uuid.UUID) -> Job:
    """One of the actor's reports; anyone else's looks missing."""
    return jobs.access_job_by_id(session, actor, report_id, kind=KIND)


def list_reports(session: Session, *, actor: Actor, limit: int = 20, offset: int = 0) -> tuple[list[Job], int]:
    """The actor's reports, newest first."""
    return jobs.list_jobs(session, actor=actor, kind=KIND, limit=limit, offset=offset)


def render(ctx: JobContext) -> None:
    """The worker's part: aggregate queries, then the file, in the owner's language."""
    req = request_from_params(ctx.params)
    locale = ctx.actor.locale
    target = ctx.workdir / f"report.{req.format}"
    with session_scope(tenant_id=ctx.tenant_id) as session:
        report = build_report(session, actor=ctx.actor, req=req)
        ctx.params["empty"] = report.empty  # a schedule may skip mailing an empty report
        ctx.progress(20)
        RENDERERS[req.format](report, locale, target, lambda p: ctx.progress(20 + 0.78 * p))
    ctx.add_file(Path(target), file_name(req, locale), CONTENT_TYPES[req.format])


@dataclass(frozen=True)
class FilterOptions:
    """What the page offers in its filters: only what the reader may choose."""

    languages: list[str]
    tags: list[str]
    authors: list[tuple[str, str]]  # (id, name); admins and owners only
    collections: list[tuple[str, str]]  # (id, name) the reader can see


def filter_options(session: Session, *, actor: Actor) -> FilterOptions:
    """Languages and tags in use, people (for admins) and visible collections, counted by the database."""
    require_reports(actor)
    alive = (Poc.tenant_id == actor.tenant_id, col(Poc.deleted_at).is_(None))
    languages = session.exec(select(Poc.language).where(*alive).group_by(Poc.language).order_by(Poc.language)).all()
    tags = session.exec(
        select(PocTag.tag)
        .where(PocTag.tenant_id == actor.tenant_id)
        .group_by(PocTag.tag)
        .order_by(PocTag.tag)
        .limit(200)
    ).all()
    authors = (
        session.exec(
            select(User.id, User.name).where(User.tenant_id == actor.tenant_id).order_by(User.name).limit(500)
        ).all()
        if sees_whole_tenant(actor)
        else []
    )
    found, _ = list_collections(session, actor=actor, limit=100)
    return FilterOptions(
        list(languages), list(tags), [(str(i), n) for i, n in authors], [(str(c.id), c.name) for c in found]
    )


def preview(session: Session, *, actor: Actor, data: dict[str, Any], page: int = 1, page_size: int = 20) -> Report:
    """The report on screen: the same queries as the files, with one page of the POC table."""
    require_reports(actor)
    req = parse_request({**data, "format": "json"}, tz=tenant_zone(session, actor.tenant_id))
    return build_report(session, actor=actor, req=req, page=(max(1, page), page_size))
