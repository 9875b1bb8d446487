"""The Dojo channel: ``/api/v1/ws/dojos/{id}?token=<access token>``.

Binary frames are y-protocols messages (sync step 1/2, updates, awareness); text frames are JSON
(chat, reactions, rotation, editor, screen-share signalling, ping, a renewed token). Every frame is
checked (shape, size per type, rate per socket, who may send it); a refused one gets an ``error``
message with a translated text, and a socket that keeps sending refused frames is closed with 1008.
The access token is re-checked while the socket lives: ``renew`` asks for a fresh one before it
expires (sent back as ``{"type": "auth", "token": ...}``), and the person is read again every
``RECHECK_SECONDS`` and at once on deactivation or a role change.
Server messages besides the relayed ones: ``hello`` (``me.canCode`` false for viewers), ``state``,
``rejected`` (an edit not allowed now), ``error`` (code + translated message), ``renew`` / ``renewed``,
``me`` (may type or not, after a role change), ``removed`` and ``closed`` (why, just before a close).
Close codes (always after accepting, so browsers see them): 4401 not signed in (or the token expired,
or the account was deactivated), 4404 not found (missing or another tenant's), 4403 removed by the
host, 1008 too many refused frames.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from poc_tracker import metrics
from poc_tracker.auth.tokens import decode_access_token
from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.realtime import channel
from poc_tracker.realtime.conn import Conn, color_for
from poc_tracker.realtime.hub import hub
from poc_tracker.realtime.live import announce
from poc_tracker.realtime.watch import CLOSE_CODES, renew, token_expiry, watch
from poc_tracker.services import dojos
from poc_tracker.services.actor import Actor
from poc_tracker.services.users import actor_for
from poc_tracker.telemetry import span

router = APIRouter()
CHAT_HISTORY = 200


def _join(token: str, dojo_id: uuid.UUID) -> tuple[Actor, str, dict[str, Any], float]:
    """Authenticate, join the Dojo, and read the chat history (one transaction)."""
    claims = decode_access_token(token)
    with session_scope(tenant_id=claims.tenant_id) as session:
        actor = actor_for(session, user_id=claims.user_id, tenant_id=claims.tenant_id, session_id=claims.session_id)
        entry = dojos.enter_channel(session, actor=actor, dojo_id=dojo_id, history=CHAT_HISTORY)
        hello = {
            "type": "hello",
            "title": entry.dojo.title,
            "language": entry.dojo.language,
            "chat": [channel.chat_row(e.seq, e.kind, e.actor_id, author, e.payload, e.at) for e, author in entry.chat],
        }
        return actor, entry.name, hello, token_expiry(token)


@router.websocket("/ws/dojos/{dojo_id}")
async def dojo_channel(ws: WebSocket, dojo_id: uuid.UUID) -> None:
    """One participant's connection to a live Dojo."""
    token = ws.query_params.get("token", "")
    try:
        actor, name, hello, expires_at = await asyncio.to_thread(_join, token, dojo_id)
    except DomainError as exc:
        await ws.accept()  # a browser sees the close code only on an accepted socket (else 1006)
        await ws.close(code=CLOSE_CODES.get(exc.status, 4400), reason=exc.code)
        return
    await ws.accept()
    with span("dojo.room", tenant_id=actor.tenant_id, dojo__id=str(dojo_id)), connected(actor.tenant_id):
        await _take_part(ws, dojo_id, actor, name, hello, expires_at)


@contextmanager
def connected(tenant_id: uuid.UUID) -> Iterator[None]:
    """Count the socket and its participant while it lasts, then the minutes it spent in the Dojo."""
    started = time.monotonic()
    metrics.WEBSOCKETS.labels("dojo").inc()
    metrics.DOJO_PARTICIPANTS.inc()
    try:
        yield
    finally:
        metrics.DOJO_PARTICIPANTS.dec()
        metrics.WEBSOCKETS.labels("dojo").dec()
        metrics.DOJO_MINUTES.labels(str(tenant_id)).inc((time.monotonic() - started) / 60)


async def _take_part(
    ws: WebSocket, dojo_id: uuid.UUID, actor: Actor, name: str, hello: dict[str, Any], expires_at: float
) -> None:
    """Join the room, greet, relay frames until the socket goes, then leave."""
    announce(dojo_id)
    conn = Conn(ws=ws, user_id=actor.user_id, name=name, role="", actor=actor, expires_at=expires_at)
    room = await hub.enter(dojo_id, actor.tenant_id, conn)
    if room.dojo.status == "live" and room.role_of(actor.user_id) is None:
        await room.refresh()  # the room's roster predates this join: read it before this socket's first edit
    me = {
        "userId": str(actor.user_id),
        "name": name,
        "color": color_for(actor.user_id),
        "connId": conn.id,
        "canCode": conn.coder,
    }
    await conn.send(json.dumps({**hello, "me": me}))
    await conn.send(json.dumps(room.state_message()))
    await channel.greet(room, conn)
    watcher = asyncio.create_task(watch(room, conn))
    try:
        while not conn.closed:
            msg = await ws.receive()
            if msg["type"] == "websocket.disconnect":
                break
            await channel.on_frame(room, conn, msg, auth=renew)
    except WebSocketDisconnect:
        pass
    finally:
        watcher.cancel()
        await hub.leave(room, conn)
