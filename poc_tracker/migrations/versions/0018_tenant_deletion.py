"""Tenant deletion with a grace period; audit entries already recorded lose their e-mails, IPs and user agents.

Revision ID: 0018_tenant_deletion
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.models.base import JSONType, UTCDateTime
from poc_tracker.services.audit_minimise import minimise

revision = "0018_tenant_deletion"
down_revision = "0017_privacy"
branch_labels = None
depends_on = None

COLUMNS = ("deletion_requested_at", "deletion_due_at", "deletion_requested_by")


def upgrade() -> None:
    """Apply."""
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("deletion_requested_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("deletion_due_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("deletion_requested_by", sa.Uuid(), nullable=True))
        batch.create_index("ix_tenants_deletion_due_at", ["deletion_due_at"])
    for table, column in (("audit_log", "details"), ("domain_events", "payload")):
        _minimise_existing(table, column)


def _minimise_existing(table: str, column: str) -> None:
    """Rewrite rows recorded before minimisation (only those with something to reduce)."""
    bind = op.get_bind()
    t = sa.table(table, sa.column("id", sa.Uuid()), sa.column("tenant_id", sa.Uuid()), sa.column(column, JSONType))
    for row_id, tenant_id, data in bind.execute(sa.select(t.c.id, t.c.tenant_id, t.c[column])).all():
        reduced = minimise(tenant_id, data or {})
        if reduced != data:
            bind.execute(sa.update(t).where(t.c.id == row_id).values({column: reduced}))


def downgrade() -> None:
    """Revert (minimised entries stay minimised: the full values are gone on purpose)."""
    with op.batch_alter_table("tenants") as batch:
        batch.drop_index("ix_tenants_deletion_due_at")
        for column in COLUMNS:
            batch.drop_column(column)
