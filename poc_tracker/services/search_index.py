"""Keeping the search index in step: build a POC's document, (re)index POCs, rebuild a tenant."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from poc_tracker.db import new_session, new_system_session
from poc_tracker.errors import NotFound
from poc_tracker.models import DomainEvent, Poc, Tenant, User
from poc_tracker.models.base import utcnow
from poc_tracker.search import SearchDoc, get_search_backend
from poc_tracker.search.base import CONTENT_MAX_CHARS
from poc_tracker.services.blobs import read_blob
from poc_tracker.services.files import TEXT_MAX_BYTES, decode_text, tree_files
from poc_tracker.storage import FileStore, get_file_store

log = logging.getLogger(__name__)
BATCH = 200


def file_text(session: Session, poc: Poc, store: FileStore) -> str:
    """Paths and UTF-8 text of the POC's files, up to the index's limit."""
    parts: list[str] = []
    budget = CONTENT_MAX_CHARS
    for row in tree_files(session, poc):
        if budget <= 0:
            break
        parts.append(row.path)
        text = None
        if row.size <= TEXT_MAX_BYTES:
            try:
                text = decode_text(read_blob(session, store, poc, row.blob_hash))
            except Exception:  # a missing blob must not stop the rest of the POC from being found
                log.warning(
                    "file not readable for the index",
                    exc_info=True,
                    extra={"details": {"poc": str(poc.id), "path": row.path}},
                )
        if text:
            parts.append(text[:budget])
            budget -= len(text)
    return "\n".join(parts)[:CONTENT_MAX_CHARS]


def build_doc(session: Session, poc: Poc, owner_name: str, store: FileStore) -> SearchDoc:
    """The document the index keeps for a POC."""
    experiment = "\n".join(x for x in (poc.hypothesis, poc.success_criteria, poc.result, poc.learnings) if x)
    return SearchDoc(
        poc_id=poc.id,
        tenant_id=poc.tenant_id,
        owner_id=poc.owner_id,
        owner_name=owner_name,
        name=poc.name,
        description=poc.description,
        experiment=experiment,
        language=poc.language,
        tags=list(poc.tags),
        status=poc.status,
        decision=poc.decision,
        content=file_text(session, poc, store) if poc.file_count else "",
        created_at=poc.created_at,
        updated_at=poc.updated_at,
    )


def _owners(session: Session, tenant_id: uuid.UUID, pocs: list[Poc]) -> dict[uuid.UUID, str]:
    ids = {p.owner_id for p in pocs}
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.name).where(User.tenant_id == tenant_id, col(User.id).in_(ids)))
    return dict(rows.all())


def index_pocs(
    session: Session, *, tenant_id: uuid.UUID, poc_ids: list[uuid.UUID], store: FileStore | None = None
) -> int:
    """Bring these POCs' documents up to date: live ones (re)indexed, deleted or missing ones removed.

    Idempotent; reads only the given tenant. Returns how many documents were written.
    """
    store = store or get_file_store()
    found = list(session.exec(select(Poc).where(Poc.tenant_id == tenant_id, col(Poc.id).in_(poc_ids))).all())
    live = [p for p in found if p.deleted_at is None]
    gone = set(poc_ids) - {p.id for p in live}
    backend = get_search_backend()
    if gone:
        backend.delete(session, tenant_id, sorted(gone))
    owners = _owners(session, tenant_id, live)
    backend.index(session, [build_doc(session, p, owners.get(p.owner_id, ""), store) for p in live])
    return len(live)


def index_events(session: Session, events: list[DomainEvent], store: FileStore | None = None) -> int:
    """The search consumer: bring up to date the POCs these events touched (and a renamed owner's)."""
    touched: dict[uuid.UUID, dict[uuid.UUID, None]] = {}
    for e in events:
        ids = touched.setdefault(e.tenant_id, {})
        if e.target_type == "poc":
            ids[uuid.UUID(e.target_id)] = None
        elif e.kind == "user.profile_updated":
            ids.update(dict.fromkeys(owned_poc_ids(session, tenant_id=e.tenant_id, owner_id=uuid.UUID(e.target_id))))
    written = 0
    for tenant_id, ids in touched.items():
        for start in range(0, len(ids), BATCH):
            written += index_pocs(session, tenant_id=tenant_id, poc_ids=list(ids)[start : start + BATCH], store=store)
    return written


def owned_poc_ids(session: Session, *, tenant_id: uuid.UUID, owner_id: uuid.UUID) -> list[uuid.UUID]:
    """Live POCs of one owner (to refresh their name in the index)."""
    return list(
        session.exec(
            select(Poc.id).where(Poc.tenant_id == tenant_id, Poc.owner_id == owner_id, col(Poc.deleted_at).is_(None))
        ).all()
    )


def tenant_batches(session: Session, tenant_id: uuid.UUID, size: int = BATCH) -> Iterator[list[uuid.UUID]]:
    """The ids of a tenant's live POCs, in batches, by id."""
    after: uuid.UUID | None = None
    while True:
        query = select(Poc.id).where(Poc.tenant_id == tenant_id, col(Poc.deleted_at).is_(None))
        if after is not None:
            query = query.where(col(Poc.id) > after)
        ids = list(session.exec(query.order_by(col(Poc.id)).limit(size)).all())
        if not ids:
            return
        yield ids
        after = ids[-1]


def tenant_ids_for(session: Session, tenant: str | None) -> list[uuid.UUID]:
    """Every tenant's id, or the one with this subdomain or id (system scope: the reindex command)."""
    if tenant is None:
        return list(session.exec(select(Tenant.id).order_by(col(Tenant.created_at))).all())
    try:
        found = session.exec(select(Tenant.id).where(Tenant.id == uuid.UUID(tenant))).first()
    except ValueError:
        found = session.exec(select(Tenant.id).where(Tenant.subdomain == tenant.strip().lower())).first()
    if found is None:
        raise NotFound("Organização não encontrada.", code="tenant_not_found")
    return [found]


def count_live(session: Session, tenant_id: uuid.UUID | None) -> int:
    """Live POCs of a tenant (or of all)."""
    query = select(func.count()).select_from(Poc).where(col(Poc.deleted_at).is_(None))
    if tenant_id is not None:
        query = query.where(Poc.tenant_id == tenant_id)
    return int(session.exec(query).one())


def _reindex_tenant(tenant_id: uuid.UUID, progress: Callable[[int], None]) -> int:
    backend, done = get_search_backend(), 0
    with new_session(tenant_id=tenant_id) as session:
        batches = list(tenant_batches(session, tenant_id))
        live = {i for ids in batches for i in ids}
        backend.delete(session, tenant_id, sorted(backend.indexed_ids(session, tenant_id) - live))
        session.commit()
    for ids in batches:  # documents are replaced in place: searches keep working meanwhile
        with new_session(tenant_id=tenant_id) as session:
            done += index_pocs(session, tenant_id=tenant_id, poc_ids=ids)
            session.commit()
        progress(len(ids))
    return done


def _catch_up(since: datetime) -> None:
    """Index again what changed while a full rebuild ran (its writes went to the old index), tenant by tenant."""
    changed = or_(col(Poc.updated_at) >= since, col(Poc.deleted_at) >= since)
    with new_system_session(reason="reindex: tenants changed during a full rebuild") as session:
        tenants = list(session.exec(select(Poc.tenant_id).where(changed).distinct()).all())
    for tenant_id in tenants:
        with new_session(tenant_id=tenant_id) as session:
            ids = list(session.exec(select(Poc.id).where(Poc.tenant_id == tenant_id, changed)).all())
            index_pocs(session, tenant_id=tenant_id, poc_ids=ids)
            session.commit()


def reindex(
    tenant_ids: list[uuid.UUID], progress: Callable[[int], None] = lambda _n: None, *, full: bool = False
) -> int:
    """Rebuild the documents of some tenants (``full``: of all, into a fresh index) from the database."""
    backend, started = get_search_backend(), utcnow()
    with backend.rebuilding() if full else nullcontext():
        done = sum(_reindex_tenant(t, progress) for t in tenant_ids)
    if full:
        _catch_up(started)
    return done
