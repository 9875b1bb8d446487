"""Search log: the searches people made, for the usage report (searches made, top searches with no result).

Revision ID: 0023_search_log
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls, forbid_tenant_change
from poc_tracker.models.base import UTCDateTime

revision = "0023_search_log"
down_revision = "0015_report_schedules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "search_queries",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True, index=True),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    # The report counts a tenant's searches in a period; the prefix merge looks up a person's latest one.
    op.create_index("ix_search_queries_tenant_created", "search_queries", ["tenant_id", "created_at"])
    forbid_tenant_change("search_queries")
    enable_tenant_rls("search_queries")


def downgrade() -> None:
    """Revert."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS search_queries_tenant_immutable ON search_queries")
        op.execute("DROP FUNCTION IF EXISTS search_queries_tenant_immutable()")
    op.drop_table("search_queries")
