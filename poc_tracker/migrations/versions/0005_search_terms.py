"""Search on PostgreSQL: tenant terms (prefixes, corrections), stem pairs (phrases), one GIN for text + filters.

The search tables carry no row-level security: ``@@`` is not leakproof, so under a policy PostgreSQL
may not use the full-text index before filtering every row of the tenant. Every search query binds the
tenant first instead (``poc_tracker/search/postgres_query.py``), and tests prove the isolation.

Revision ID: 0005_search_terms
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.search.sql_schema import (
    MATCH_DOWN,
    MATCH_UP,
    PAIRS_DOWN,
    PAIRS_UP,
    TERMS_DOWN,
    TERMS_OF_DOCS,
    TERMS_UP,
)
from poc_tracker.search.text import pairs

revision = "0005_search_terms"
down_revision = "0004_dojos"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """PostgreSQL only: SQLite's FTS5 answers prefixes from its own index."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in TERMS_UP:
        op.execute(statement)
    op.execute(TERMS_OF_DOCS.format(where="true"))
    for statement in PAIRS_UP:
        op.execute(statement)
    _fill_pairs()
    for statement in MATCH_UP:
        op.execute(statement)


def _fill_pairs(batch: int = 500) -> None:
    """Stem pairs of the documents already indexed, in batches."""
    conn, after = op.get_bind(), None
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT poc_id, name, tags, description, experiment, content FROM search_docs "
                "WHERE (CAST(:after AS uuid) IS NULL OR poc_id > :after) ORDER BY poc_id LIMIT :n"
            ),
            {"after": after, "n": batch},
        ).all()
        if not rows:
            return
        conn.execute(
            sa.text("UPDATE search_docs SET pairs = :pairs WHERE poc_id = :id"),
            [{"id": r.poc_id, "pairs": pairs(r.name, *r.tags, r.description, r.experiment, r.content)} for r in rows],
        )
        after = rows[-1].poc_id


def downgrade() -> None:
    """Revert."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in MATCH_DOWN + PAIRS_DOWN + TERMS_DOWN:
        op.execute(statement)
