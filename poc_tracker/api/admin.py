"""Tenant administration (users, invitations) and the platform admin's tenant list."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from poc_tracker.api.accounts import Limit, Page
from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.schemas import (
    InvitationCreate,
    InvitationPublic,
    TenantAdminRow,
    TenantPublic,
    TenantsPublic,
    UserPublic,
    UsersPublic,
    UserUpdate,
)
from poc_tracker.db import new_system_session
from poc_tracker.errors import Forbidden
from poc_tracker.services import tenants, users

router = APIRouter()


@router.get("/users", response_model=UsersPublic, tags=["users"])
def list_users(session: SessionDep, actor: CurrentActor, page: int = Page, limit: int = Limit) -> UsersPublic:
    """The users of my organisation (admins)."""
    rows, total = users.list_users(session, actor=actor, page=page, limit=limit)
    return UsersPublic(
        data=[UserPublic.model_validate(u) for u in rows], total_count=total, has_more=page * limit < total
    )


@router.post("/users/invitations", status_code=status.HTTP_201_CREATED, response_model=InvitationPublic, tags=["users"])
def invite(body: InvitationCreate, session: SessionDep, actor: CurrentActor) -> InvitationPublic:
    """Invite someone by e-mail with a role (admins); the token is shown once."""
    inv, token = users.invite_user(session, actor=actor, email=body.email, role=body.role)
    session.commit()
    return InvitationPublic(
        invitation_id=inv.id,
        email=inv.email,
        role=inv.role,
        token=token,
        tenant_id=inv.tenant_id,
        expires_at=inv.expires_at,
    )


@router.get("/users/{user_id}", response_model=UserPublic, tags=["users"])
def read_user(user_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> UserPublic:
    """One user of my organisation (admins)."""
    actor.require("users:read")
    return UserPublic.model_validate(users.access_user_by_id(session, actor, user_id))


@router.patch("/users/{user_id}", response_model=UserPublic, tags=["users"])
def update_user(user_id: uuid.UUID, body: UserUpdate, session: SessionDep, actor: CurrentActor) -> UserPublic:
    """Change a user's role or deactivate them (admins)."""
    user = users.update_user(session, actor=actor, user_id=user_id, role=body.role, active=body.is_active)
    session.commit()
    return UserPublic.model_validate(user)


@router.get("/admin/tenants", response_model=TenantsPublic, tags=["platform"])
def list_tenants(actor: CurrentActor, page: int = Page, limit: int = Limit) -> TenantsPublic:
    """Every organisation on the platform (platform admins)."""
    if not actor.platform_admin:
        raise Forbidden()
    with new_system_session(reason="platform admin: every tenant") as session:
        rows, total = tenants.list_tenants(session, actor=actor, page=page, limit=limit)
        data = [TenantAdminRow(**TenantPublic.model_validate(t).model_dump(), user_count=n) for t, n in rows]
    return TenantsPublic(data=data, total_count=total, has_more=page * limit < total)
