"""The Dojo channel: ``/api/v1/ws/dojos/{id}?token=<access token>``.

Binary frames are y-protocols messages (sync step 1/2, updates, awareness); text frames are JSON
(chat, reactions, rotation, editor, screen-share signalling). Close codes: 4401 not signed in,
4404 not found (missing or another tenant's), 4403 removed by the host.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlmodel import select

from poc_tracker.auth.tokens import decode_access_token
from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError, Forbidden
from poc_tracker.models import User
from poc_tracker.realtime import protocol
from poc_tracker.realtime.hub import Conn, Room, announce, color_for, hub
from poc_tracker.services import dojos
from poc_tracker.services.actor import Actor
from poc_tracker.services.users import actor_for

router = APIRouter()
CHAT_HISTORY = 200
MAX_CHAT = 2000


def _join(token: str, dojo_id: uuid.UUID) -> tuple[Actor, str, dict[str, Any]]:
    """Authenticate, join the Dojo, and read the chat history (one transaction)."""
    claims = decode_access_token(token)
    with session_scope(tenant_id=claims.tenant_id) as session:
        actor = actor_for(session, user_id=claims.user_id, tenant_id=claims.tenant_id)
        dojo = dojos.access_dojo_by_id(session, actor, dojo_id)
        if dojo.status == "live":
            dojos.join_dojo(session, actor=actor, dojo_id=dojo_id)
        user = session.get(User, actor.user_id)
        history = dojos.events_of(session, dojo, kinds=("chat", "reaction"))[-CHAT_HISTORY:]
        names = dict(session.exec(select(User.id, User.name).where(User.tenant_id == actor.tenant_id)).all())
        hello = {"type": "hello", "title": dojo.title, "language": dojo.language,
                 "chat": [chat_row(e.seq, e.kind, e.actor_id, names.get(e.actor_id, "?"), e.payload, e.at)
                          for e in history]}
        return actor, user.name if user else "?", hello


def chat_row(seq: int | None, kind: str, actor_id: uuid.UUID | None, author: str, payload: dict[str, Any],
             at: datetime) -> dict[str, Any]:
    """A chat message or reaction as the channel carries it."""
    return {"type": kind, "seq": seq, "authorId": str(actor_id), "author": author, "at": at.isoformat(), **payload}


@router.websocket("/ws/dojos/{dojo_id}")
async def dojo_channel(ws: WebSocket, dojo_id: uuid.UUID) -> None:
    """One participant's connection to a live Dojo."""
    token = ws.query_params.get("token", "")
    try:
        actor, name, hello = await asyncio.to_thread(_join, token, dojo_id)
    except DomainError as exc:
        code = {401: 4401, 403: 4403, 404: 4404}.get(exc.status, 4400)
        await ws.close(code=code, reason=exc.code)
        return
    await ws.accept()
    announce(dojo_id)
    conn = Conn(ws=ws, user_id=actor.user_id, name=name, role="")
    room = await hub.enter(dojo_id, actor.tenant_id, conn)
    if room.dojo.status == "live" and room.role_of(actor.user_id) is None:
        await room.refresh()  # the room's roster predates this join: read it before this socket's first edit
    me = {"userId": str(actor.user_id), "name": name, "color": color_for(actor.user_id), "connId": conn.id}
    await conn.send(json.dumps({**hello, "me": me}))
    await conn.send(json.dumps(room.state_message()))
    await conn.send(protocol.step1(room.doc))
    try:
        while True:
            msg = await ws.receive()
            if msg["type"] == "websocket.disconnect":
                break
            if msg.get("bytes"):
                await on_binary(room, conn, msg["bytes"])
            elif msg.get("text"):
                await on_text(room, conn, actor, msg["text"])
    except WebSocketDisconnect:
        pass
    finally:
        await hub.leave(room, conn)


async def on_binary(room: Room, conn: Conn, data: bytes) -> None:
    """A y-protocols message."""
    if data[0] == protocol.SYNC:
        if data[1] == protocol.STEP1:
            await conn.send(protocol.step2(room.doc, protocol.payload(data)))
        elif data[1] in (protocol.STEP2, protocol.UPDATE):
            accepted = await room.apply_update(protocol.payload(data), conn)
            if not accepted:
                await conn.send(json.dumps({"type": "rejected"}))
    elif data[0] == protocol.AWARENESS:
        for client, (clock, removed) in protocol.awareness_clients(data).items():
            if removed:
                conn.awareness.pop(client, None)
            else:
                conn.awareness[client] = clock
        await room.broadcast(data, skip=conn)


async def on_text(room: Room, conn: Conn, actor: Actor, text: str) -> None:
    """A JSON message: chat, reaction, rotation, editor, share, signal, ping."""
    try:
        msg = json.loads(text)
        kind = msg.get("type")
    except (ValueError, AttributeError):
        return
    if kind == "ping":
        await conn.send(json.dumps({"type": "pong", "t": msg.get("t")}))
    elif kind == "chat":
        body = str(msg.get("text", "")).strip()[:MAX_CHAT]
        if body and room.role_of(conn.user_id):
            seq = await room.record("chat", conn.user_id, text=body)
            row = chat_row(seq, "chat", conn.user_id, conn.name, {"text": body}, datetime.now(UTC))
            await room.broadcast(json.dumps(row))
    elif kind == "reaction":
        emoji = str(msg.get("emoji", ""))[:8]
        if emoji and isinstance(msg.get("to"), int) and room.role_of(conn.user_id):
            seq = await room.record("reaction", conn.user_id, emoji=emoji, to=msg["to"])
            row = chat_row(seq, "reaction", conn.user_id, conn.name, {"emoji": emoji, "to": msg["to"]},
                           datetime.now(UTC))
            await room.broadcast(json.dumps(row))
    elif kind in ("rotate", "editor"):
        await _session_action(room, conn, actor, kind, msg)
    elif kind == "share" and msg.get("action") in ("start", "stop"):
        await room.record("share", conn.user_id, action=msg["action"])
        await room.broadcast(json.dumps({"type": "share", "action": msg["action"], "from": conn.id,
                                         "userId": str(conn.user_id), "name": conn.name}), skip=conn)
    elif kind == "signal":
        # WebRTC offer/answer/ICE: relayed as is, never stored
        out = json.dumps({"type": "signal", "from": conn.id, "to": msg.get("to"), "data": msg.get("data"),
                          "name": conn.name})
        await room.broadcast(out, skip=conn)


async def _session_action(room: Room, conn: Conn, actor: Actor, kind: str, msg: dict[str, Any]) -> None:
    def act() -> None:
        with session_scope(tenant_id=actor.tenant_id) as session:
            if kind == "rotate":
                dojos.rotate(session, actor=actor, dojo_id=room.dojo_id)
            else:
                dojos.set_editor_open(session, actor=actor, dojo_id=room.dojo_id, open_=bool(msg.get("open")))

    try:
        await asyncio.to_thread(act)
    except (DomainError, Forbidden) as exc:
        await conn.send(json.dumps({"type": "error", "code": exc.code}))
        return
    announce(room.dojo_id)
