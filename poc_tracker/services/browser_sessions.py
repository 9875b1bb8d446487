"""Browser sign-ins: the refresh token lives in an HttpOnly cookie, never where page scripts can read it.

The UI signs people in over its websocket, which cannot set cookies. It hands the page a short,
single-use grant instead; the page trades it at ``POST /api/v1/auth/session`` for the cookie.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

import jwt
from sqlmodel import Session, col, select

from poc_tracker.auth.keys import signing_key, verification_key
from poc_tracker.auth.tokens import hash_token
from poc_tracker.errors import Unauthorized
from poc_tracker.models import RefreshToken, User
from poc_tracker.models.base import utcnow
from poc_tracker.services import sessions
from poc_tracker.services.sessions import TokenPair
from poc_tracker.settings import get_settings

GRANT_AUDIENCE = "poc-tracker-browser-grant"  # an access-token check refuses a token with an audience
GRANT_TTL = timedelta(seconds=60)


def _invalid() -> Unauthorized:
    return Unauthorized("Sessão inválida. Entre novamente.", code="invalid_grant")


def grant_for(session: Session, pair: TokenPair) -> str:
    """A one-minute grant for the sign-in that ``pair`` opened; its refresh token never reaches the page."""
    row = session.exec(select(RefreshToken).where(RefreshToken.token_hash == hash_token(pair.refresh_token))).one()
    now = utcnow()
    claims = {
        "sub": str(pair.user_id),
        "fam": str(row.family_id),
        "aud": GRANT_AUDIENCE,
        "iss": get_settings().jwt_issuer,
        "iat": now,
        "exp": now + GRANT_TTL,
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, signing_key(), algorithm="RS256")


def _grant_claims(grant: str) -> tuple[uuid.UUID, uuid.UUID]:
    try:
        data = jwt.decode(
            grant,
            verification_key(),
            algorithms=["RS256"],
            audience=GRANT_AUDIENCE,
            issuer=get_settings().jwt_issuer,
            options={"require": ["exp", "sub", "fam"]},
        )
        return uuid.UUID(data["sub"]), uuid.UUID(data["fam"])
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise _invalid() from exc


def redeem_grant(session: Session, *, grant: str) -> TokenPair:
    """Spend a grant once: the sign-in's unused refresh token is rotated into the cookie's token.

    A second redemption finds that token spent and ends the sign-in, as a replayed refresh token does.
    """
    user_id, family_id = _grant_claims(grant)
    query = select(RefreshToken).where(
        RefreshToken.family_id == family_id, RefreshToken.user_id == user_id, col(RefreshToken.revoked_at).is_(None)
    )
    rows = list(session.exec(query.with_for_update()))
    fresh = [r for r in rows if r.used_at is None and r.expires_at > utcnow()]
    if len(rows) != 1 or len(fresh) != 1:
        sessions.revoke_family(session, family_id)
        session.commit()  # the revocation stands though the call fails
        raise _invalid()
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise _invalid()
    fresh[0].used_at = utcnow()
    session.add(fresh[0])
    return sessions.issue_tokens(session, user, family_id=family_id)


def end(session: Session, *, refresh_token: str) -> None:
    """Sign this browser out: its refresh token's whole family is revoked."""
    row = session.exec(select(RefreshToken).where(RefreshToken.token_hash == hash_token(refresh_token))).first()
    if row is not None:
        sessions.logout(session, user_id=row.user_id, refresh_token=refresh_token)
