"""Request and response shapes of the API: camelCase on the wire."""

from __future__ import annotations

import dataclasses
import typing
import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    """camelCase JSON, snake_case Python."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


def record_fields(source: type, *, exclude: Collection[str] = ()) -> dict[str, Any]:
    """The fields of a service record (a table model or a dataclass) and their types, in order."""
    if dataclasses.is_dataclass(source):
        hints = typing.get_type_hints(source)
        names = [f.name for f in dataclasses.fields(source)]
    else:  # a SQLModel / pydantic model: types already resolved
        hints = {name: f.annotation for name, f in source.model_fields.items()}  # type: ignore[attr-defined]
        names = list(hints)
    return {name: hints[name] for name in names if name not in exclude}


def shaped_like(source: type, *, exclude: Collection[str] = ()) -> type[CamelModel]:
    """A camelCase base carrying the record's fields (all required), for a ``...Public`` shape to extend.

    Like the fastapi template's ``PocBase``: a field added to the record reaches the API without restating it;
    what must stay private is named in ``exclude``.
    """
    fields: dict[str, Any] = {name: (kind, ...) for name, kind in record_fields(source, exclude=exclude).items()}
    return create_model(f"{source.__name__}Fields", __base__=CamelModel, **fields)


class TokenPublic(CamelModel):
    """A fresh pair of tokens."""

    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


class TenantCreate(CamelModel):
    """Sign-up of a new organisation and its owner."""

    name: str = Field(max_length=255)
    subdomain: str = Field(max_length=63)
    owner_name: str = Field(max_length=255)
    owner_email: str = Field(max_length=255)
    owner_password: str = Field(max_length=128)
    accept_privacy_notice: bool = Field(False, description="The owner accepts the terms and the privacy notice")


class TenantCreated(TokenPublic):
    """The new tenant, its owner and the owner's tokens."""

    tenant_id: uuid.UUID
    user_id: uuid.UUID


class TenantPublic(CamelModel):
    """A tenant as its members see it."""

    id: uuid.UUID
    name: str
    subdomain: str
    plan: str
    settings: dict[str, Any]
    created_at: datetime


class TenantUpdate(CamelModel):
    """Owner's changes to the tenant."""

    name: str | None = Field(None, max_length=255)
    settings: dict[str, Any] | None = None


class TenantAdminRow(TenantPublic):
    """A tenant in the platform admin's list."""

    user_count: int


class TenantsPublic(CamelModel):
    """A page of tenants."""

    data: list[TenantAdminRow]
    total_count: int
    has_more: bool


class UserRegister(CamelModel):
    """Joining an existing tenant."""

    email: str = Field(max_length=255)
    password: str = Field(max_length=128)
    name: str = Field(max_length=255)
    tenant_id: uuid.UUID
    invitation_token: str | None = Field(None, max_length=128)
    accept_privacy_notice: bool = Field(False, description="The person accepts the terms and the privacy notice")


class UserRegistered(TokenPublic):
    """The new user's id and tokens."""

    user_id: uuid.UUID


class UserPublic(CamelModel):
    """A user as the API shows them (never the password hash)."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    email: str
    name: str
    roles: list[str]
    locale: str
    is_active: bool
    is_platform_admin: bool
    created_at: datetime
    updated_at: datetime
    last_login_at: datetime | None
    email_verified_at: datetime | None = None


class UsersPublic(CamelModel):
    """A page of users."""

    data: list[UserPublic]
    total_count: int
    has_more: bool


class Profile(CamelModel):
    """Who I am, where, and what I may do."""

    user: UserPublic
    tenant: TenantPublic
    permissions: list[str]


class ProfileUpdate(CamelModel):
    """Changes to one's own profile."""

    name: str | None = Field(None, max_length=255)
    locale: str | None = Field(None, max_length=10)
    current_password: str | None = Field(None, max_length=128)
    new_password: str | None = Field(None, max_length=128)


class UserUpdate(CamelModel):
    """An admin's change to a user: role and/or active flag."""

    role: str | None = Field(None, max_length=20)
    is_active: bool | None = None


class InvitationCreate(CamelModel):
    """An invitation to join with a role."""

    email: str = Field(max_length=255)
    role: str = Field("member", max_length=20)


class InvitationPublic(CamelModel):
    """A created invitation; the token is shown once."""

    invitation_id: uuid.UUID
    email: str
    role: str
    token: str
    tenant_id: uuid.UUID
    expires_at: datetime


class LoginRequest(CamelModel):
    """Credentials."""

    email: str = Field(max_length=255)
    password: str = Field(max_length=128)


class RefreshRequest(CamelModel):
    """A refresh token to spend."""

    refresh_token: str = Field(max_length=256)


class LogoutRequest(CamelModel):
    """Which sign-in to end; all of them when absent."""

    refresh_token: str | None = Field(None, max_length=256)
