"""Which e-mail domains belong to a tenant's identity provider, and whether their people may use a password."""

from __future__ import annotations

from sqlmodel import Session, select

from poc_tracker.errors import Forbidden
from poc_tracker.models import IdentityDomain, IdentityProvider


def email_domain(email: str) -> str:
    """The lower-case domain of an e-mail address ("" when there is none)."""
    _, at, domain = (email or "").strip().lower().rpartition("@")
    return domain if at else ""


def provider_for_email(session: Session, email: str) -> IdentityProvider | None:
    """The provider that claimed this address's domain, in whichever tenant (a system-scope session)."""
    domain = email_domain(email)
    if not domain:
        return None
    return session.exec(
        select(IdentityProvider)
        .join(IdentityDomain, IdentityDomain.provider_id == IdentityProvider.id)
        .where(IdentityDomain.domain == domain)
    ).first()


def require_password_allowed(session: Session, email: str) -> None:
    """Refuse a password sign-in for a domain whose provider is "only SSO"; says nothing about the account."""
    provider = provider_for_email(session, email)
    if provider is not None and provider.sso_only:
        raise Forbidden(
            "Sua organização usa login único (SSO) para este e-mail. Use “Entrar com SSO”.", code="sso_required"
        )
