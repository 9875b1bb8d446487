"""The organisation's own LGPD doors (owners): its deletion (schedule, read, cancel) and its data export."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Response, status
from pydantic import Field

from poc_tracker.api.deps import CurrentActor, LocaleDep, SessionDep
from poc_tracker.api.jobs import JobPublic, download_response, job_fields
from poc_tracker.api.schemas import CamelModel
from poc_tracker.models import Job
from poc_tracker.services import jobs, tenant_deletion, tenant_export
from poc_tracker.services.actor import Actor

router = APIRouter(tags=["tenants"])


class DeletionRequest(CamelModel):
    """The typed confirmation: the organisation's subdomain."""

    confirmation: str = Field(max_length=100)


class DeletionPublic(CamelModel):
    """Whether the organisation awaits deletion, and when it will be erased."""

    pending: bool
    requested_at: datetime | None
    due_at: datetime | None
    requested_by: str


def _status(session: SessionDep, actor: Actor) -> DeletionPublic:
    got = tenant_deletion.deletion_status(session, actor=actor)
    return DeletionPublic(
        pending=got.pending, requested_at=got.requested_at, due_at=got.due_at, requested_by=got.requested_by
    )


@router.get("/tenants/current/deletion", response_model=DeletionPublic)
def read_deletion(session: SessionDep, actor: CurrentActor) -> DeletionPublic:
    """The organisation's deletion state (admins and owners)."""
    return _status(session, actor)


@router.post("/tenants/current/deletion", status_code=status.HTTP_202_ACCEPTED, response_model=DeletionPublic)
def request_deletion(body: DeletionRequest, session: SessionDep, actor: CurrentActor) -> DeletionPublic:
    """Schedule the organisation's erasure in 30 days (owners); read-only and cancellable until then."""
    tenant_deletion.request_deletion(session, actor=actor, confirmation=body.confirmation)
    session.commit()
    return _status(session, actor)


@router.delete("/tenants/current/deletion", response_model=DeletionPublic)
def cancel_deletion(session: SessionDep, actor: CurrentActor) -> DeletionPublic:
    """Call the scheduled deletion off (owners): everything stays as it was."""
    tenant_deletion.cancel_deletion(session, actor=actor)
    session.commit()
    return _status(session, actor)


class ExportRequest(CamelModel):
    """The owner's password, asked again before the whole organisation's data leaves."""

    password: str = Field(max_length=200)


class TenantExportPublic(JobPublic):
    """A tenant export: a job whose file is the ZIP."""

    export_id: uuid.UUID


def _export(job: Job, locale: str) -> TenantExportPublic:
    url = f"/api/v1/tenants/current/exports/{job.id}/download"
    return TenantExportPublic(export_id=job.id, **job_fields(job, locale=locale, download_url=url))


@router.post("/tenants/current/exports", status_code=status.HTTP_202_ACCEPTED, response_model=TenantExportPublic)
def request_export(
    body: ExportRequest, session: SessionDep, actor: CurrentActor, locale: LocaleDep
) -> TenantExportPublic:
    """Export every person and POC of the organisation as a ZIP (owners; built in the background)."""
    job = tenant_export.request_tenant_export(session, actor=actor, password=body.password)
    session.commit()
    return _export(job, locale)


@router.get("/tenants/current/exports/{export_id}", response_model=TenantExportPublic)
def read_export(
    export_id: uuid.UUID, session: SessionDep, actor: CurrentActor, locale: LocaleDep
) -> TenantExportPublic:
    """An export's status, progress and ``downloadUrl`` once ready (its owner only)."""
    return _export(jobs.access_job_by_id(session, actor, export_id, kind=tenant_export.KIND), locale)


@router.get(
    "/tenants/current/exports/{export_id}/download",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}, 409: {"description": "Not ready yet"}},
)
def download_export(export_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> Response:
    """The ZIP (its owner only; another person's or tenant's export is 404)."""
    file = jobs.result_file(session, actor=actor, job_id=export_id, kind=tenant_export.KIND)
    session.rollback()  # the file streams after this: hold no database connection meanwhile
    return download_response(file)
