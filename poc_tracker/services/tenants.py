"""Tenants: sign-up of a new organisation, its settings, the platform's list."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from poc_tracker.auth.passwords import hash_password
from poc_tracker.auth.roles import Role
from poc_tracker.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from poc_tracker.models import Tenant, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.account_email import send_verification
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.validation import (
    clean_email,
    clean_logo_url,
    clean_password,
    clean_subdomain,
    clean_text,
)

PLANS = ("basic", "team", "enterprise")
TENANT_SETTINGS = {"allowSignup": bool, "defaultLocale": str, "logoUrl": str}


def sign_up_problems(
    session: Session, *, name: str, subdomain: str, owner_name: str, owner_email: str, owner_password: str
) -> list[DomainError]:
    """Every reason the sign-up form would be refused, at once (``create_tenant`` stops at the first)."""
    problems: list[DomainError] = []

    def check(validate: Callable[[], object]) -> object | None:
        try:
            return validate()
        except DomainError as exc:
            problems.append(exc)
            return None

    check(lambda: clean_text(name, field="name", max_length=255))
    sub = check(lambda: clean_subdomain(subdomain))
    check(lambda: clean_text(owner_name, field="ownerName", max_length=255))
    email = check(lambda: clean_email(owner_email))
    check(lambda: clean_password(owner_password, "ownerPassword", email=str(email or ""), name=owner_name))
    if sub and session.exec(select(Tenant.id).where(Tenant.subdomain == sub)).first():
        problems.append(Conflict("Este subdomínio já está em uso.", details={"field": "subdomain"}))
    if email and session.exec(select(User.id).where(User.email == email)).first():
        problems.append(Conflict("Já existe uma conta com este e-mail.", details={"field": "ownerEmail"}))
    return problems


def create_tenant(
    session: Session,
    *,
    name: str,
    subdomain: str,
    owner_name: str,
    owner_email: str,
    owner_password: str,
    locale: str = "pt_BR",
    verified: bool = False,
) -> tuple[Tenant, User]:
    """A new tenant and its owner, in one transaction; the owner is mailed a verification link unless ``verified``."""
    name = clean_text(name, field="name", max_length=255)
    subdomain = clean_subdomain(subdomain)
    owner_name = clean_text(owner_name, field="ownerName", max_length=255)
    email = clean_email(owner_email)
    clean_password(owner_password, "ownerPassword", email=email, name=owner_name)
    if session.exec(select(Tenant.id).where(Tenant.subdomain == subdomain)).first():
        raise Conflict("Este subdomínio já está em uso.", code="subdomain_taken", details={"field": "subdomain"})
    if session.exec(select(User.id).where(User.email == email)).first():
        raise Conflict("Já existe uma conta com este e-mail.", code="email_taken", details={"field": "ownerEmail"})
    tenant = Tenant(name=name, subdomain=subdomain, settings={"allowSignup": False, "defaultLocale": locale})
    owner = User(
        tenant_id=tenant.id,
        email=email,
        name=owner_name,
        password_hash=hash_password(owner_password),
        roles=[Role.OWNER.value],
        locale=locale,
        email_verified_at=utcnow() if verified else None,
    )
    session.add(tenant)
    session.flush()
    session.add(owner)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent sign-up took the name first
        raise Conflict("Este subdomínio ou e-mail já está em uso.", code="taken") from exc
    if not verified:
        send_verification(session, owner)
    emit(
        session,
        tenant_id=tenant.id,
        actor_id=owner.id,
        kind="tenant.created",
        target_type="tenant",
        target_id=tenant.id,
        subdomain=subdomain,
    )
    return tenant, owner


def access_tenant(session: Session, actor: Actor) -> Tenant:
    """The actor's own tenant."""
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).first()
    if tenant is None:
        raise NotFound()
    return tenant


def update_tenant(
    session: Session, *, actor: Actor, name: str | None = None, settings: dict[str, Any] | None = None
) -> Tenant:
    """Rename the tenant or change its settings (owner)."""
    actor.require("tenant:write")
    tenant = access_tenant(session, actor)
    if name is not None:
        tenant.name = clean_text(name, field="name", max_length=255)
    if settings:
        merged = dict(tenant.settings)
        for key, value in settings.items():
            kind = TENANT_SETTINGS.get(key)
            if kind is None or not isinstance(value, kind):
                raise Invalid(
                    "Configuração desconhecida ou inválida: {key}.",
                    code="invalid_setting",
                    details={"field": key},
                    key=key,
                )
            merged[key] = clean_logo_url(value) if key == "logoUrl" else value
        tenant.settings = merged
    tenant.updated_at = utcnow()
    session.add(tenant)
    emit(
        session,
        tenant_id=tenant.id,
        actor_id=actor.user_id,
        kind="tenant.updated",
        target_type="tenant",
        target_id=tenant.id,
        name=tenant.name,
        settings=tenant.settings,
    )
    return tenant


def list_tenants(
    session: Session, *, actor: Actor, page: int = 1, limit: int = 50
) -> tuple[list[tuple[Tenant, int]], int]:
    """Every tenant with its user count (platform admin only)."""
    if not actor.platform_admin:
        raise Forbidden()
    total = session.exec(select(func.count()).select_from(Tenant)).one()
    users = select(func.count()).where(User.tenant_id == Tenant.id).scalar_subquery()
    rows = session.exec(
        select(Tenant, users).order_by(col(Tenant.created_at).desc()).offset((page - 1) * limit).limit(limit)
    ).all()
    return [(t, int(n)) for t, n in rows], int(total)


def get_tenant_public(session: Session, *, tenant_id: uuid.UUID) -> Tenant:
    """A tenant by id for anonymous sign-up; missing is NotFound."""
    tenant = session.exec(select(Tenant).where(Tenant.id == tenant_id)).first()
    if tenant is None:
        raise NotFound("Organização não encontrada.", code="tenant_not_found")
    return tenant
