"""Tenants, registration, sign-in and profile: the account routes of API v1."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, LocaleDep, SessionDep, system_session_dep
from poc_tracker.api.mfa_schemas import MfaRequired
from poc_tracker.api.schemas import (
    LoginRequest,
    LogoutRequest,
    Profile,
    ProfileUpdate,
    RefreshRequest,
    TenantCreate,
    TenantCreated,
    TenantPublic,
    TenantUpdate,
    TokenPublic,
    UserPublic,
    UserRegister,
    UserRegistered,
)
from poc_tracker.db import scope_to_tenant
from poc_tracker.i18n import normalize_locale
from poc_tracker.models import User
from poc_tracker.services import mfa_login, sessions, tenants, users
from poc_tracker.services.login_guard import client_address
from poc_tracker.services.privacy import consents
from poc_tracker.services.sessions import client_agent

router = APIRouter()
# No tenant is known yet on these routes: each names its system-scope session (other routes get the caller's).
SignUpSession = Annotated[Session, Depends(system_session_dep("sign-up: a new tenant"))]
JoinSession = Annotated[Session, Depends(system_session_dep("sign-up: join a tenant"))]
SignInSession = Annotated[Session, Depends(system_session_dep("sign-in"))]
RefreshSession = Annotated[Session, Depends(system_session_dep("token refresh"))]


def record_signup_consent(session: SessionDep, user: User) -> None:
    """The terms and privacy notice accepted with the sign-up, with this request's address and device (hashed)."""
    consents.accept_notice(
        session,
        tenant_id=user.tenant_id,
        user_id=user.id,
        channel="api",
        ip=client_address.get(),
        user_agent=client_agent.get(),
    )


@router.post("/tenants", status_code=status.HTTP_201_CREATED, response_model=TenantCreated, tags=["tenants"])
def create_tenant(body: TenantCreate, session: SignUpSession, locale: LocaleDep) -> TenantCreated:
    """Create an organisation and its owner, signed in."""
    tenant, owner = tenants.create_tenant(
        session,
        name=body.name,
        subdomain=body.subdomain,
        owner_name=body.owner_name,
        owner_email=body.owner_email,
        owner_password=body.owner_password,
        locale=normalize_locale(locale),
    )
    if body.accept_privacy_notice:
        record_signup_consent(session, owner)
    pair = sessions.issue_tokens(session, owner)
    session.commit()
    return TenantCreated(
        tenant_id=tenant.id,
        user_id=owner.id,
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
    )


@router.get("/tenants/current", response_model=TenantPublic, tags=["tenants"])
def read_tenant(session: SessionDep, actor: CurrentActor) -> TenantPublic:
    """My organisation."""
    return TenantPublic.model_validate(tenants.access_tenant(session, actor))


@router.patch("/tenants/current", response_model=TenantPublic, tags=["tenants"])
def update_tenant(body: TenantUpdate, session: SessionDep, actor: CurrentActor) -> TenantPublic:
    """Rename my organisation or change its settings (owner)."""
    tenant = tenants.update_tenant(session, actor=actor, name=body.name, settings=body.settings)
    session.commit()
    return TenantPublic.model_validate(tenant)


@router.post("/users/register", status_code=status.HTTP_201_CREATED, response_model=UserRegistered, tags=["users"])
def register(body: UserRegister, session: JoinSession, locale: LocaleDep) -> UserRegistered:
    """Join an organisation that allows sign-up, or with an invitation."""
    user = users.register_user(
        session,
        email=body.email,
        password=body.password,
        name=body.name,
        tenant_id=body.tenant_id,
        invitation_token=body.invitation_token,
        locale=normalize_locale(locale),
    )
    if body.accept_privacy_notice:
        record_signup_consent(session, user)
    pair = sessions.issue_tokens(session, user)
    session.commit()
    return UserRegistered(
        user_id=user.id, access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@router.post("/auth/login", response_model=TokenPublic | MfaRequired, tags=["auth"])
def login(body: LoginRequest, session: SignInSession) -> TokenPublic | MfaRequired:
    """Sign in with e-mail and password; ``mfaRequired`` with an ``mfaToken`` when a second factor is due."""
    outcome = mfa_login.begin(session, email=body.email, password=body.password)
    session.commit()
    if outcome.pair is None:
        return MfaRequired(
            mfa_token=outcome.mfa_token, enrollment_required=outcome.enrollment_required, methods=outcome.methods
        )
    pair = outcome.pair
    return TokenPublic(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


@router.post("/auth/refresh", response_model=TokenPublic, tags=["auth"])
def refresh(body: RefreshRequest, session: RefreshSession) -> TokenPublic:
    """Spend a refresh token for a new pair (rotation)."""
    pair = sessions.refresh(session, refresh_token=body.refresh_token)
    session.commit()
    return TokenPublic(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"])
def logout(session: SessionDep, actor: CurrentActor, body: LogoutRequest | None = None) -> None:
    """End this sign-in (given its refresh token) or all of mine."""
    sessions.logout(session, user_id=actor.user_id, refresh_token=body.refresh_token if body else None)
    session.commit()


def _profile(session: SessionDep, actor: CurrentActor) -> Profile:
    user, tenant = users.get_profile(session, actor=actor)
    return Profile(
        user=UserPublic.model_validate(user), tenant=TenantPublic.model_validate(tenant), permissions=actor.permissions
    )


@router.get("/users/profile", response_model=Profile, tags=["users"])
def read_profile(session: SessionDep, actor: CurrentActor) -> Profile:
    """Who I am, my organisation, my permissions."""
    return _profile(session, actor)


@router.patch("/users/profile", response_model=Profile, tags=["users"])
def update_profile(body: ProfileUpdate, session: SessionDep, actor: CurrentActor) -> Profile:
    """Change my name, language or password."""
    users.update_profile(
        session,
        actor=actor,
        name=body.name,
        locale=body.locale,
        current_password=body.current_password,
        new_password=body.new_password,
    )
    session.commit()
    scope_to_tenant(session, actor.tenant_id)
    return _profile(session, actor)


Page = Query(1, ge=1, le=100000)
Limit = Query(50, ge=1, le=100)
