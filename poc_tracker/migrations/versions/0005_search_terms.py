"""Search terms of each tenant (prefixes, corrections) and row-level security on the search tables.

Revision ID: 0005_search_terms
"""

from __future__ import annotations

from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls
from poc_tracker.search.sql_schema import TERMS_DOWN, TERMS_OF_DOCS, TERMS_UP

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
    for table in ("search_docs", "search_terms"):
        enable_tenant_rls(table)


def downgrade() -> None:
    """Revert."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY IF EXISTS tenant_isolation ON search_docs")
    op.execute("ALTER TABLE search_docs NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE search_docs DISABLE ROW LEVEL SECURITY")
    for statement in TERMS_DOWN:
        op.execute(statement)
