"""Report schedules: weekly or monthly reports e-mailed to their subscriber (after 0016: one head).

Revision ID: 0015_report_schedules
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls, forbid_tenant_change
from poc_tracker.models.base import JSONType, UTCDateTime

revision = "0015_report_schedules"
down_revision = "0016_video_shares"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "report_schedules",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("owner_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("frequency", sa.String(10), nullable=False),
        sa.Column("filters", JSONType, nullable=False),
        sa.Column("send_when_empty", sa.Boolean(), nullable=False),
        sa.Column("unsubscribe_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("active", sa.Boolean(), nullable=False, index=True),
        sa.Column("next_run_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("last_run_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    # Reports' queries filter POCs by tenant and creation time; the tenant + update index exists already.
    op.create_index("ix_pocs_tenant_created", "pocs", ["tenant_id", "created_at"])
    forbid_tenant_change("report_schedules")
    enable_tenant_rls("report_schedules")


def downgrade() -> None:
    """Revert."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS report_schedules_tenant_immutable ON report_schedules")
        op.execute("DROP FUNCTION IF EXISTS report_schedules_tenant_immutable()")
    op.drop_index("ix_pocs_tenant_created", table_name="pocs")
    op.drop_table("report_schedules")
