"""Shapes of the identity-provider and single sign-on routes; a client secret goes in, never out."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from poc_tracker.api.schemas import CamelModel
from poc_tracker.services.identity_providers import ProviderInput, ProviderView


class ClaimMapping(CamelModel):
    """Which claims hold the name, e-mail and groups; which group gives which role."""

    name: str = Field("name", max_length=100)
    email: str = Field("email", max_length=100)
    groups: str = Field("groups", max_length=100)
    roles: dict[str, str] = Field(default_factory=dict)


class ProviderFields(CamelModel):
    """Fields an admin may send."""

    name: str | None = Field(None, max_length=100)
    discovery_url: str | None = Field(None, max_length=500)
    client_id: str | None = Field(None, max_length=255)
    client_secret: str | None = Field(None, max_length=1000, json_schema_extra={"writeOnly": True})
    scopes: list[str] | None = Field(None, max_length=20)
    domains: list[str] | None = Field(None, max_length=20)
    claim_mapping: ClaimMapping | None = None
    jit_provisioning: bool | None = None
    default_role: str | None = Field(None, max_length=20)
    sso_only: bool | None = None

    def to_input(self) -> ProviderInput:
        """The service's input."""
        data = self.model_dump(exclude={"claim_mapping"})
        mapping = self.claim_mapping.model_dump() if self.claim_mapping is not None else None
        return ProviderInput(**data, claim_mapping=mapping)


class ProviderCreate(ProviderFields):
    """A new provider: name, discovery URL, client id and secret, domains are required."""

    name: str = Field(max_length=100)
    discovery_url: str = Field(max_length=500)
    client_id: str = Field(max_length=255)
    client_secret: str = Field(max_length=1000, json_schema_extra={"writeOnly": True})
    domains: list[str] = Field(max_length=20)


class ProviderUpdate(ProviderFields):
    """Changes; a missing field stays as it is (the secret too)."""


class ProviderPublic(CamelModel):
    """A provider as admins see it: no secret, only that one is set."""

    provider_id: uuid.UUID
    name: str
    discovery_url: str
    issuer: str
    client_id: str
    has_secret: bool
    scopes: list[str]
    domains: list[str]
    claim_mapping: dict[str, Any]
    jit_provisioning: bool
    default_role: str
    sso_only: bool
    redirect_uri: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: ProviderView, redirect_uri: str) -> ProviderPublic:
        """From the service's view."""
        data = asdict(view)
        return cls(provider_id=data.pop("id"), redirect_uri=redirect_uri, **data)


class ProvidersPublic(CamelModel):
    """The tenant's providers."""

    data: list[ProviderPublic]
    count: int


class ConnectionPublic(CamelModel):
    """A provider answered: its issuer and how many signing keys it publishes."""

    ok: bool = True
    issuer: str
    keys: int


class DiscoverRequest(CamelModel):
    """The e-mail typed at the first step of sign-in."""

    email: str = Field(max_length=255)


class DiscoverAnswer(CamelModel):
    """How this address signs in: a password, or its organisation's provider (where to go)."""

    method: Literal["password", "oidc"]
    redirect_url: str | None = None
