"""Assemble a report of either kind for one reader: scope checked first, then the aggregate queries."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from poc_tracker.models import Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.reports import trends, usage
from poc_tracker.reports.model import Report
from poc_tracker.reports.params import ReportRequest
from poc_tracker.reports.scope import Scope, filter_labels, require_reports
from poc_tracker.services.actor import Actor


def build_report(
    session: Session,
    *,
    actor: Actor,
    req: ReportRequest,
    page: tuple[int, int] | None = None,
) -> Report:
    """The report the actor asked for, with only what their role lets them see (``page``: of the POC table)."""
    require_reports(actor)
    scope = Scope(actor, req.filters)
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).one()
    report = Report(
        kind=req.kind,
        request=req,
        tenant_name=tenant.name,
        scope=scope.label,
        generated_at=utcnow().astimezone(ZoneInfo(req.tz)),
        filters=filter_labels(session, actor, req.filters),
    )
    if req.kind == "usage":
        report.metrics = [
            *usage.poc_metrics(session, scope, req),
            *usage.organise_metrics(session, scope, req),
            *usage.dojo_metrics(session, scope, req),
            *usage.search_metrics(session, scope, req),
        ]
        report.series = trends.monthly_series(session, scope, req)[:1]
        report.tables = [
            trends.series_table(report.series),
            usage.languages_table(session, scope, req),
            usage.authors_table(session, scope, req),
            usage.dojos_table(session, scope, req),
            usage.unanswered_table(session, scope, req),
            usage.pocs_table(session, scope, req, page),
        ]
    else:
        report.series = trends.monthly_series(session, scope, req)
        report.metrics = usage.poc_metrics(session, scope, req)[:4]
        report.tables = [
            trends.series_table(report.series),
            trends.languages_trend(session, scope, req),
            trends.tags_trend(session, scope, req),
            trends.decisions_table(session, scope, req),
            trends.starred_table(session, scope),
        ]
        report.heatmap = trends.activity_grid(session, scope, req)
    return report
