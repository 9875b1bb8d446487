"""Alembic environment: runs migrations with the engine of the configured URL."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import poc_tracker.models  # noqa: F401  (registers the tables)
from poc_tracker.db import engine_for

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    """Run every pending migration inside one connection."""
    engine = engine_for(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=connection.dialect.name == "sqlite"
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
