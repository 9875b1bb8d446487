"""Report test data: many POCs written straight to the tables (the service path has its own tests)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from poc_tracker.db import session_scope
from poc_tracker.models import AuditLog, Dojo, DojoParticipant, Favorite, Poc, PocTag

LANGS = ("python", "go", "rust", "typescript")
DECISIONS = ("go", "no_go", "pivot", "pending")


def seed_pocs(
    tenant_id: str, owner_id: str, n: int, *, start: datetime, step: timedelta = timedelta(hours=1), prefix: str = "POC"
) -> list[uuid.UUID]:
    """``n`` POCs created ``step`` apart from ``start``, languages, tags and decisions in rotation."""
    tenant, owner = uuid.UUID(tenant_id), uuid.UUID(owner_id)
    rows, tags, ids = [], [], []
    for i in range(n):
        at = start + step * i
        pid = uuid.uuid4()
        ids.append(pid)
        rows.append(
            {
                "id": pid,
                "tenant_id": tenant,
                "owner_id": owner,
                "name": f"{prefix} {i + 1:05d}",
                "description": "",
                "language": LANGS[i % len(LANGS)],
                "tags": ["api"] if i % 2 else ["dados"],
                "status": "done" if i % 3 else "idea",
                "hypothesis": "",
                "success_criteria": "",
                "result": "",
                "decision": DECISIONS[i % len(DECISIONS)],
                "learnings": "",
                "current_version": 1,
                "file_count": i % 5,
                "total_bytes": 1000 * (i % 7),
                "created_at": at,
                "updated_at": at,
            }
        )
        tags.append({"poc_id": pid, "tag": "api" if i % 2 else "dados", "tenant_id": tenant})
    with session_scope(tenant_id=tenant) as session:
        for chunk in range(0, n, 1000):
            session.execute(insert(Poc), rows[chunk : chunk + 1000])
            session.execute(insert(PocTag), tags[chunk : chunk + 1000])
    return ids


def seed_activity(tenant_id: str, user_id: str, pocs: list[uuid.UUID], *, at: datetime) -> None:
    """A favourite on the first POC, a Dojo of 30 minutes with its host, and audit rows at ``at``."""
    tenant, user = uuid.UUID(tenant_id), uuid.UUID(user_id)
    with session_scope(tenant_id=tenant) as session:
        session.add(Favorite(user_id=user, poc_id=pocs[0], tenant_id=tenant, created_at=at))
        dojo = Dojo(
            tenant_id=tenant,
            host_id=user,
            poc_id=pocs[0],
            title="Dojo <b>de</b> katas",
            join_code=uuid.uuid4().hex[:8],
            created_at=at,
            ended_at=at + timedelta(minutes=30),
            status="ended",
        )
        session.add(dojo)
        session.flush()
        session.add(DojoParticipant(dojo_id=dojo.id, user_id=user, tenant_id=tenant, role="driver", joined_at=at))
        for n in range(3):
            session.add(
                AuditLog(
                    tenant_id=tenant,
                    event_id=uuid.uuid4(),
                    actor_id=user,
                    action="poc.updated",
                    target_type="poc",
                    target_id=str(pocs[0]),
                    created_at=at + timedelta(minutes=n),
                )
            )


def utc(*args: int) -> datetime:
    """An aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)
