"""Single sign-on: a tenant's identity providers, the e-mail domains they own, linked identities and open flows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Column, Field, SQLModel, UniqueConstraint

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class IdentityProvider(SQLModel, table=True):
    """An OpenID provider a tenant's people sign in with; the client secret is stored encrypted."""

    __tablename__ = "identity_providers"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    name: str = Field(max_length=100)
    discovery_url: str = Field(max_length=500)
    issuer: str = Field(max_length=500)
    client_id: str = Field(max_length=255)
    client_secret_sealed: str = Field(max_length=2000)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    claim_mapping: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    jit_provisioning: bool = Field(default=False)
    default_role: str = Field(default="member", max_length=20)
    sso_only: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class IdentityDomain(SQLModel, table=True):
    """An e-mail domain a tenant claimed for one of its providers; no other tenant can claim it."""

    __tablename__ = "identity_domains"

    domain: str = Field(max_length=255, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    provider_id: uuid.UUID = Field(foreign_key="identity_providers.id", index=True, ondelete="CASCADE")


class UserIdentity(SQLModel, table=True):
    """A user's account at a provider (its ``sub``), linked on first sign-in."""

    __tablename__ = "user_identities"
    __table_args__ = (UniqueConstraint("provider_id", "subject"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    provider_id: uuid.UUID = Field(foreign_key="identity_providers.id", index=True, ondelete="CASCADE")
    subject: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OidcFlow(SQLModel, table=True):
    """A started sign-in: its ``state`` (hashed), ``nonce`` and PKCE verifier, spent once, expiring."""

    __tablename__ = "oidc_flows"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    provider_id: uuid.UUID = Field(foreign_key="identity_providers.id", index=True, ondelete="CASCADE")
    state_hash: str = Field(max_length=64, unique=True)
    nonce: str = Field(max_length=128)
    code_verifier: str = Field(max_length=128)
    login_hint: str = Field(default="", max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
