"""LGPD: consent records (append-only) and data-subject requests.

Revision ID: 0017_privacy
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls, forbid_tenant_change
from poc_tracker.models.base import JSONType, UTCDateTime

revision = "0017_privacy"
down_revision = "0023_search_log"
branch_labels = None
depends_on = None


def _append_only(table: str) -> None:
    """Rows of ``table`` are written once: an UPDATE is refused on both databases (DELETE stays for erasure)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$
            BEGIN
              RAISE EXCEPTION '{table} is append-only' USING ERRCODE = 'check_violation';
            END $$ LANGUAGE plpgsql"""
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
    else:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("purpose", sa.String(30), nullable=False),
        sa.Column("version", sa.String(20), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("ip_hash", sa.String(64), nullable=False),
        sa.Column("user_agent_hash", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_consent_records_user_purpose_at", "consent_records", ["user_id", "purpose", "at"])
    _append_only("consent_records")
    enable_tenant_rls("consent_records")
    op.create_table(
        "privacy_requests",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("protocol", sa.String(32), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("job_id", sa.Uuid(), sa.ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True),
        sa.Column("details", JSONType, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("scheduled_for", UTCDateTime(), nullable=True, index=True),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_privacy_requests_tenant_status_due", "privacy_requests", ["tenant_id", "status", "due_at"])
    forbid_tenant_change("privacy_requests")
    enable_tenant_rls("privacy_requests")


def downgrade() -> None:
    """Revert."""
    pg = op.get_bind().dialect.name == "postgresql"
    if pg:
        op.execute("DROP TRIGGER IF EXISTS privacy_requests_tenant_immutable ON privacy_requests")
        op.execute("DROP FUNCTION IF EXISTS privacy_requests_tenant_immutable()")
    op.drop_table("privacy_requests")
    if pg:
        op.execute("DROP TRIGGER IF EXISTS consent_records_append_only ON consent_records")
        op.execute("DROP FUNCTION IF EXISTS consent_records_append_only()")
    op.drop_table("consent_records")
