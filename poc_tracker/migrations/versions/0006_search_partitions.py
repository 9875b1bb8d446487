"""Search on PostgreSQL: search_docs in hash partitions by tenant.

A GIN posting list then holds the documents of the few tenants of its partition, so the cost of a
search follows its tenant's size rather than the whole installation's. The primary key becomes
(poc_id, tenant_id): a partition key must be part of it. The rows are copied once (the vectors are
computed again): on a large installation, plan the upgrade for a quiet hour.

Revision ID: 0006_search_partitions
"""

from __future__ import annotations

from alembic import op

from poc_tracker.search.sql_schema import PARTITIONS, repartition

revision = "0006_search_partitions"
down_revision = "0005_search_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """PostgreSQL only (SQLite keeps one FTS5 table)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in repartition(PARTITIONS):
        op.execute(statement)


def downgrade() -> None:
    """One plain table again."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in repartition(0):
        op.execute(statement)
