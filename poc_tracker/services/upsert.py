"""Insert a row unless its key already exists, atomically, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def insert_if_absent(session: Session, model: type[SQLModel], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was added (races end the same way as repeats)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model.__table__).values(**values).on_conflict_do_nothing()
    return session.execute(statement).rowcount == 1
