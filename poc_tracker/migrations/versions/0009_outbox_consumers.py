"""The outbox, read by every consumer: one row per event a consumer (audit, search…) has still to receive.

Events not yet in the audit log (``dispatched_at`` empty) are queued for the audit consumer; the search
index is taken as current (it was fed after each commit until now: ``poc-tracker reindex`` if in doubt).

Revision ID: 0009_outbox_consumers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls
from poc_tracker.models.base import UTCDateTime

revision = "0009_outbox_consumers"
down_revision = "0008_search_tenant_fts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "outbox_pending",
        sa.Column("consumer", sa.String(40), primary_key=True),
        sa.Column("event_id", sa.Uuid(), sa.ForeignKey("domain_events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_outbox_pending_consumer_created", "outbox_pending", ["consumer", "created_at"])
    op.execute(
        "INSERT INTO outbox_pending (consumer, event_id, tenant_id, created_at) "
        "SELECT 'audit', id, tenant_id, created_at FROM domain_events WHERE dispatched_at IS NULL"
    )
    enable_tenant_rls("outbox_pending")


def downgrade() -> None:
    """Revert."""
    op.drop_index("ix_outbox_pending_consumer_created", table_name="outbox_pending")
    op.drop_table("outbox_pending")
