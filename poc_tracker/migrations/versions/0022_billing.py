"""Billing: Stripe customers and subscriptions per tenant, checkouts, invoices, handled webhook events (after 0018).

Revision ID: 0022_billing
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls, forbid_tenant_change
from poc_tracker.models.base import UTCDateTime

revision = "0022_billing"
down_revision = "0018_tenant_deletion"
branch_labels = None
depends_on = None

TENANT_TABLES = ("billing_accounts", "billing_checkouts", "billing_invoices")


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True)


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "billing_accounts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, unique=True),
        sa.Column("legal_name", sa.String(200), nullable=False),
        sa.Column("tax_id", sa.String(14), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("address_line1", sa.String(200), nullable=False),
        sa.Column("address_line2", sa.String(200), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("state", sa.String(2), nullable=False),
        sa.Column("postal_code", sa.String(8), nullable=False),
        sa.Column("stripe_customer_id", sa.String(255), nullable=True, unique=True),
        sa.Column("stripe_subscription_id", sa.String(255), nullable=True, index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("interval", sa.String(10), nullable=False),
        sa.Column("pending_plan", sa.String(50), nullable=False),
        sa.Column("current_period_end", UTCDateTime(), nullable=True),
        sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False),
        sa.Column("grace_until", UTCDateTime(), nullable=True),
        sa.Column("notified", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "billing_checkouts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("created_by", sa.Uuid(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("stripe_session_id", sa.String(255), nullable=False, unique=True),
        sa.Column("plan", sa.String(50), nullable=False),
        sa.Column("interval", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "billing_invoices",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("stripe_invoice_id", sa.String(255), nullable=False, unique=True),
        sa.Column("number", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("amount_due", sa.Integer(), nullable=False),
        sa.Column("amount_paid", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("hosted_invoice_url", sa.String(2000), nullable=False),
        sa.Column("invoice_pdf", sa.String(2000), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    # Events arrive before anyone knows their tenant: a system table, read and written by the webhook only.
    op.create_table(
        "billing_events",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=True, index=True),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
    )
    for table in TENANT_TABLES:
        forbid_tenant_change(table)
        enable_tenant_rls(table)


def downgrade() -> None:
    """Revert."""
    for table in TENANT_TABLES:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_tenant_immutable ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_tenant_immutable()")
    op.drop_table("billing_events")
    for table in reversed(TENANT_TABLES):
        op.drop_table(table)
