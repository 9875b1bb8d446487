"""Search index tables: FTS5 on SQLite, tsvector + GIN + pg_trgm on PostgreSQL.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

from poc_tracker.search.sql_schema import POSTGRES_DOWN, POSTGRES_UP, SQLITE_DOWN, SQLITE_UP

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: only the statements of the database in use."""
    statements = POSTGRES_UP if op.get_bind().dialect.name == "postgresql" else SQLITE_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Revert."""
    statements = POSTGRES_DOWN if op.get_bind().dialect.name == "postgresql" else SQLITE_DOWN
    for statement in statements:
        op.execute(statement)
