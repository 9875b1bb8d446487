"""Search indexing: after a commit, the POCs it touched are (re)indexed on the ``index`` queue."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict

from poc_tracker.db import session_scope
from poc_tracker.services.events import Emitted, on_events_batch
from poc_tracker.services.search_index import index_pocs, owned_poc_ids
from tasks.celery_app import celery, send

log = logging.getLogger(__name__)
POC_KINDS = {"poc.created", "poc.updated", "poc.files_changed", "poc.deleted", "poc.restored",
             "poc.version_restored", "poc.purged"}
MAX_IDS = 500  # POC ids per task


@celery.task(name="poc_tracker.search.index_poc", acks_late=True)
def index_poc(tenant_id: str, poc_ids: list[str]) -> int:
    """Bring these POCs' search documents up to date (removed when deleted); safe to run twice."""
    with session_scope(system=True) as session:
        return index_pocs(session, tenant_id=uuid.UUID(tenant_id), poc_ids=[uuid.UUID(p) for p in poc_ids])


@celery.task(name="poc_tracker.search.index_owner", acks_late=True)
def index_owner(tenant_id: str, user_id: str) -> int:
    """Re-index one person's POCs (their name changed: ``autor:`` must follow)."""
    tenant = uuid.UUID(tenant_id)
    with session_scope(system=True) as session:
        ids = owned_poc_ids(session, tenant_id=tenant, owner_id=uuid.UUID(user_id))
        return index_pocs(session, tenant_id=tenant, poc_ids=ids) if ids else 0


def touched(events: list[Emitted]) -> dict[uuid.UUID, list[str]]:
    """The POCs each tenant's events touched, in order, without repeats."""
    found: dict[uuid.UUID, dict[str, None]] = defaultdict(dict)
    for e in events:
        if e.kind in POC_KINDS and e.target_type == "poc":
            found[e.tenant_id][e.target_id] = None
    return {tenant: list(ids) for tenant, ids in found.items()}


def announce(events: list[Emitted]) -> None:
    """Enqueue indexing for what a committed transaction changed."""
    for tenant_id, ids in touched(events).items():
        for start in range(0, len(ids), MAX_IDS):
            send("poc_tracker.search.index_poc", queue="index", tenant_id=str(tenant_id),
                 poc_ids=ids[start:start + MAX_IDS])
    for e in events:
        if e.kind == "user.profile_updated" and "name" in (e.payload.get("fields") or []):
            send("poc_tracker.search.index_owner", queue="index", tenant_id=str(e.tenant_id), user_id=e.target_id)


def wire() -> None:
    """Connect the services' committed events to the index queue."""
    on_events_batch(announce)
