"""Single sign-on: identity providers per tenant, their e-mail domains, linked identities, open sign-in flows.

Revision ID: 0014_identity_providers
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from poc_tracker.migrations.policies import enable_tenant_rls, forbid_tenant_change
from poc_tracker.models.base import JSONType, UTCDateTime

revision = "0014_identity_providers"
down_revision = "0012_mail"
branch_labels = None
depends_on = None

TENANT_TABLES = ["identity_providers", "identity_domains", "user_identities", "oidc_flows"]


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id"), nullable=False, index=True)


def _provider() -> sa.Column:
    return sa.Column(
        "provider_id", sa.Uuid(), sa.ForeignKey("identity_providers.id", ondelete="CASCADE"), nullable=False, index=True
    )


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "identity_providers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("discovery_url", sa.String(500), nullable=False),
        sa.Column("issuer", sa.String(500), nullable=False),
        sa.Column("client_id", sa.String(255), nullable=False),
        sa.Column("client_secret_sealed", sa.String(2000), nullable=False),
        sa.Column("scopes", JSONType, nullable=False),
        sa.Column("claim_mapping", JSONType, nullable=False),
        sa.Column("jit_provisioning", sa.Boolean(), nullable=False),
        sa.Column("default_role", sa.String(20), nullable=False),
        sa.Column("sso_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "identity_domains",
        sa.Column("domain", sa.String(255), primary_key=True),  # one tenant per domain, whoever asks
        _tenant(),
        _provider(),
    )
    op.create_table(
        "user_identities",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        _provider(),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_login_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("provider_id", "subject"),
    )
    op.create_table(
        "oidc_flows",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant(),
        _provider(),
        sa.Column("state_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("nonce", sa.String(128), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("login_hint", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    for table in TENANT_TABLES:
        forbid_tenant_change(table)
        enable_tenant_rls(table)


def downgrade() -> None:
    """Revert."""
    if op.get_bind().dialect.name == "postgresql":
        for table in TENANT_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_tenant_immutable ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_tenant_immutable()")
    for table in reversed(TENANT_TABLES):
        op.drop_table(table)
