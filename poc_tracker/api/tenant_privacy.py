"""The organisation's own LGPD doors (owners): scheduling, reading and cancelling its deletion."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status
from pydantic import Field

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.schemas import CamelModel
from poc_tracker.services import tenant_deletion
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
