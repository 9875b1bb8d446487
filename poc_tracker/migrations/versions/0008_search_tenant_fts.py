"""Search on SQLite: one FTS5 table per tenant.

bm25 ranks with statistics of its whole table: how many documents, how many hold each word, their
average length. With every tenant in one table, another tenant's documents moved a tenant's scores
and order (5.59 became 0.30 when another tenant added 30 documents with the word), a side channel on
the words other tenants use. Each tenant's documents move to ``search_fts_<tenant hex>``; PostgreSQL
(``ts_rank`` reads the document alone) is unchanged.

Revision ID: 0008_search_tenant_fts
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from poc_tracker.search.sql_schema import (
    FTS_COLUMNS,
    SQLITE_UP,
    TENANT_FTS,
    TENANT_FTS_TABLES,
    tenant_fts,
    tenant_fts_ddl,
)

revision = "0008_search_tenant_fts"
down_revision = "0007_search_gin_pending"
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    """Each tenant's rows into its own table (same rowids), then the shared table dropped."""
    if not _sqlite():
        return
    bind = op.get_bind()
    for tenant in bind.execute(text("SELECT DISTINCT tenant_id FROM search_docs")).scalars():
        table = tenant_fts(tenant)
        op.execute(tenant_fts_ddl(table))
        bind.execute(
            text(
                f"INSERT INTO {table} (rowid, {FTS_COLUMNS}) "  # noqa: S608 - a checked name
                "SELECT f.rowid, f.scope, f.name, f.tags, f.body, f.content FROM search_fts f "
                "JOIN search_docs d ON d.doc_id = f.rowid WHERE d.tenant_id = :t"
            ),
            {"t": tenant},
        )
    op.execute("DROP TABLE search_fts")


def downgrade() -> None:
    """Every tenant's rows back into the shared table."""
    if not _sqlite():
        return
    bind = op.get_bind()
    op.execute(SQLITE_UP[-1])
    for table in [n for n in bind.execute(text(TENANT_FTS_TABLES)).scalars() if TENANT_FTS.fullmatch(n)]:
        op.execute(
            f"INSERT INTO search_fts (rowid, {FTS_COLUMNS}) "  # noqa: S608 - a checked name
            f"SELECT rowid, {FTS_COLUMNS} FROM {table}"
        )
        op.execute(f"DROP TABLE {table}")
