"""Esqueci minha senha: a single-use, expiring link by mail; using it ends every sign-in.

The request answers the same whether the address has an account or not, and takes about as long:
the same template is rendered either way, the mail is sent later by a worker, and the boundary pads
the answer to ``MIN_SECONDS``.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlmodel import Session, col, select

from poc_tracker.i18n import N_
from poc_tracker.mail.render import app_link, render
from poc_tracker.models import User
from poc_tracker.models.base import utcnow
from poc_tracker.services import account_tokens
from poc_tracker.services.account_tokens import RESET_PASSWORD
from poc_tracker.services.events import emit
from poc_tracker.services.mail import send_mail
from poc_tracker.services.users import set_password
from poc_tracker.services.validation import clean_email, clean_password
from poc_tracker.settings import get_settings

MIN_SECONDS = 0.4
SENT_MESSAGE = N_(
    "Se houver uma conta com este e-mail, enviamos um link para redefinir a senha. Confira sua caixa de entrada."
)
MAILS_PER_HOUR = 3  # more requests for one account in an hour send nothing more (the answer is the same)


def request_reset(session: Session, *, email: str, locale: str) -> None:
    """Mail a reset link if ``email`` has an active account; says nothing either way."""
    email = clean_email(email)
    user = session.exec(select(User).where(User.email == email, col(User.is_active).is_(True))).first()
    ttl = get_settings().password_reset_ttl
    context = {"name": "", "link": app_link("/reset-password", token="x" * 43), "minutes": ttl // 60}
    if (
        user is None
        or account_tokens.recent_count(session, user, purpose=RESET_PASSWORD, within=timedelta(hours=1))
        >= MAILS_PER_HOUR
    ):
        render("password_reset", context, locale)  # the same work as a real request
        return
    raw = account_tokens.issue(session, user, purpose=RESET_PASSWORD, email=user.email, ttl_seconds=ttl)
    context |= {"name": user.name, "link": app_link("/reset-password", token=raw)}
    send_mail(
        session, tenant_id=user.tenant_id, to=user.email, template="password_reset", locale=user.locale, context=context
    )
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=None,
        kind="user.password_reset_requested",
        target_type="user",
        target_id=user.id,
    )


def reset_password(session: Session, *, token: str, password: str) -> User:
    """Spend a reset link: a new password, every sign-in of the account ended, the address proven."""
    row = account_tokens.spend(session, token, purposes=(RESET_PASSWORD,))
    user = session.exec(select(User).where(User.id == row.user_id)).one()
    if row.email != user.email or not user.is_active:
        raise account_tokens.expired_link()
    clean_password(password, email=user.email, name=user.name)  # a weak one fails before anything changes
    set_password(session, user, password, keep_session=None)
    user.email_verified_at = user.email_verified_at or utcnow()  # the link reached this mailbox
    user.updated_at = utcnow()
    session.add(user)
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=user.id,
        kind="user.password_reset",
        target_type="user",
        target_id=user.id,
    )
    return user


def padded(started: float) -> None:
    """Wait until ``MIN_SECONDS`` have passed since ``started`` (monotonic): known and unknown look alike."""
    left = MIN_SECONDS - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)
