"""Access tokens (JWT RS256) and opaque refresh or invitation tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from poc_tracker.auth.keys import load_keys, signing_key, verification_key
from poc_tracker.errors import Unauthorized
from poc_tracker.models.base import utcnow
from poc_tracker.settings import get_settings


@dataclass(frozen=True)
class AccessClaims:
    """What a valid access token says."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    roles: list[str]
    platform_admin: bool
    session_id: uuid.UUID | None = None  # the sign-in (refresh token family); absent from older tokens


def issue_access_token(
    *,
    user_id: uuid.UUID,
    tenant_id: uuid.UUID,
    roles: list[str],
    platform_admin: bool = False,
    session_id: uuid.UUID | None = None,
    issued_at: datetime | None = None,
    jti: str | None = None,
) -> str:
    """A signed RS256 token valid for the configured lifetime (900 s).

    The same claims give the same token (RS256 signatures are deterministic), which lets a refresh replayed
    within its grace period answer with the very pair the first call got.
    """
    s = get_settings()
    now = issued_at or utcnow()
    claims = {
        "sub": str(user_id),
        "tid": str(tenant_id),
        "roles": roles,
        "pa": platform_admin,
        "iss": s.jwt_issuer,
        "iat": now,
        "exp": now + timedelta(seconds=s.access_token_ttl),
        "jti": jti or secrets.token_hex(8),
    }
    if session_id is not None:
        claims["sid"] = str(session_id)
    return jwt.encode(claims, signing_key(), algorithm="RS256")


def decode_access_token(token: str) -> AccessClaims:
    """Verify signature, issuer and expiry; raise Unauthorized otherwise."""
    s = get_settings()
    try:
        data = jwt.decode(
            token,
            verification_key(),
            algorithms=["RS256"],
            issuer=s.jwt_issuer,
            options={"require": ["exp", "sub", "tid"]},
        )
        sid = uuid.UUID(str(data["sid"])) if data.get("sid") else None
        return AccessClaims(
            uuid.UUID(data["sub"]), uuid.UUID(data["tid"]), list(data.get("roles", [])), bool(data.get("pa")), sid
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("Sua sessão expirou. Entre novamente.", code="token_expired") from exc
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise Unauthorized("Token de acesso inválido.", code="invalid_token") from exc


def new_opaque_token() -> str:
    """A random URL-safe secret for refresh tokens and invitations."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 of an opaque token: what the database keeps."""
    return hashlib.sha256(token.encode()).hexdigest()


def _successor_key() -> bytes:
    """A secret for deriving successors, from the signing key (shared by every process, never stored)."""
    return hashlib.sha256(b"poc-tracker refresh successor\0" + load_keys().private_pem.encode()).digest()


def successor_token(refresh_token: str) -> str:
    """The one refresh token that may replace ``refresh_token``: the same on every call and every process."""
    digest = hmac.new(_successor_key(), refresh_token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
