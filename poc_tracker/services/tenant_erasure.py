"""Erasing a tenant whose deletion grace has ended: every row, index document, stored file and Redis key of it.

Idempotent and ordered so that a crash at any point is repaired by the next sweep: the stores outside the
database go first (search index, files, Redis keys), while the tenant's rows still say what to erase; the
rows go last, in one transaction, the tenant's own row with them.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

import redis
from sqlalchemy import Table, delete
from sqlmodel import Session, SQLModel, col, select

import poc_tracker.models  # noqa: F401 - every table registered, so none is missed
from poc_tracker.models import MailMessage, Tenant, User
from poc_tracker.search import backend_for, get_search_backend
from poc_tracker.services.tenant_deletion import due_tenants
from poc_tracker.settings import get_settings
from poc_tracker.storage import FileStore, get_file_store, tenant_prefix

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erased:
    """What went, per store."""

    rows: int
    files: int
    redis_keys: int


def tenant_tables() -> list[Table]:
    """Every table with a ``tenant_id``, children before parents (so foreign keys never stand in the way)."""
    return [t for t in reversed(SQLModel.metadata.sorted_tables) if "tenant_id" in t.c]


def _forget_search(session: Session, tenant_id: uuid.UUID) -> None:
    """The tenant's documents out of the configured index, and out of the SQL one too if it is not that one."""
    backend = get_search_backend()
    backend.reset(session if backend.transactional else None, tenant_id)
    sql = backend_for("postgres" if get_settings().is_postgres else "sqlite")
    if sql is not backend:
        sql.reset(session, tenant_id)  # documents from before a switch to OpenSearch


def _redis_keys(people: list[tuple[uuid.UUID, str]]) -> int:
    """Rate-limit and sign-in throttle keys naming the tenant's people (``ratelimit``, ``login_guard``, ``mfa``)."""
    url = get_settings().redis_url
    if not url:
        return 0  # embedded profile: those counters live in each process's memory and go with it
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    removed = 0
    for user_id, email in people:
        keys = [f"rl:user:{user_id}", f"lf:mfa:{user_id}", f"lf:login:{email}"]
        keys += list(client.scan_iter(match=f"lf:login:{_glob(email)}|*", count=500))
        keys += list(client.scan_iter(match=f"mk:login-ok:{_glob(email)}|*", count=500))
        removed += int(client.delete(*keys))
    return removed


def _glob(value: str) -> str:
    """``value`` with Redis glob characters escaped (an e-mail may hold ``*`` or ``?``)."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in value)


def _mail_files(session: Session, tenant_id: uuid.UUID) -> int:
    """The development mailbox's copies (embedded profile: ``data/mail/*-{id}.eml``) of the tenant's mail."""
    folder = get_settings().mail_dir
    if not folder.is_dir():
        return 0
    removed = 0
    for mail_id in session.exec(select(MailMessage.id).where(MailMessage.tenant_id == tenant_id)).all():
        for path in folder.glob(f"*-{mail_id.hex}.eml"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def erase_tenant(session: Session, tenant_id: uuid.UUID, *, store: FileStore | None = None) -> Erased:
    """Erase the tenant everywhere (system session; the caller commits). Nothing of it is left to read."""
    store = store or get_file_store()
    people = [(u, e) for u, e in session.exec(select(User.id, User.email).where(User.tenant_id == tenant_id))]
    _forget_search(session, tenant_id)
    files = store.delete_prefix(tenant_prefix(tenant_id)) + _mail_files(session, tenant_id)
    keys = _redis_keys(people)
    rows = 0
    for table in tenant_tables():
        rows += session.execute(delete(table).where(table.c.tenant_id == tenant_id)).rowcount or 0
    rows += session.execute(delete(Tenant).where(col(Tenant.id) == tenant_id)).rowcount or 0
    return Erased(rows, files, keys)


def erase_if_due(session: Session, tenant_id: uuid.UUID, now: datetime) -> Erased | None:
    """Erase the tenant if its grace has ended by ``now`` (a cancelled deletion meanwhile leaves it be)."""
    if tenant_id not in due_tenants(session, now):
        return None
    erased = erase_tenant(session, tenant_id)
    log.info(
        "tenant erased", extra={"event": "tenant_erased", "details": {"tenant": str(tenant_id), **erased.__dict__}}
    )
    return erased
