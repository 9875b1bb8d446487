"""Sign-in, token refresh with rotation and reuse detection, sign-out."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import ColumnElement, exists, update
from sqlmodel import Session, col, select

from poc_tracker.auth.passwords import dummy_hash, verify_password
from poc_tracker.auth.tokens import hash_token, issue_access_token, new_opaque_token, successor_token
from poc_tracker.errors import Forbidden, RateLimited, Unauthorized
from poc_tracker.models import RefreshToken, Tenant, User
from poc_tracker.models.base import utcnow
from poc_tracker.services import login_guard
from poc_tracker.services.events import emit
from poc_tracker.services.privacy.pending import refuse_if_deletion_pending
from poc_tracker.services.sso_policy import require_password_allowed
from poc_tracker.services.tenant_deletion import refuse_while_closing
from poc_tracker.settings import get_settings

# The device of the request being served (its User-Agent), set by the API; kept with each refresh token so
# the list of sign-ins can name them.
client_agent: ContextVar[str | None] = ContextVar("client_agent", default=None)
REUSE_GRACE = timedelta(seconds=20)  # two tabs refreshing together; a later replay revokes the sign-in


@dataclass(frozen=True)
class TokenPair:
    """What a client keeps after signing in."""

    access_token: str
    refresh_token: str
    expires_in: int
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    session_id: uuid.UUID | None = None  # the sign-in (refresh token family): pass it to actor_for


def issue_tokens(session: Session, user: User, *, family_id: uuid.UUID | None = None) -> TokenPair:
    """A new access token and a refresh token in a (new or given) family."""
    raw = new_opaque_token()
    return _pair(user, _store(session, user, family_id or uuid.uuid4(), raw, utcnow()), raw)


def _store(session: Session, user: User, family_id: uuid.UUID, raw: str, now: datetime) -> RefreshToken:
    """Keep a refresh token (hashed) in a family."""
    row = RefreshToken(
        tenant_id=user.tenant_id,
        user_id=user.id,
        family_id=family_id,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + timedelta(seconds=get_settings().refresh_token_ttl),
        user_agent=(client_agent.get() or "")[:300] or None,
    )
    session.add(row)
    return row


def _pair(user: User, row: RefreshToken, raw: str) -> TokenPair:
    """The pair of a stored refresh token; its access token names the sign-in and is the same on every call."""
    access = issue_access_token(
        user_id=user.id,
        tenant_id=user.tenant_id,
        roles=user.roles,
        platform_admin=user.is_platform_admin,
        session_id=row.family_id,
        issued_at=row.created_at,
        jti=row.id.hex,
    )
    return TokenPair(access, raw, get_settings().access_token_ttl, user.id, user.tenant_id, row.family_id)


def login(session: Session, *, email: str, password: str, client_ip: str | None = None) -> TokenPair:
    """Check credentials and open a session; failures slow that address down (see ``login_guard``)."""
    return open_session(session, authenticate(session, email=email, password=password, client_ip=client_ip))


def authenticate(session: Session, *, email: str, password: str, client_ip: str | None = None) -> User:
    """The active user these credentials belong to, no session opened yet (a second factor may be due)."""
    email = (email or "").strip().lower()
    wait = login_guard.wait_before_login(email, client_ip)
    if wait > 0:
        raise RateLimited(wait, "Muitas tentativas de login. Tente novamente em {seconds} s.")
    require_password_allowed(session, email)  # "only SSO" domains: decided by the domain, not the account
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        verify_password(dummy_hash(), password)
    if user is None or not verify_password(user.password_hash, password):
        login_guard.record_failure(email, client_ip)
        raise Unauthorized("E-mail ou senha incorretos.", code="invalid_credentials")
    if not user.is_active:
        refuse_if_deletion_pending(session, user.id)
        raise Forbidden("Esta conta foi desativada.", code="account_inactive")
    login_guard.record_success(email, client_ip)
    return user


def open_session(session: Session, user: User, **details: object) -> TokenPair:
    """Sign an authenticated user in: a new session, recorded; ``details`` say how (``method="passkey"``)."""
    if session.exec(select(Tenant.deletion_due_at).where(Tenant.id == user.tenant_id)).first() is not None:
        refuse_while_closing(user)  # a tenant awaiting deletion lets only its owners in
    user.last_login_at = utcnow()
    session.add(user)
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=user.id,
        kind="user.logged_in",
        target_type="user",
        target_id=user.id,
        **details,
    )
    return issue_tokens(session, user)


def _invalid() -> Unauthorized:
    return Unauthorized("Sessão inválida. Entre novamente.", code="invalid_refresh_token")


def _claim(session: Session, token_hash: str, now: datetime) -> bool:
    """Mark a live, unspent token spent; True for the one caller that gets there first.

    One conditional UPDATE, the transaction's first statement: parallel callers queue on the row (PostgreSQL)
    or on the write lock (SQLite) and the losers see it spent.
    """
    stmt = (
        update(RefreshToken)
        .where(
            col(RefreshToken.token_hash) == token_hash,
            col(RefreshToken.used_at).is_(None),
            col(RefreshToken.revoked_at).is_(None),
            col(RefreshToken.expires_at) > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return session.exec(stmt).rowcount == 1


def _revoke_on_replay(session: Session, row: RefreshToken) -> NoReturn:
    """A token spent long ago came back: it leaked, so its whole sign-in ends."""
    revoke_family(session, row.family_id)
    emit(
        session,
        tenant_id=row.tenant_id,
        actor_id=row.user_id,
        kind="auth.refresh_reuse",
        target_type="user",
        target_id=row.user_id,
        family=str(row.family_id),
    )
    session.commit()  # the revocation must stand even though the call fails
    raise _invalid()


def refresh(session: Session, *, refresh_token: str) -> TokenPair:
    """Spend a refresh token for a new pair; a spent token replayed kills its whole family.

    A token has exactly one successor, derived from it. Within ``REUSE_GRACE`` of its first use a token
    spent again (two tabs refreshing at once) gets that same pair back, so a thief racing the owner ends up
    holding the owner's tokens and the next replay gives them away; later, a replay means it leaked.
    """
    raw, now = refresh_token or "", utcnow()
    claimed = _claim(session, hash_token(raw), now)
    row = session.exec(
        select(RefreshToken).where(RefreshToken.token_hash == hash_token(raw)).execution_options(populate_existing=True)
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now or row.used_at is None:
        raise _invalid()
    if not claimed and now - row.used_at > REUSE_GRACE:
        _revoke_on_replay(session, row)
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise _invalid()
    successor = successor_token(raw)
    if claimed:
        return _pair(user, _store(session, user, row.family_id, successor, now), successor)
    kept = session.exec(select(RefreshToken).where(RefreshToken.token_hash == hash_token(successor))).first()
    if kept is None or kept.revoked_at is not None:
        raise _invalid()
    return _pair(user, kept, successor)


def revoke_family(session: Session, family_id: uuid.UUID) -> None:
    """Revoke every token of one sign-in."""
    now = utcnow()
    for tok in session.exec(
        select(RefreshToken).where(RefreshToken.family_id == family_id, col(RefreshToken.revoked_at).is_(None))
    ):
        tok.revoked_at = now
        session.add(tok)


def end_sessions(session: Session, *, user_id: uuid.UUID, keep: uuid.UUID | None = None) -> int:
    """End every sign-in of a user but ``keep`` (none kept by default); how many tokens were revoked.

    Their refresh tokens stop at once, and so do their access tokens (``session_is_live`` fails).
    """
    query = select(RefreshToken).where(RefreshToken.user_id == user_id, col(RefreshToken.revoked_at).is_(None))
    if keep is not None:
        query = query.where(RefreshToken.family_id != keep)
    now, count = utcnow(), 0
    for tok in session.exec(query):
        tok.revoked_at, count = now, count + 1
        session.add(tok)
    return count


def session_is_live(user_id: uuid.UUID, session_id: uuid.UUID) -> ColumnElement[bool]:
    """SQL that is true while a sign-in still has an unrevoked refresh token (logout and revocation end it)."""
    return exists().where(
        RefreshToken.user_id == user_id, RefreshToken.family_id == session_id, col(RefreshToken.revoked_at).is_(None)
    )


def logout(session: Session, *, user_id: uuid.UUID, refresh_token: str | None = None) -> None:
    """End one sign-in (the given token's family) or, with no token, all of the user's."""
    query = select(RefreshToken).where(RefreshToken.user_id == user_id, col(RefreshToken.revoked_at).is_(None))
    if refresh_token:
        row = session.exec(
            select(RefreshToken).where(
                RefreshToken.token_hash == hash_token(refresh_token), RefreshToken.user_id == user_id
            )
        ).first()
        if row is None:
            return
        query = query.where(RefreshToken.family_id == row.family_id)
    now = utcnow()
    for tok in session.exec(query):
        tok.revoked_at = now
        session.add(tok)
    user = session.get(User, user_id)
    if user is not None:
        emit(
            session,
            tenant_id=user.tenant_id,
            actor_id=user_id,
            kind="user.logged_out",
            target_type="user",
            target_id=user_id,
        )
