"""Single sign-on, identifier-first: an e-mail's domain picks the tenant's provider, whose answer signs them in.

The person is found by their linked identity, or linked by verified e-mail, or (if the tenant allows) created.

The flow's ``state`` (stored hashed), ``nonce`` and PKCE verifier stay on the server, are spent once and
expire; the ID token must come from the provider's issuer, for its client, unexpired, with the flow's nonce.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from poc_tracker.auth import oidc
from poc_tracker.auth.roles import RANK, Role, parse_role
from poc_tracker.auth.sealing import unseal
from poc_tracker.auth.tokens import hash_token
from poc_tracker.errors import Forbidden, Unauthorized
from poc_tracker.models import IdentityDomain, IdentityProvider, OidcFlow, User, UserIdentity
from poc_tracker.models.base import utcnow
from poc_tracker.services.events import emit
from poc_tracker.services.sso_policy import email_domain, provider_for_email
from poc_tracker.settings import get_settings

CALLBACK_PATH = "/api/v1/auth/oidc/callback"
UNUSABLE_PASSWORD = "!sso"  # not an Argon2 hash: no password ever matches it
METADATA_TTL_S = 300
_metadata: dict[str, tuple[float, oidc.ProviderMetadata]] = {}


def redirect_uri() -> str:
    """Where providers send people back: admins register it at their provider."""
    return get_settings().app_url.rstrip("/") + CALLBACK_PATH


def _metadata_of(provider: IdentityProvider) -> oidc.ProviderMetadata:
    """The provider's discovery document, kept a few minutes per process."""
    now = time.monotonic()
    cached = _metadata.get(provider.discovery_url)
    if cached is None or cached[0] < now:
        cached = (now + METADATA_TTL_S, oidc.discover(provider.discovery_url))
        _metadata[provider.discovery_url] = cached
    return cached[1]


def start(session: Session, *, email: str) -> str | None:
    """For an address of a claimed domain, open a flow and answer where to send the browser; else None.

    The answer depends on the domain alone, never on whether an account exists.
    """
    provider = provider_for_email(session, email)
    if provider is None:
        return None
    now = utcnow()
    session.exec(delete(OidcFlow).where(col(OidcFlow.expires_at) < now))  # forgotten sign-ins
    secrets = oidc.new_flow_secrets()
    hint = email.strip().lower()[:255]
    url = oidc.authorization_url(
        _metadata_of(provider),
        client_id=provider.client_id,
        redirect_uri=redirect_uri(),
        scopes=provider.scopes,
        secrets=secrets,
        login_hint=hint,
    )
    session.add(
        OidcFlow(
            tenant_id=provider.tenant_id,
            provider_id=provider.id,
            state_hash=hash_token(secrets.state),
            nonce=secrets.nonce,
            code_verifier=secrets.code_verifier,
            login_hint=hint,
            created_at=now,
            expires_at=now + timedelta(seconds=get_settings().oidc_flow_ttl),
        )
    )
    return url


def _refused(code: str = "oidc_refused") -> Unauthorized:
    return Unauthorized("Não foi possível entrar com o login único. Tente de novo.", code=code)


def _claim_flow(session: Session, state: str) -> OidcFlow:
    """Spend the flow that ``state`` names: unknown, spent or expired states are refused (one conditional UPDATE)."""
    state_hash, now = hash_token(state or ""), utcnow()
    stmt = (
        update(OidcFlow)
        .where(col(OidcFlow.state_hash) == state_hash, col(OidcFlow.used_at).is_(None), col(OidcFlow.expires_at) > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if session.exec(stmt).rowcount != 1:
        raise _refused("oidc_bad_state")
    return session.exec(select(OidcFlow).where(OidcFlow.state_hash == state_hash)).one()


@dataclass(frozen=True)
class SignedIn:
    """Who the provider vouched for, and the ``amr`` it reported (for the tenant's MFA policy)."""

    user: User
    provider_id: uuid.UUID
    amr: list[str]


def finish(session: Session, *, state: str, code: str, error: str = "") -> SignedIn:
    """The provider sent the browser back: check everything, then find, link or create the user."""
    flow = _claim_flow(session, state)
    session.commit()  # the state is spent even if what follows fails
    provider = session.get(IdentityProvider, flow.provider_id)
    if provider is None or provider.tenant_id != flow.tenant_id:
        raise _refused()
    if error or not code:
        raise _refused("oidc_provider_error")
    meta = _metadata_of(provider)
    try:
        client_secret = unseal(provider.client_secret_sealed)
    except ValueError as exc:  # the sealing key changed: an admin must enter the secret again
        raise _refused("oidc_secret_unreadable") from exc
    id_token = oidc.exchange_code(
        meta,
        client_id=provider.client_id,
        client_secret=client_secret,
        redirect_uri=redirect_uri(),
        code=code,
        code_verifier=flow.code_verifier,
    )
    claims = oidc.validate_id_token(
        id_token, oidc.fetch_keys(meta), issuer=meta.issuer, client_id=provider.client_id, nonce=flow.nonce
    )
    user = _user_for(session, provider, claims)
    amr = claims.get("amr") if isinstance(claims.get("amr"), list) else []
    return SignedIn(user, provider.id, [str(a) for a in amr])


def _claim(claims: dict[str, Any], provider: IdentityProvider, key: str) -> Any:
    return claims.get(str(provider.claim_mapping.get(key) or key))


def _verified_email(session: Session, provider: IdentityProvider, claims: dict[str, Any]) -> str:
    """The e-mail the provider vouches for, of one of the tenant's domains."""
    email = str(_claim(claims, provider, "email") or "").strip().lower()
    if not email or claims.get("email_verified") is not True:
        raise Forbidden("Seu provedor não confirmou este e-mail; não é possível entrar.", code="oidc_email_unverified")
    tenant_domains = (
        select(IdentityDomain.domain)
        .where(IdentityDomain.tenant_id == provider.tenant_id)
        .where(IdentityDomain.domain == email_domain(email))
    )
    if session.exec(tenant_domains).first() is None:
        raise Forbidden("O e-mail {email} não pertence a esta organização.", code="oidc_wrong_domain", email=email)
    return email


def _role_from_groups(provider: IdentityProvider, claims: dict[str, Any]) -> str:
    """The strongest role the person's groups map to, else the provider's default role."""
    groups = _claim(claims, provider, "groups")
    groups = groups if isinstance(groups, list) else []
    mapped = [parse_role(provider.claim_mapping.get("roles", {}).get(str(g), "")) for g in groups]
    known = [r for r in mapped if r is not None and r != Role.OWNER]
    return max(known, key=RANK.__getitem__).value if known else provider.default_role


def _user_for(session: Session, provider: IdentityProvider, claims: dict[str, Any]) -> User:
    """The linked user, or the one with this verified e-mail (linked now), or a new one (just in time)."""
    subject = str(claims["sub"])[:255]
    linked = session.exec(
        select(UserIdentity).where(UserIdentity.provider_id == provider.id, UserIdentity.subject == subject)
    ).first()
    if linked is not None:
        user = session.get(User, linked.user_id)
        _verified_email(session, provider, claims)
    else:
        email = _verified_email(session, provider, claims)
        user = session.exec(select(User).where(User.email == email)).first()
        if user is not None and user.tenant_id != provider.tenant_id:
            raise Forbidden("O e-mail {email} não pertence a esta organização.", code="oidc_wrong_domain", email=email)
        user = user or _provision(session, provider, claims, email)
        linked = UserIdentity(tenant_id=provider.tenant_id, user_id=user.id, provider_id=provider.id, subject=subject)
        emit(
            session,
            tenant_id=provider.tenant_id,
            actor_id=user.id,
            kind="user.identity_linked",
            target_type="user",
            target_id=user.id,
            provider=str(provider.id),
        )
    if user is None or user.tenant_id != provider.tenant_id:
        raise _refused()
    if not user.is_active:
        raise Forbidden("Esta conta foi desativada.", code="account_inactive")
    linked.last_login_at = utcnow()  # the sign-in itself is recorded when its session opens
    session.add(linked)
    return user


def _provision(session: Session, provider: IdentityProvider, claims: dict[str, Any], email: str) -> User:
    """A new member created at first sign-in, when the tenant allows it."""
    if not provider.jit_provisioning:
        raise Forbidden(
            "Você ainda não tem conta nesta organização. Peça um convite a quem administra a equipe.",
            code="oidc_no_account",
        )
    name = str(_claim(claims, provider, "name") or "").strip()[:255] or email.split("@")[0]
    role = _role_from_groups(provider, claims)
    user = User(
        tenant_id=provider.tenant_id,
        email=email,
        name=name,
        password_hash=UNUSABLE_PASSWORD,
        roles=[role],
        email_verified_at=utcnow(),  # the provider vouched for it (email_verified is required above)
    )
    session.add(user)
    session.flush()
    emit(
        session,
        tenant_id=provider.tenant_id,
        actor_id=user.id,
        kind="user.provisioned",
        target_type="user",
        target_id=user.id,
        role=role,
        provider=str(provider.id),
    )
    return user
