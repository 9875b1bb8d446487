"""Report routes: ask for a report (202), follow it, list them, download its file, retry it; its JSON Schema."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse
from pydantic import Field

from poc_tracker.api.deps import CurrentActor, LocaleDep, SessionDep
from poc_tracker.api.jobs import JobPublic, download_response, job_fields
from poc_tracker.api.schemas import CamelModel
from poc_tracker.errors import NotFound
from poc_tracker.models import Job
from poc_tracker.reports.model import SCHEMA_VERSION
from poc_tracker.reports.schema import report_schema
from poc_tracker.services import jobs, reports

router = APIRouter(tags=["reports"])


class ReportFilters(CamelModel):
    """Narrowing of a report (all optional)."""

    language: str | None = Field(None, max_length=40)
    tags: list[str] = Field(default_factory=list, max_length=10)
    author_id: uuid.UUID | None = None
    collection_id: uuid.UUID | None = None


class ReportCreate(CamelModel):
    """What to report on: kind, format and the period's first and last day (inclusive, tenant's time zone)."""

    kind: Literal["usage", "trends"]
    format: Literal["pdf", "xlsx", "json"]
    from_: date = Field(alias="from")
    to: date
    filters: ReportFilters = Field(default_factory=ReportFilters)


class ReportAccepted(CamelModel):
    """A queued report: poll ``GET /reports/{reportId}``."""

    report_id: uuid.UUID
    status: str


class ReportPublic(JobPublic):
    """A report job: what was asked and how far it is."""

    report_id: uuid.UUID
    kind: str
    format: str
    from_: date = Field(alias="from")
    to: date
    filters: dict[str, Any]


class ReportsPublic(CamelModel):
    """A page of the caller's reports."""

    data: list[ReportPublic]
    total_count: int
    has_more: bool


def report_public(job: Job, locale: str) -> ReportPublic:
    """A report job on the wire."""
    p = job.params
    return ReportPublic(
        report_id=job.id,
        kind=p["kind"],
        format=p["format"],
        from_=p["from"],
        to=p["to"],
        filters=p.get("filters") or {},
        **job_fields(job, locale=locale, download_url=f"/api/v1/reports/{job.id}/download"),
    )


@router.get("/reports/schemas/{version}", response_class=JSONResponse, summary="JSON Schema of report files")
def get_schema(version: str) -> JSONResponse:
    """The JSON Schema (draft 2020-12) that a report's JSON file follows, by ``schemaVersion``."""
    if version.removesuffix(".json") != SCHEMA_VERSION:
        raise NotFound("Versão de esquema desconhecida.", code="schema_not_found")
    return JSONResponse(report_schema(), media_type="application/schema+json")


@router.post("/reports", status_code=status.HTTP_202_ACCEPTED, response_model=ReportAccepted)
def create_report(body: ReportCreate, session: SessionDep, actor: CurrentActor) -> ReportAccepted:
    """Queue a report; it renders in the background (``reports`` queue). Viewers get 403."""
    data = body.model_dump(mode="json", by_alias=True)
    job = reports.request_report(session, actor=actor, data=data)
    session.commit()
    return ReportAccepted(report_id=job.id, status=job.status)


@router.get("/reports", response_model=ReportsPublic)
def list_reports(
    session: SessionDep,
    actor: CurrentActor,
    locale: LocaleDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ReportsPublic:
    """The caller's reports, newest first."""
    rows, total = reports.list_reports(session, actor=actor, limit=limit, offset=offset)
    return ReportsPublic(
        data=[report_public(j, locale) for j in rows], total_count=total, has_more=offset + len(rows) < total
    )


@router.get("/reports/{report_id}", response_model=ReportPublic)
def get_report(report_id: uuid.UUID, session: SessionDep, actor: CurrentActor, locale: LocaleDep) -> ReportPublic:
    """Status, progress (0–100), the error when it failed, and ``downloadUrl`` once done."""
    return report_public(reports.access_report(session, actor, report_id), locale)


@router.post("/reports/{report_id}/retry", status_code=status.HTTP_202_ACCEPTED, response_model=ReportAccepted)
def retry_report(report_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> ReportAccepted:
    """Queue a failed report again (409 unless it failed)."""
    job = jobs.retry_job(session, actor=actor, job_id=report_id, kind=reports.KIND)
    session.commit()
    return ReportAccepted(report_id=job.id, status=job.status)


@router.get(
    "/reports/{report_id}/download",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "application/json": {}}, "description": "The report's file"},
        307: {"description": "Redirect to a presigned URL (S3)"},
        409: {"description": "Not ready yet"},
    },
)
def download_report(report_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> Response:
    """The report's file with its content type and a name in the owner's language."""
    file = jobs.result_file(session, actor=actor, job_id=report_id, kind=reports.KIND)
    session.rollback()  # the file streams after this: hold no database connection meanwhile
    return download_response(file)
