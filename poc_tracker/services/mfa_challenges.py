"""Short-lived, single-use steps of a sign-in or a WebAuthn ceremony, known to the client by an opaque token."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from poc_tracker.auth.tokens import hash_token, new_opaque_token
from poc_tracker.errors import Unauthorized
from poc_tracker.models import MfaChallenge, User
from poc_tracker.models.base import utcnow

TTL = timedelta(minutes=5)
MAX_FAILURES = 5  # wrong codes one sign-in may try before it has to start again with the password


def expired() -> Unauthorized:
    """The error of a token that is unknown, spent, expired or used up."""
    return Unauthorized("Esta etapa de verificação expirou. Entre novamente.", code="invalid_mfa_token")


def open_challenge(
    session: Session, purpose: str, user: User | None = None, webauthn_challenge: bytes | None = None
) -> tuple[MfaChallenge, str]:
    """A new step for ``user`` (none for a passwordless sign-in) and the token that names it."""
    now = utcnow()
    session.exec(delete(MfaChallenge).where(col(MfaChallenge.expires_at) < now - TTL))  # old ones, tidied
    raw = new_opaque_token()
    row = MfaChallenge(
        tenant_id=user.tenant_id if user else None,
        user_id=user.id if user else None,
        purpose=purpose,
        token_hash=hash_token(raw),
        webauthn_challenge=webauthn_challenge,
        created_at=now,
        expires_at=now + TTL,
    )
    session.add(row)
    return row, raw


def live_challenge(session: Session, token: str, purposes: tuple[str, ...]) -> MfaChallenge:
    """The unspent, unexpired step a token names, for one of ``purposes``."""
    row = session.exec(
        select(MfaChallenge)
        .where(MfaChallenge.token_hash == hash_token(token or ""))
        .execution_options(populate_existing=True)
    ).first()
    if row is None or row.purpose not in purposes or row.used_at is not None or row.expires_at <= utcnow():
        raise expired()
    if row.failures >= MAX_FAILURES:
        raise expired()
    return row


def challenge_user(session: Session, row: MfaChallenge) -> User:
    """The active user a step was opened for, in the tenant it was opened in."""
    user = session.exec(select(User).where(User.id == row.user_id, User.tenant_id == row.tenant_id)).first()
    if user is None or not user.is_active:
        raise expired()
    return user


def spend(session: Session, row: MfaChallenge) -> None:
    """Use a step up: one conditional UPDATE, so a token raced twice opens one session only."""
    stmt = (
        update(MfaChallenge)
        .where(col(MfaChallenge.id) == row.id, col(MfaChallenge.used_at).is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if session.exec(stmt).rowcount != 1:
        raise expired()


def count_failure(session: Session, row: MfaChallenge) -> None:
    """One more wrong answer on this step; kept even though the call fails."""
    session.exec(
        update(MfaChallenge)
        .where(col(MfaChallenge.id) == row.id)
        .values(failures=MfaChallenge.failures + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
