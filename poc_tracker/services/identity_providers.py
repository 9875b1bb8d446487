"""A tenant's identity providers (admins): add, change, remove, test; every change is audited, no secret is."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from poc_tracker.auth import oidc
from poc_tracker.auth.roles import Role, parse_role
from poc_tracker.auth.sealing import seal
from poc_tracker.errors import Conflict, Invalid, NotFound
from poc_tracker.i18n import N_
from poc_tracker.models import IdentityDomain, IdentityProvider
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.validation import clean_text

DOMAIN_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Mailboxes anyone can open prove nothing about who works where: nobody may claim them.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.com.br",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "bol.com.br",
        "uol.com.br",
        "terra.com.br",
        "ig.com.br",
        "globo.com",
        "aol.com",
        "gmx.com",
        "zoho.com",
    }
)
MAPPABLE_ROLES = (Role.ADMIN, Role.MEMBER, Role.VIEWER)  # ownership is never handed out by a provider
MAX_DOMAINS, MAX_SCOPES, MAX_GROUPS = 20, 20, 50
CLAIM_RE = re.compile(r"^[A-Za-z0-9_:./-]{1,100}$")
DEFAULT_MAPPING = {"name": "name", "email": "email", "groups": "groups", "roles": {}}


@dataclass
class ProviderInput:
    """What an admin sends; None leaves a field as it is (on a change)."""

    name: str | None = None
    discovery_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scopes: list[str] | None = None
    domains: list[str] | None = None
    claim_mapping: dict[str, Any] | None = None
    jit_provisioning: bool | None = None
    default_role: str | None = None
    sso_only: bool | None = None


@dataclass(frozen=True)
class ProviderView:
    """A provider as admins see it: everything but the secret."""

    id: uuid.UUID
    name: str
    discovery_url: str
    issuer: str
    client_id: str
    scopes: list[str]
    domains: list[str]
    claim_mapping: dict[str, Any]
    jit_provisioning: bool
    default_role: str
    sso_only: bool
    created_at: datetime
    updated_at: datetime
    has_secret: bool = field(default=True)


def _field_error(message: str, name: str, **params: object) -> Invalid:
    return Invalid(message, code="invalid", details={"field": name}, **params)


def clean_domains(values: list[str]) -> list[str]:
    """Lower-case e-mail domains, each well formed and none a public mail service."""
    found = sorted({(v or "").strip().lower().removeprefix("@") for v in values if (v or "").strip()})
    if not found:
        raise _field_error(N_("Informe ao menos um domínio de e-mail."), "domains")
    if len(found) > MAX_DOMAINS:
        raise _field_error(N_("No máximo {n} domínios por provedor."), "domains", n=MAX_DOMAINS)
    for domain in found:
        if not DOMAIN_RE.match(domain):
            raise _field_error(N_("Domínio inválido: {domain}."), "domains", domain=domain)
        if domain in PUBLIC_MAIL_DOMAINS:
            message = N_("{domain} é um serviço de e-mail público e não pode ser reivindicado.")
            raise _field_error(message, "domains", domain=domain)
    return found


def clean_scopes(values: list[str]) -> list[str]:
    """Scopes, ``openid`` always among them."""
    scopes = list(dict.fromkeys(["openid", *(v.strip() for v in values if v and v.strip())]))
    if len(scopes) > MAX_SCOPES or any(not CLAIM_RE.match(s) for s in scopes):
        raise _field_error(N_("Escopos inválidos."), "scopes")
    return scopes


def _clean_role(value: str, name: str) -> str:
    role = parse_role(value)
    if role not in MAPPABLE_ROLES:
        raise _field_error(N_("Papel inválido: {role}."), name, role=value)
    return role.value


def clean_mapping(value: dict[str, Any]) -> dict[str, Any]:
    """Which claims hold the name, the e-mail and the groups, and which groups give which role."""
    mapping: dict[str, Any] = {**DEFAULT_MAPPING, **{k: v for k, v in value.items() if k in DEFAULT_MAPPING}}
    for key in ("name", "email", "groups"):
        if not isinstance(mapping[key], str) or not CLAIM_RE.match(mapping[key]):
            raise _field_error(N_("Nome de claim inválido em {key}."), "claimMapping", key=key)
    roles = mapping["roles"]
    if not isinstance(roles, dict) or len(roles) > MAX_GROUPS:
        raise _field_error(N_("Mapeamento de grupos inválido."), "claimMapping")
    mapping["roles"] = {
        clean_text(str(g), field="claimMapping", max_length=255): _clean_role(str(r), "claimMapping")
        for g, r in roles.items()
    }
    return mapping


def _view(session: Session, p: IdentityProvider) -> ProviderView:
    domains = session.exec(select(IdentityDomain.domain).where(IdentityDomain.provider_id == p.id)).all()
    return ProviderView(
        p.id,
        p.name,
        p.discovery_url,
        p.issuer,
        p.client_id,
        list(p.scopes),
        sorted(domains),
        dict(p.claim_mapping),
        p.jit_provisioning,
        p.default_role,
        p.sso_only,
        p.created_at,
        p.updated_at,
    )


def access_provider_by_id(session: Session, actor: Actor, provider_id: uuid.UUID) -> IdentityProvider:
    """A provider of the actor's tenant (admins); missing and another tenant's look the same."""
    actor.require("users:manage")
    found = session.exec(
        select(IdentityProvider).where(
            IdentityProvider.id == provider_id, IdentityProvider.tenant_id == actor.tenant_id
        )
    ).first()
    if found is None:
        raise NotFound("Provedor de identidade não encontrado.", code="identity_provider_not_found")
    return found


def list_providers(session: Session, *, actor: Actor) -> list[ProviderView]:
    """The tenant's providers, by name."""
    actor.require("users:manage")
    rows = session.exec(
        select(IdentityProvider)
        .where(IdentityProvider.tenant_id == actor.tenant_id)
        .order_by(col(IdentityProvider.name))
    )
    return [_view(session, p) for p in rows]


def get_provider(session: Session, *, actor: Actor, provider_id: uuid.UUID) -> ProviderView:
    """One provider."""
    return _view(session, access_provider_by_id(session, actor, provider_id))


def _apply(p: IdentityProvider, data: ProviderInput) -> None:
    """Copy the checked fields an admin sent onto the row."""
    if data.name is not None:
        p.name = clean_text(data.name, field="name", max_length=100)
    if data.discovery_url is not None:
        p.discovery_url = clean_text(data.discovery_url, field="discoveryUrl", max_length=500)
    if data.client_id is not None:
        p.client_id = clean_text(data.client_id, field="clientId", max_length=255)
    if data.client_secret is not None:
        p.client_secret_sealed = seal(clean_text(data.client_secret, field="clientSecret", max_length=1000))
    if data.scopes is not None:
        p.scopes = clean_scopes(data.scopes)
    if data.claim_mapping is not None:
        p.claim_mapping = clean_mapping(data.claim_mapping)
    if data.default_role is not None:
        p.default_role = _clean_role(data.default_role, "defaultRole")
    if data.jit_provisioning is not None:
        p.jit_provisioning = bool(data.jit_provisioning)
    if data.sso_only is not None:
        p.sso_only = bool(data.sso_only)


def _claim_domains(session: Session, p: IdentityProvider, domains: list[str]) -> None:
    """Give the provider exactly these domains; one already claimed (here or by another tenant) is a conflict."""
    session.exec(delete(IdentityDomain).where(col(IdentityDomain.provider_id) == p.id))
    try:
        with session.begin_nested():
            for domain in domains:
                session.add(IdentityDomain(domain=domain, tenant_id=p.tenant_id, provider_id=p.id))
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "Um destes domínios já foi reivindicado por outro provedor ou organização.",
            code="domain_taken",
            details={"field": "domains"},
        ) from exc


def _validate_remote(p: IdentityProvider) -> None:
    """Saving proves the provider answers: its discovery document and its keys are fetched and checked."""
    meta = oidc.discover(p.discovery_url)
    oidc.fetch_keys(meta)
    p.issuer = meta.issuer


def _payload(p: IdentityProvider, domains: list[str] | None, data: ProviderInput) -> dict[str, Any]:
    """What the audit log keeps of a change: never the secret, only whether it changed."""
    changed = [k for k, v in vars(data).items() if v is not None and k != "client_secret"]
    return {"name": p.name, "fields": changed, "domains": domains, "secretChanged": data.client_secret is not None}


def create_provider(session: Session, *, actor: Actor, data: ProviderInput) -> ProviderView:
    """Add a provider once its discovery document and keys answer."""
    actor.require("users:manage")
    for name in ("name", "discovery_url", "client_id", "client_secret"):
        if not getattr(data, name):
            raise _field_error(N_("Campo obrigatório."), _camel(name))
    domains = clean_domains(data.domains or [])
    p = IdentityProvider(
        tenant_id=actor.tenant_id, name="", discovery_url="", issuer="", client_id="", client_secret_sealed=""
    )
    _apply(p, ProviderInput(**{**vars(data), "scopes": data.scopes or ["openid", "email", "profile"]}))
    if data.claim_mapping is None:
        p.claim_mapping = clean_mapping({})
    _validate_remote(p)
    session.add(p)
    session.flush()
    _claim_domains(session, p, domains)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="identity_provider.created",
        target_type="identity_provider",
        target_id=p.id,
        **_payload(p, domains, data),
    )
    return _view(session, p)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.title() for w in rest)


def update_provider(session: Session, *, actor: Actor, provider_id: uuid.UUID, data: ProviderInput) -> ProviderView:
    """Change a provider; the result is validated against the provider again."""
    p = access_provider_by_id(session, actor, provider_id)
    _apply(p, data)
    _validate_remote(p)
    p.updated_at = utcnow()
    session.add(p)
    domains = clean_domains(data.domains) if data.domains is not None else None
    if domains is not None:
        _claim_domains(session, p, domains)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="identity_provider.updated",
        target_type="identity_provider",
        target_id=p.id,
        **_payload(p, domains, data),
    )
    return _view(session, p)


def delete_provider(session: Session, *, actor: Actor, provider_id: uuid.UUID) -> None:
    """Remove a provider; its domains, linked identities and open sign-ins go with it (users stay)."""
    p = access_provider_by_id(session, actor, provider_id)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="identity_provider.deleted",
        target_type="identity_provider",
        target_id=p.id,
        name=p.name,
    )
    session.delete(p)
    session.flush()


@dataclass(frozen=True)
class ConnectionCheck:
    """What testing a provider found."""

    issuer: str
    keys: int


def check_provider(session: Session, *, actor: Actor, provider_id: uuid.UUID) -> ConnectionCheck:
    """Fetch a saved provider's discovery document and keys again (Invalid says what is wrong)."""
    p = access_provider_by_id(session, actor, provider_id)
    meta = oidc.discover(p.discovery_url)
    keys = oidc.fetch_keys(meta)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="identity_provider.tested",
        target_type="identity_provider",
        target_id=p.id,
        name=p.name,
    )
    return ConnectionCheck(meta.issuer, len(keys.keys))
