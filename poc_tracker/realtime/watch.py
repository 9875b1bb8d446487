"""The person behind an open Dojo socket, checked again while it lives.

The access token the socket opened with expires: ``renew`` is sent ``RENEW_AHEAD`` seconds before, the
browser answers ``{"type": "auth", "token": ...}`` with a fresh one, else the socket is closed with 4401
at expiry. The person is read again every ``RECHECK_SECONDS`` and at once when they are deactivated or
change role (``live.user_changed``): deactivated → 4401, removed from the Dojo → 4403, a viewer gives up
the pilot or co-pilot seat.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from typing import Any

import jwt

from poc_tracker.auth.tokens import decode_access_token
from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError, Forbidden, Unauthorized
from poc_tracker.realtime.channel import invalid, locale_of
from poc_tracker.realtime.conn import Conn
from poc_tracker.realtime.live import announce
from poc_tracker.realtime.room import Room
from poc_tracker.services import dojos
from poc_tracker.services.actor import Actor
from poc_tracker.services.users import actor_for

RENEW_AHEAD = 60.0  # ask the browser for a fresh access token this long before the one in use expires
RECHECK_SECONDS = 30.0  # read the person again (active, role, still in the Dojo) at least this often
CLOSE_CODES = {401: 4401, 403: 4403, 404: 4404}


def token_expiry(token: str) -> float:
    """When a token already verified expires (epoch seconds)."""
    return float(jwt.decode(token, options={"verify_signature": False})["exp"])


def _sign_in(conn: Conn) -> uuid.UUID | None:
    """The sign-in the socket's token names: ended elsewhere (logout, password change), the socket closes."""
    return conn.actor.session_id if conn.actor is not None else None


def _recheck(conn: Conn, tenant_id: uuid.UUID, dojo_id: uuid.UUID) -> tuple[Actor, bool]:
    """The person read fresh (Unauthorized when deactivated) and whether their seat changed."""
    with session_scope(tenant_id=tenant_id) as session:
        actor = actor_for(session, user_id=conn.user_id, tenant_id=tenant_id, session_id=_sign_in(conn))
        return actor, dojos.check_channel(session, actor=actor, dojo_id=dojo_id)


async def close_for(room: Room, conn: Conn, exc: DomainError) -> None:
    """Close the socket with the code that matches the error, saying why in the person's language."""
    await room.expel(
        conn,
        CLOSE_CODES.get(exc.status, 4400),
        exc.code,
        {"type": "closed", "code": exc.code, "message": exc.localized(locale_of(conn))},
    )


async def recheck(room: Room, conn: Conn) -> None:
    """Close the socket of someone deactivated or removed; apply a role change at once."""
    could_code = conn.coder
    try:
        conn.actor, seats_changed = await asyncio.to_thread(_recheck, conn, room.tenant_id, room.dojo_id)
    except DomainError as exc:
        await close_for(room, conn, exc)
        return
    if conn.coder != could_code:
        await conn.send(json.dumps({"type": "me", "canCode": conn.coder}))
    if seats_changed:
        announce(room.dojo_id)


async def watch(room: Room, conn: Conn) -> None:
    """Until the socket closes: ask for a fresh token before expiry, close at expiry, re-check the person."""
    asked, checked = False, time.monotonic()
    while not conn.closed:
        left = conn.expires_at - time.time()
        if left <= 0:
            await close_for(room, conn, Unauthorized("Sua sessão expirou. Entre novamente.", code="token_expired"))
            return
        if left <= RENEW_AHEAD and not asked:
            await conn.send(json.dumps({"type": "renew", "expiresIn": int(left)}))
        asked = left <= RENEW_AHEAD
        wait = min(RECHECK_SECONDS - (time.monotonic() - checked), left if asked else left - RENEW_AHEAD)
        woke = False
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(0.0, wait)):
                woke = await conn.wake.wait()
        conn.wake.clear()
        if woke or time.monotonic() - checked >= RECHECK_SECONDS:
            checked = time.monotonic()
            await recheck(room, conn)


def _renewed(conn: Conn, tenant_id: uuid.UUID, token: str) -> float:
    claims = decode_access_token(token)
    if (claims.user_id, claims.tenant_id) != (conn.user_id, tenant_id):
        raise Forbidden("O novo token é de outra pessoa.", code="token_mismatch")
    return token_expiry(token)


async def renew(room: Room, conn: Conn, msg: dict[str, Any]) -> None:
    """A fresh access token for this socket: the same person, a later expiry; the person is re-checked."""
    token = msg.get("token")
    if not isinstance(token, str) or not token:
        raise invalid()
    conn.expires_at = max(conn.expires_at, await asyncio.to_thread(_renewed, conn, room.tenant_id, token))
    conn.wake.set()
    await conn.send(json.dumps({"type": "renewed", "expiresIn": int(conn.expires_at - time.time())}))
