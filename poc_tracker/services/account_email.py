"""E-mail addresses of accounts: verification after sign-up, and a change confirmed on the new address."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from poc_tracker.auth.passwords import verify_password
from poc_tracker.errors import Conflict, Invalid, RateLimited
from poc_tracker.mail.render import app_link
from poc_tracker.models import Tenant, User
from poc_tracker.models.base import utcnow
from poc_tracker.services import account_tokens
from poc_tracker.services.account_tokens import CHANGE_EMAIL, VERIFY_EMAIL
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.mail import send_mail
from poc_tracker.services.validation import clean_email
from poc_tracker.settings import get_settings

LINK_PATH = "/verify-email"  # one page spends both kinds of link
MAILS_PER_HOUR = 5


def _event(session: Session, user: User, kind: str, **payload: object) -> None:
    emit(
        session, tenant_id=user.tenant_id, actor_id=user.id, kind=kind, target_type="user", target_id=user.id, **payload
    )


def send_verification(session: Session, user: User) -> None:
    """Mail ``user`` a link that proves the address is theirs (sign-up, or asked again)."""
    ttl = get_settings().email_verification_ttl
    raw = account_tokens.issue(session, user, purpose=VERIFY_EMAIL, email=user.email, ttl_seconds=ttl)
    send_mail(
        session,
        tenant_id=user.tenant_id,
        to=user.email,
        template="verify_email",
        locale=user.locale,
        context={"name": user.name, "email": user.email, "link": app_link(LINK_PATH, token=raw), "hours": ttl // 3600},
    )


def _me(session: Session, actor: Actor) -> User:
    return session.exec(select(User).where(User.id == actor.user_id, User.tenant_id == actor.tenant_id)).one()


def _throttle(session: Session, user: User, purpose: str) -> None:
    if account_tokens.recent_count(session, user, purpose=purpose, within=timedelta(hours=1)) >= MAILS_PER_HOUR:
        raise RateLimited(3600, "Já enviamos vários e-mails na última hora. Tente novamente em {seconds} s.")


def resend_verification(session: Session, *, actor: Actor) -> bool:
    """Send the verification link again; False when the address is already verified."""
    user = _me(session, actor)
    if user.email_verified_at is not None:
        return False
    _throttle(session, user, VERIFY_EMAIL)
    send_verification(session, user)
    return True


def request_email_change(session: Session, *, actor: Actor, new_email: str, password: str) -> None:
    """Mail a confirmation link to the new address; the account keeps the old one until it is used."""
    user = _me(session, actor)
    if not verify_password(user.password_hash, password or ""):
        raise Invalid("A senha atual está incorreta.", code="wrong_password", details={"field": "currentPassword"})
    email = clean_email(new_email)
    if email == user.email:
        raise Invalid("Este já é o seu e-mail.", code="same_email", details={"field": "email"})
    # Only this tenant's accounts are looked at: whether an address has an account elsewhere is not this
    # tenant's business. Such a change fails when the link is used, by whoever holds that mailbox.
    taken = select(User.id).where(User.email == email, User.tenant_id == user.tenant_id)
    if session.exec(taken).first():
        raise Conflict("Já existe uma conta com este e-mail.", code="email_taken", details={"field": "email"})
    _throttle(session, user, CHANGE_EMAIL)
    ttl = get_settings().email_change_ttl
    raw = account_tokens.issue(session, user, purpose=CHANGE_EMAIL, email=email, ttl_seconds=ttl)
    link = app_link(LINK_PATH, token=raw)
    context = {"name": user.name, "email": email, "link": link, "hours": ttl // 3600}
    send_mail(session, tenant_id=user.tenant_id, to=email, template="email_change", locale=user.locale, context=context)
    _event(session, user, "user.email_change_requested")


def confirm_link(session: Session, *, token: str) -> tuple[User, str]:
    """Spend a verification or e-mail change link; the user and which it was (``verify_email``/``change_email``)."""
    row = account_tokens.spend(session, token, purposes=(VERIFY_EMAIL, CHANGE_EMAIL))
    user = session.exec(select(User).where(User.id == row.user_id)).one()
    if row.purpose == VERIFY_EMAIL:
        if row.email != user.email:  # the address changed since the link was sent
            raise account_tokens.expired_link()
        user.email_verified_at = user.email_verified_at or utcnow()
        _event(session, user, "user.email_verified")
    else:
        _change_email(session, user, row.email)
    session.add(user)
    return user, row.purpose


def _change_email(session: Session, user: User, email: str) -> None:
    """Move the account to a confirmed new address and tell the old one."""
    if session.exec(select(User.id).where(User.email == email, User.id != user.id)).first():
        raise Conflict("Já existe uma conta com este e-mail.", code="email_taken", details={"field": "email"})
    old = user.email
    user.email, user.email_verified_at, user.updated_at = email, utcnow(), utcnow()
    tenant = session.exec(select(Tenant).where(Tenant.id == user.tenant_id)).one()
    context = {"name": user.name, "email": email, "tenant": tenant.name}
    send_mail(session, tenant_id=user.tenant_id, to=old, template="email_changed", locale=user.locale, context=context)
    _event(session, user, "user.email_changed")
