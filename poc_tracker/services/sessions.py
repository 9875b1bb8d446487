"""Sign-in, token refresh with rotation and reuse detection, sign-out."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from poc_tracker.auth.passwords import dummy_hash, verify_password
from poc_tracker.auth.tokens import hash_token, issue_access_token, new_opaque_token
from poc_tracker.errors import Forbidden, RateLimited, Unauthorized
from poc_tracker.models import RefreshToken, User
from poc_tracker.models.base import utcnow
from poc_tracker.ratelimit import get_limiter
from poc_tracker.services.events import emit
from poc_tracker.settings import get_settings

FAILURE_WINDOW = 15 * 60
MAX_DELAY = 15 * 60
REUSE_GRACE = timedelta(seconds=20)  # two tabs refreshing together; a later replay revokes the sign-in


@dataclass(frozen=True)
class TokenPair:
    """What a client keeps after signing in."""

    access_token: str
    refresh_token: str
    expires_in: int
    user_id: uuid.UUID
    tenant_id: uuid.UUID


def issue_tokens(session: Session, user: User, *, family_id: uuid.UUID | None = None) -> TokenPair:
    """A new access token and a refresh token in a (new or given) family."""
    s = get_settings()
    raw = new_opaque_token()
    session.add(RefreshToken(
        tenant_id=user.tenant_id, user_id=user.id, family_id=family_id or uuid.uuid4(),
        token_hash=hash_token(raw), expires_at=utcnow() + timedelta(seconds=s.refresh_token_ttl),
    ))
    access = issue_access_token(user_id=user.id, tenant_id=user.tenant_id, roles=user.roles,
                                platform_admin=user.is_platform_admin)
    return TokenPair(access, raw, s.access_token_ttl, user.id, user.tenant_id)


def _login_delay(email: str) -> float:
    """Seconds the next attempt on this account must wait after repeated failures."""
    count, last = get_limiter().failures(f"login:{email}")
    over = count - get_settings().login_failures_before_delay
    if over < 0:
        return 0.0
    return max(0.0, min(MAX_DELAY, 2.0 ** over) - (time.time() - last))


def login(session: Session, *, email: str, password: str) -> TokenPair:
    """Check credentials and open a session; failures slow the account down."""
    email = (email or "").strip().lower()
    wait = _login_delay(email)
    if wait > 0:
        raise RateLimited(wait, "Muitas tentativas de login. Tente novamente em {seconds} s.")
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        verify_password(dummy_hash(), password)
    if user is None or not verify_password(user.password_hash, password):
        get_limiter().add_failure(f"login:{email}", FAILURE_WINDOW)
        raise Unauthorized("E-mail ou senha incorretos.", code="invalid_credentials")
    if not user.is_active:
        raise Forbidden("Esta conta foi desativada.", code="account_inactive")
    get_limiter().clear(f"login:{email}")
    user.last_login_at = utcnow()
    session.add(user)
    emit(session, tenant_id=user.tenant_id, actor_id=user.id, kind="user.logged_in",
         target_type="user", target_id=user.id)
    return issue_tokens(session, user)


def refresh(session: Session, *, refresh_token: str) -> TokenPair:
    """Spend a refresh token for a new pair; a spent token replayed kills its whole family.

    Within ``REUSE_GRACE`` of its first use a token may be spent again (two tabs of one browser
    refreshing at the same moment); later, a replay means it leaked.
    """
    row = session.exec(select(RefreshToken).where(RefreshToken.token_hash == hash_token(refresh_token or ""))).first()
    invalid = Unauthorized("Sessão inválida. Entre novamente.", code="invalid_refresh_token")
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        raise invalid
    if row.used_at is not None and utcnow() - row.used_at > REUSE_GRACE:
        revoke_family(session, row.family_id)
        emit(session, tenant_id=row.tenant_id, actor_id=row.user_id, kind="auth.refresh_reuse",
             target_type="user", target_id=row.user_id, family=str(row.family_id))
        session.commit()  # the revocation must stand even though the call fails
        raise invalid
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise invalid
    row.used_at = row.used_at or utcnow()
    session.add(row)
    return issue_tokens(session, user, family_id=row.family_id)


def revoke_family(session: Session, family_id: uuid.UUID) -> None:
    """Revoke every token of one sign-in."""
    now = utcnow()
    for tok in session.exec(select(RefreshToken).where(RefreshToken.family_id == family_id,
                                                       col(RefreshToken.revoked_at).is_(None))):
        tok.revoked_at = now
        session.add(tok)


def logout(session: Session, *, user_id: uuid.UUID, refresh_token: str | None = None) -> None:
    """End one sign-in (the given token's family) or, with no token, all of the user's."""
    query = select(RefreshToken).where(RefreshToken.user_id == user_id, col(RefreshToken.revoked_at).is_(None))
    if refresh_token:
        row = session.exec(select(RefreshToken).where(RefreshToken.token_hash == hash_token(refresh_token),
                                                      RefreshToken.user_id == user_id)).first()
        if row is None:
            return
        query = query.where(RefreshToken.family_id == row.family_id)
    now = utcnow()
    for tok in session.exec(query):
        tok.revoked_at = now
        session.add(tok)
    user = session.get(User, user_id)
    if user is not None:
        emit(session, tenant_id=user.tenant_id, actor_id=user_id, kind="user.logged_out",
             target_type="user", target_id=user_id)
