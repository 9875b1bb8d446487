"""Purge: POCs deleted longer ago than the restore window go for good, rows and stored files."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from poc_tracker.models import DomainEvent, Poc
from poc_tracker.services.blobs import delete_after_commit
from poc_tracker.services.events import emit
from poc_tracker.services.search_sync import forget_pocs
from poc_tracker.settings import get_settings
from poc_tracker.storage import FileStore, get_file_store, poc_prefix


def _expired(now: datetime) -> tuple:
    cutoff = now - timedelta(days=get_settings().purge_after_days)
    return col(Poc.deleted_at).is_not(None), col(Poc.deleted_at) < cutoff


def tenants_with_expired_pocs(session: Session, now: datetime) -> list[uuid.UUID]:
    """Tenants holding POCs deleted before ``now - purge_after_days`` (needs a system-scope session)."""
    return list(session.exec(select(Poc.tenant_id).where(*_expired(now)).distinct()).all())


def purge_deleted_pocs(
    session: Session, now: datetime, *, tenant_id: uuid.UUID, store: FileStore | None = None, limit: int = 200
) -> int:
    """Hard-delete up to ``limit`` of a tenant's POCs deleted before ``now - purge_after_days``; returns how many.

    Rows go with the transaction (files, blobs, versions, tags follow by cascade); stored files go only
    after it commits, at once, and again through the outbox's ``files`` consumer should the process die first.
    """
    store = store or get_file_store()
    doomed = session.exec(
        select(Poc).where(Poc.tenant_id == tenant_id, *_expired(now)).order_by(col(Poc.deleted_at)).limit(limit)
    ).all()
    for poc in doomed:
        delete_after_commit(session, store, store.list_keys(poc_prefix(poc.tenant_id, poc.id)))
        forget_pocs(session, poc.tenant_id, [poc.id])
        emit(
            session,
            tenant_id=poc.tenant_id,
            actor_id=None,
            kind="poc.purged",
            target_type="poc",
            target_id=poc.id,
            name=poc.name,
        )
    if doomed:
        session.exec(delete(Poc).where(col(Poc.id).in_([p.id for p in doomed])))
        session.flush()
    return len(doomed)


def remove_purged_files(session: Session, events: list[DomainEvent], store: FileStore | None = None) -> int:
    """The ``files`` consumer: what the store still holds of purged POCs leaves it; returns how many keys."""
    store = store or get_file_store()
    removed = 0
    for event in events:
        for key in store.list_keys(poc_prefix(event.tenant_id, uuid.UUID(event.target_id))):
            store.delete(key)  # a failure leaves the event pending for the next sweep
            removed += 1
    return removed
