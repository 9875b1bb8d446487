"""Live Dojos: sessions, participants, event log.

Revision ID: 0004_dojos
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls, forbid_tenant_change
from poc_tracker.models.base import JSONType, UTCDateTime

revision = "0004_dojos"
down_revision = "0003"
branch_labels = None
depends_on = None

TENANT_TABLES = ["dojos", "dojo_participants", "dojo_events"]


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "dojos",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("host_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("poc_id", sa.Uuid(), sa.ForeignKey("pocs.id"), nullable=True, index=True),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("kata", sa.Text(), nullable=False),
        sa.Column("language", sa.String(40), nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("rotation_minutes", sa.Integer(), nullable=False),
        sa.Column("join_code", sa.String(12), nullable=False, index=True),
        sa.Column("status", sa.String(10), nullable=False, index=True),
        sa.Column("editor_open", sa.Boolean(), nullable=False),
        sa.Column("rotation_started_at", UTCDateTime(), nullable=False),
        sa.Column("retrospective", JSONType, nullable=False),
        sa.Column("final_code", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_dojos_tenant_created", "dojos", ["tenant_id", "created_at"])
    op.create_table(
        "dojo_participants",
        sa.Column("dojo_id", sa.Uuid(), sa.ForeignKey("dojos.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("queue_order", sa.Integer(), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        sa.Column("left_at", UTCDateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "dojo_events",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("dojo_id", sa.Uuid(), sa.ForeignKey("dojos.id", ondelete="CASCADE"), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("actor_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_dojo_events_dojo_seq", "dojo_events", ["dojo_id", "seq"])
    for table in TENANT_TABLES:
        forbid_tenant_change(table)
        enable_tenant_rls(table)


def downgrade() -> None:
    """Revert."""
    if op.get_bind().dialect.name == "postgresql":
        for table in TENANT_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_tenant_immutable ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_tenant_immutable()")
    op.drop_table("dojo_events")
    op.drop_table("dojo_participants")
    op.drop_table("dojos")
