"""Single-use, expiring links sent by mail (verify an e-mail, reset a password, confirm a new e-mail)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from poc_tracker.auth.tokens import hash_token, new_opaque_token
from poc_tracker.errors import Invalid
from poc_tracker.models import AccountToken, User
from poc_tracker.models.base import utcnow

VERIFY_EMAIL, RESET_PASSWORD, CHANGE_EMAIL = "verify_email", "reset_password", "change_email"


def expired_link() -> Invalid:
    """The one answer for a link that is unknown, used, superseded or expired."""
    return Invalid("Este link é inválido, já foi usado ou expirou. Peça um novo.", code="invalid_link")


def issue(session: Session, user: User, *, purpose: str, email: str, ttl_seconds: int) -> str:
    """A new secret for ``user`` (stored hashed); earlier unused ones of the same purpose stop working."""
    now = utcnow()
    session.exec(
        update(AccountToken)
        .where(
            col(AccountToken.user_id) == user.id,
            col(AccountToken.purpose) == purpose,
            col(AccountToken.used_at).is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    raw = new_opaque_token()
    session.add(
        AccountToken(
            tenant_id=user.tenant_id,
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(raw),
            email=email,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_seconds),
        )
    )
    return raw


def spend(session: Session, raw: str, *, purposes: tuple[str, ...]) -> AccountToken:
    """Use a secret once: one conditional UPDATE, so two clicks at once cannot both succeed."""
    now, token_hash = utcnow(), hash_token(raw or "")
    taken = session.exec(
        update(AccountToken)
        .where(
            col(AccountToken.token_hash) == token_hash,
            col(AccountToken.purpose).in_(purposes),
            col(AccountToken.used_at).is_(None),
            col(AccountToken.expires_at) > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise expired_link()
    return session.exec(select(AccountToken).where(AccountToken.token_hash == token_hash)).one()


def recent_count(session: Session, user: User, *, purpose: str, within: timedelta) -> int:
    """How many secrets of a purpose the user was sent lately (to stop a mailbox being flooded)."""
    since = utcnow() - within
    rows = session.exec(
        select(AccountToken.id).where(
            AccountToken.user_id == user.id, AccountToken.purpose == purpose, col(AccountToken.created_at) > since
        )
    )
    return len(rows.all())
