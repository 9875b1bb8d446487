"""Database engine and sessions, with the tenant scope that PostgreSQL row-level security reads."""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, create_engine

from poc_tracker.metrics import watch_pool
from poc_tracker.settings import get_settings
from poc_tracker.tracing import instrument_engine
from poc_tracker.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def _pool_options() -> dict[str, Any]:
    """Pool sized with the request slots and threads (settings); a request waits seconds, not 30, for a connection."""
    s = get_settings()
    return {"pool_size": s.db_pool_size, "max_overflow": s.db_max_overflow, "pool_timeout": s.db_pool_timeout}


@lru_cache
def engine_for(url: str) -> Engine:
    """One engine per database URL."""
    if url.startswith("sqlite"):
        private_sqlite_file(url)
        eng = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **_pool_options())
        event.listen(eng, "connect", _sqlite_pragmas)
        return _observed(eng)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # Short OLTP queries: JIT compiling costs more than it saves, and a plan made for the values at hand
    # suits tenants of very different sizes better than a generic one.
    options = "-c jit=off -c plan_cache_mode=force_custom_plan"
    # A database that is down or failing over must answer "unavailable" in seconds, not hang a request.
    connect_args = {"options": options, "connect_timeout": get_settings().db_connect_timeout}
    return _observed(create_engine(url, pool_pre_ping=True, connect_args=connect_args, **_pool_options()))


def _observed(engine: Engine) -> Engine:
    """Count the engine's pool in the metrics and trace its statements (when tracing is on)."""
    watch_pool(engine)
    instrument_engine(engine)
    return engine


def private_sqlite_file(url: str) -> None:
    """Make a SQLite database (or the broker's, ``sqla+sqlite://``) readable by its owner only: 0600.

    Created that way before SQLite opens it (its -wal and -shm files copy the mode); an existing one is narrowed.
    """
    url = url.removeprefix("sqla+")
    if not url.startswith("sqlite"):
        return  # a server (PostgreSQL, Redis): nothing on this disk
    try:
        database = make_url(url).database
    except ArgumentError:
        return
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for part in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(OSError):  # missing, or another user's file: leave it
            if part.stat().st_mode & 0o077:
                part.chmod(0o600)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def get_engine() -> Engine:
    """The engine of the configured database."""
    return engine_for(get_settings().db_url)


# The one session listener left, and it is no side effect: every transaction of every session, however it
# was opened, must tell PostgreSQL its scope before its first statement (a session without one fails closed).
@event.listens_for(Session, "after_begin")
def _apply_scope(session: Session, _transaction, connection: Connection) -> None:  # noqa: ANN001
    """Tell PostgreSQL whose rows this transaction may see (row-level security)."""
    _tell_postgres(session, connection)


def _tell_postgres(session: Session, connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    tenant = session.info.get("tenant_id")
    system = "on" if session.info.get("system") else "off"
    connection.execute(
        text("SELECT set_config('app.tenant_id', :t, true), set_config('app.bypass_rls', :s, true)"),
        {"t": str(tenant) if tenant else "", "s": system},
    )


def new_session(*, tenant_id: uuid.UUID | None = None) -> UnitOfWork:
    """A session that sees one tenant's rows; without a tenant it sees none (fails closed). A unit of work."""
    session = UnitOfWork(get_engine(), expire_on_commit=False)
    session.info["tenant_id"] = tenant_id
    session.info["system"] = False
    return session


def new_system_session(*, reason: str) -> UnitOfWork:
    """A session past row-level security, for work no single tenant owns; ``reason`` says which (in the logs).

    Only where no tenant exists yet or many are meant: sign-up, sign-in and token refresh, platform admin,
    sweeps across tenants, the CLI. Work for one known tenant opens ``new_session(tenant_id=...)``.
    """
    if not reason.strip():
        raise ValueError("a system session needs a reason")
    session = UnitOfWork(get_engine(), expire_on_commit=False)
    session.info.update(tenant_id=None, system=True, reason=reason)
    log.debug("system session", extra={"event": "system_session", "details": {"reason": reason}})
    return session


def scope_to_tenant(session: Session, tenant_id: uuid.UUID) -> None:
    """Narrow a session to one tenant, the open transaction included (it never keeps a wider scope)."""
    session.info.update(tenant_id=tenant_id, system=False)
    session.info.pop("reason", None)
    if session.in_transaction():
        _tell_postgres(session, session.connection())


@contextmanager
def _committing(session: UnitOfWork) -> Iterator[UnitOfWork]:
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def session_scope(*, tenant_id: uuid.UUID) -> contextlib.AbstractContextManager[UnitOfWork]:
    """A tenant's session that commits on success (then runs its after-commit callbacks), rolls back on error."""
    return _committing(new_session(tenant_id=tenant_id))


def system_session(*, reason: str) -> contextlib.AbstractContextManager[UnitOfWork]:
    """``session_scope`` past row-level security, named: sign-up, sign-in, platform admin, cross-tenant sweeps."""
    return _committing(new_system_session(reason=reason))
