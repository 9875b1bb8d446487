"""LGPD routes: the summary, consents, the ledger of requests, the export ZIP and account deletion."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response, status
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, SessionDep, system_session_dep
from poc_tracker.api.jobs import download_response
from poc_tracker.api.schemas import CamelModel
from poc_tracker.models import Job, PrivacyRequest
from poc_tracker.services.login_guard import client_address
from poc_tracker.services.privacy import consents, deletion, requests, summary
from poc_tracker.services.privacy.schema import export_schema
from poc_tracker.services.sessions import client_agent

router = APIRouter(tags=["privacy"])
Status = Literal["open", "processing", "done", "cancelled", "failed", "revoked", "expired"]


class ConsentPublic(CamelModel):
    """A purpose and the person's current choice (null: never asked)."""

    purpose: str
    granted: bool | None
    version: str | None
    at: str | None


class ConsentsPublic(CamelModel):
    """Every purpose, the current notice version, and whether the person must accept it again."""

    data: list[ConsentPublic]
    notice_version: str
    needs_notice: bool


class ConsentsUpdate(CamelModel):
    """Choices to record: optional purposes true/false; ``terms``/``privacy_notice`` true to accept a new version."""

    choices: dict[str, bool] = Field(max_length=10)


class RequestPublic(CamelModel):
    """One request in the ledger."""

    request_id: uuid.UUID
    protocol: str
    kind: str
    status: Status
    created_at: datetime
    due_at: datetime
    scheduled_for: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    download_url: str | None = None
    expires_at: datetime | None = None


class RequestsPublic(CamelModel):
    """The person's ledger, newest first."""

    data: list[RequestPublic]
    total_count: int


class ContactsPublic(CamelModel):
    """The controller and the DPO."""

    controller_name: str
    controller_contact: str
    dpo_name: str
    dpo_email: str


class PrivacySummary(CamelModel):
    """Confirmation and access at once: counts per data section, consents, contacts, a deletion under way."""

    counts: dict[str, int]
    consents: ConsentsPublic
    contacts: ContactsPublic
    deletion: RequestPublic | None


class PasswordBody(CamelModel):
    """The password again (or nothing, right after an SSO or second-factor sign-in)."""

    password: str | None = Field(None, max_length=128)


class CancelDeletion(CamelModel):
    """Signed out by the deletion: the person proves who they are with e-mail and password."""

    email: str = Field(max_length=255)
    password: str = Field(max_length=128)


class Accepted(CamelModel):
    """A request taken: follow it at ``GET /privacy/requests/{requestId}``."""

    request_id: uuid.UUID
    protocol: str
    status: Status


def request_public(req: PrivacyRequest, job: Job | None) -> RequestPublic:
    """A ledger row on the wire; an export's ``downloadUrl`` while its file exists."""
    state = requests.status_of(req, job)
    ready = req.kind == "export" and state == "done"
    return RequestPublic(
        request_id=req.id,
        protocol=req.protocol,
        kind=req.kind,
        status=state,
        created_at=req.created_at,
        due_at=req.due_at,
        scheduled_for=req.scheduled_for,
        completed_at=req.completed_at,
        cancelled_at=req.cancelled_at,
        download_url=f"/api/v1/privacy/exports/{req.id}/download" if ready else None,
        expires_at=job.expires_at if ready and job else None,
    )


def consents_public(session: SessionDep, actor: CurrentActor) -> ConsentsPublic:
    """The actor's consents on the wire."""
    rows = [
        ConsentPublic(purpose=c.purpose, granted=c.granted, version=c.version, at=c.at)
        for c in consents.current(session, actor=actor)
    ]
    return ConsentsPublic(
        data=rows, notice_version=consents.NOTICE_VERSION, needs_notice=consents.needs_notice(session, actor=actor)
    )


@router.get("/privacy", response_model=PrivacySummary)
def get_summary(session: SessionDep, actor: CurrentActor) -> PrivacySummary:
    """What is kept about me, counted per section (LGPD art. 19, I: at once), my consents and the DPO."""
    found = summary.summary(session, actor=actor)
    c = found.contacts
    return PrivacySummary(
        counts=found.counts,
        consents=consents_public(session, actor),
        contacts=ContactsPublic(
            controller_name=c.controller_name,
            controller_contact=c.controller_contact,
            dpo_name=c.dpo_name,
            dpo_email=c.dpo_email,
        ),
        deletion=request_public(found.deletion, None) if found.deletion else None,
    )


@router.get("/privacy/schema", response_class=JSONResponse, summary="JSON Schema of the export's data.json")
def get_schema() -> JSONResponse:
    """The JSON Schema (draft 2020-12) every export's data.json follows."""
    return JSONResponse(export_schema(), media_type="application/schema+json")


@router.get("/privacy/consents", response_model=ConsentsPublic)
def get_consents(session: SessionDep, actor: CurrentActor) -> ConsentsPublic:
    """My consents: the terms and notice (version accepted) and the optional purposes."""
    return consents_public(session, actor)


@router.put("/privacy/consents", response_model=ConsentsPublic)
def put_consents(body: ConsentsUpdate, session: SessionDep, actor: CurrentActor) -> ConsentsPublic:
    """Grant or revoke optional purposes (each change is a new record), or accept a new notice version."""
    consents.update(
        session,
        actor=actor,
        choices=body.choices,
        channel="api",
        ip=client_address.get(),
        user_agent=client_agent.get(),
    )
    session.commit()
    return consents_public(session, actor)


@router.post("/privacy/access", status_code=status.HTTP_201_CREATED, response_model=RequestPublic)
def post_access(session: SessionDep, actor: CurrentActor) -> RequestPublic:
    """Confirmation and access: a request answered at once, with a protocol in my ledger."""
    req = summary.record_access(session, actor=actor)
    session.commit()
    return request_public(req, None)


@router.get("/privacy/requests", response_model=RequestsPublic)
def list_requests(session: SessionDep, actor: CurrentActor) -> RequestsPublic:
    """My requests with protocol, status and due date (15 days)."""
    rows = requests.list_requests(session, actor=actor)
    return RequestsPublic(data=[request_public(r, j) for r, j in rows], total_count=len(rows))


@router.get("/privacy/requests/{request_id}", response_model=RequestPublic)
def get_request(request_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> RequestPublic:
    """One of my requests (someone else's is 404)."""
    req = requests.access_request_by_id(session, actor, request_id)
    return request_public(req, requests.job_of(session, req))


@router.post("/privacy/exports", status_code=status.HTTP_202_ACCEPTED, response_model=Accepted)
def post_export(body: PasswordBody, session: SessionDep, actor: CurrentActor) -> Accepted:
    """Ask for my data as a ZIP (portability); needs my password again. Ready in minutes, kept 7 days."""
    req = requests.request_export(session, actor=actor, password=body.password)
    session.commit()
    return Accepted(request_id=req.id, protocol=req.protocol, status="processing")


@router.get("/privacy/exports/{request_id}/download", response_class=Response)
def download_export(request_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> Response:
    """The ZIP, for me alone (409 while it is being made, 404 once expired or revoked)."""
    return download_response(requests.export_file(session, actor=actor, request_id=request_id))


@router.delete("/privacy/exports/{request_id}", response_model=RequestPublic)
def revoke_export(request_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> RequestPublic:
    """Revoke an export's link now: the file is deleted."""
    req = requests.revoke_export(session, actor=actor, request_id=request_id)
    session.commit()
    return request_public(req, None)


@router.post("/privacy/deletion", status_code=status.HTTP_202_ACCEPTED, response_model=RequestPublic)
def post_deletion(body: PasswordBody, session: SessionDep, actor: CurrentActor) -> RequestPublic:
    """Delete my account: blocked and signed out at once, erased after the grace (30 days) unless cancelled."""
    req = deletion.request_deletion(session, actor=actor, password=body.password)
    session.commit()
    return request_public(req, None)


CancelSession = Annotated[Session, Depends(system_session_dep("privacy: a blocked person cancels their deletion"))]


@router.delete("/privacy/deletion", response_model=RequestPublic)
def cancel_deletion(body: CancelDeletion, session: CancelSession) -> RequestPublic:
    """Cancel my account's deletion within the grace; signed out by it, I prove who I am with e-mail and password."""
    req = deletion.cancel_deletion(session, email=body.email, password=body.password)
    session.commit()
    return request_public(req, None)
