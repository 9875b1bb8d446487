"""Search indexing tasks (the outbox's ``search`` consumer does the routine work: tasks/events.py)."""

from __future__ import annotations

import uuid

from poc_tracker.db import session_scope
from poc_tracker.services.search_index import index_pocs, owned_poc_ids
from tasks.celery_app import celery


@celery.task(name="poc_tracker.search.index_poc", acks_late=True)
def index_poc(tenant_id: str, poc_ids: list[str]) -> int:
    """Bring these POCs' search documents up to date (removed when deleted); safe to run twice."""
    tenant = uuid.UUID(tenant_id)
    with session_scope(tenant_id=tenant) as session:
        return index_pocs(session, tenant_id=tenant, poc_ids=[uuid.UUID(p) for p in poc_ids])


@celery.task(name="poc_tracker.search.index_owner", acks_late=True)
def index_owner(tenant_id: str, user_id: str) -> int:
    """Re-index one person's POCs (their name changed: ``autor:`` must follow)."""
    tenant = uuid.UUID(tenant_id)
    with session_scope(tenant_id=tenant) as session:
        ids = owned_poc_ids(session, tenant_id=tenant, owner_id=uuid.UUID(user_id))
        return index_pocs(session, tenant_id=tenant, poc_ids=ids) if ids else 0
