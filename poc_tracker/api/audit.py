"""The audit log of my organisation (admins and owners): filtered, paged, or as CSV."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from poc_tracker.api.accounts import Limit, Page
from poc_tracker.api.deps import CurrentActor, LocaleDep, SessionDep
from poc_tracker.api.schemas import CamelModel
from poc_tracker.services import audit
from poc_tracker.services.audit_kinds import kind_label, target_label
from poc_tracker.storage.disposition import content_disposition

router = APIRouter(tags=["audit"])


class AuditEntry(CamelModel):
    """One row of the audit log; ``action`` is the machine code, ``actionLabel`` its name in the caller's language."""

    id: uuid.UUID
    actor_id: uuid.UUID | None
    actor_name: str
    action: str
    action_label: str
    target_type: str
    target_label: str
    target_id: str
    details: dict[str, Any]
    created_at: datetime


class AuditPage(CamelModel):
    """A page of the audit log."""

    data: list[AuditEntry]
    total_count: int
    has_more: bool


@router.get("/audit", response_model=AuditPage, responses={200: {"content": {"text/csv": {}}}})
def read_audit(
    session: SessionDep,
    actor: CurrentActor,
    locale: LocaleDep,
    page: int = Page,
    limit: int = Limit,
    person_id: Annotated[uuid.UUID | None, Query(alias="personId", description="as actor or as target")] = None,
    kind: Annotated[list[str] | None, Query(description="event kinds (repeat the parameter)")] = None,
    start: Annotated[datetime | None, Query(alias="from", description="inclusive, ISO 8601")] = None,
    end: Annotated[datetime | None, Query(alias="to", description="exclusive, ISO 8601")] = None,
    format: Literal["json", "csv"] = "json",
) -> AuditPage | Response:
    """My organisation's audit log, newest first; ``format=csv`` gives every matching row as a CSV file."""
    filters = audit.AuditFilter(person_id=person_id, kinds=tuple(kind or ()), start=start, end=end)
    if format == "csv":
        body = audit.audit_csv(session, actor=actor, filters=filters, locale=locale)
        disposition = content_disposition(f"auditoria-{datetime.now().date().isoformat()}.csv")
        return Response(body, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})
    rows, total = audit.list_audit(session, actor=actor, filters=filters, page=page, limit=limit)
    names = audit.people_names(session, actor, {r.actor_id for r in rows if r.actor_id})
    data = [
        AuditEntry(
            id=r.id,
            actor_id=r.actor_id,
            actor_name=audit.actor_name(names, r.actor_id, locale),
            action=r.action,
            action_label=kind_label(r.action, locale),
            target_type=r.target_type,
            target_label=target_label(r.target_type, locale),
            target_id=r.target_id,
            details=r.details,
            created_at=r.created_at,
        )
        for r in rows
    ]
    return AuditPage(data=data, total_count=total, has_more=page * limit < total)
