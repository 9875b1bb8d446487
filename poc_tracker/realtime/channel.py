"""What a Dojo socket may send: every frame is checked (shape, size, rate, who sends it), then handled.

A refused frame gets ``{"type": "error", "code", "message"}`` (the message in the person's language) and is
not handled; malformed, oversized and rate-limited frames also count as strikes, and a socket out of strikes
is closed with 1008. Who may do what is decided in ``services.dojos``.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError, Invalid, RateLimited, TooLarge
from poc_tracker.i18n import DEFAULT_LOCALE, N_
from poc_tracker.realtime import protocol
from poc_tracker.realtime.conn import Conn
from poc_tracker.realtime.guard import MAX_BINARY, MAX_TEXT
from poc_tracker.realtime.live import live_edits
from poc_tracker.realtime.room import Room
from poc_tracker.services import dojos
from poc_tracker.services.users import actor_for

MAX_CHAT = 2000
MAX_EMOJI = 8
STRIKE_CODES = ("invalid_message", "message_too_large", "rate_limited")
CONN_ID = re.compile(r"^[0-9a-f]{12}$")
SIGNAL_KEYS = ("want", "sdp", "ice")
Handler = Callable[[Room, Conn, dict[str, Any]], Awaitable[None]]


def invalid() -> DomainError:
    """A frame that is not a message of the channel."""
    return Invalid(N_("Mensagem inválida para o Dojo."), code="invalid_message")


def too_large() -> DomainError:
    """A frame over its type's size cap."""
    return TooLarge(N_("Mensagem grande demais para o Dojo."), code="message_too_large")


def chat_row(
    seq: int | None, kind: str, actor_id: uuid.UUID | None, author: str, payload: dict[str, Any], at: datetime
) -> dict[str, Any]:
    """A chat message or reaction as the channel carries it."""
    return {"type": kind, "seq": seq, "authorId": str(actor_id), "author": author, "at": at.isoformat(), **payload}


def locale_of(conn: Conn) -> str:
    """The language the socket's person reads."""
    return conn.actor.locale if conn.actor is not None else DEFAULT_LOCALE


async def greet(room: Room, conn: Conn) -> None:
    """The server's sync step 1: the browser answers with what the server's copy misses."""
    await conn.send(protocol.step1(room.doc))


# -- every frame ---------------------------------------------------------------------------------------
async def on_frame(room: Room, conn: Conn, msg: dict[str, Any], *, auth: Handler) -> None:
    """One websocket frame: checked, then handled; refused with an error message, never an exception."""
    if conn.closed:
        return
    try:
        if msg.get("bytes") is not None:
            await on_binary(room, conn, msg["bytes"])
        elif msg.get("text") is not None:
            await on_text(room, conn, msg["text"], auth)
    except DomainError as exc:
        await refuse(room, conn, exc)


async def refuse(room: Room, conn: Conn, exc: DomainError) -> None:
    """Tell the sender why a frame was refused; close the socket that keeps sending bad ones."""
    if exc.code in STRIKE_CODES and not conn.guard.strike():
        closing = Invalid(
            N_("Mensagens inválidas ou rápidas demais: a conexão com o Dojo foi encerrada."), code="policy_violation"
        )
        await room.expel(conn, 1008, closing.code, _error(conn, closing, "closed"))
        return
    now = time.monotonic()
    if exc.code == "rate_limited" and now - conn.guard.last_notice < 1.0:
        return  # one notice a second is enough for a flood
    conn.guard.last_notice = now
    await conn.send(json.dumps(_error(conn, exc)))


def _error(conn: Conn, exc: DomainError, kind: str = "error") -> dict[str, Any]:
    return {"type": kind, "code": exc.code, "message": exc.localized(locale_of(conn))}


def admit(conn: Conn, kind: str, size: int) -> None:
    """Charge a frame to the socket's buckets; raise when it is too big or too many."""
    refused = conn.guard.admit(kind, size)
    if refused == "message_too_large":
        raise too_large()
    if refused == "rate_limited":
        raise RateLimited(1, N_("Muitas mensagens em pouco tempo. Espere um instante."))


# -- binary: y-protocols ---------------------------------------------------------------------------------
async def on_binary(room: Room, conn: Conn, data: bytes) -> None:
    """A sync step 1, a document update (sync step 2 or update) or an awareness update."""
    if len(data) > MAX_BINARY:
        raise too_large()
    try:
        kind, step, body = protocol.parse(data)
    except protocol.Malformed:
        raise invalid() from None
    name = "awareness" if kind == protocol.AWARENESS else "step1" if step == protocol.STEP1 else "update"
    admit(conn, name, len(data))
    if name == "step1":
        try:
            reply = protocol.checked(protocol.step2, room.doc, body)
        except protocol.Malformed:
            raise invalid() from None
        await conn.send(reply)
    elif name == "update":
        try:
            accepted = await room.apply_update(body, conn)
        except protocol.Malformed:
            raise invalid() from None
        if not accepted:
            await conn.send(json.dumps({"type": "rejected"}))
    else:
        await on_awareness(room, conn, data, body)


async def on_awareness(room: Room, conn: Conn, data: bytes, body: bytes) -> None:
    """Cursors and presence of someone in the Dojo, relayed to the others."""
    try:
        clients = protocol.parse_awareness(body)
    except protocol.Malformed:
        raise invalid() from None
    dojos.require_present(room.role_of(conn.user_id))
    for client, (clock, removed) in clients.items():
        if removed:
            conn.awareness.pop(client, None)
        else:
            conn.awareness[client] = clock
    await room.broadcast(data, skip=conn)


# -- text: JSON ------------------------------------------------------------------------------------------
async def on_text(room: Room, conn: Conn, text: str, auth: Handler) -> None:
    """A JSON message: its type picks the handler."""
    if len(text) > MAX_TEXT:
        raise too_large()
    try:
        msg = json.loads(text)
    except (ValueError, RecursionError):
        raise invalid() from None
    kind = msg.get("type") if isinstance(msg, dict) else None
    handler = auth if kind == "auth" else HANDLERS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        raise invalid()
    admit(conn, kind, len(text.encode()))
    await handler(room, conn, msg)


async def on_ping(room: Room, conn: Conn, msg: dict[str, Any]) -> None:
    """Round trip: everything sent before has been handled."""
    t = msg.get("t")
    if not isinstance(t, str | int | float | None) or (isinstance(t, str) and len(t) > 64):
        t = None
    await conn.send(json.dumps({"type": "pong", "t": t}))


async def on_chat(room: Room, conn: Conn, msg: dict[str, Any]) -> None:
    """A chat message: kept in the log and shown to everyone."""
    text = msg.get("text")
    body = text.strip() if isinstance(text, str) else ""
    if not body:
        raise invalid()
    if len(body) > MAX_CHAT:
        raise Invalid(N_("A mensagem passa de {max} caracteres."), code="chat_too_long", max=MAX_CHAT)
    dojos.require_present(room.role_of(conn.user_id))
    seq = await room.record("chat", conn.user_id, text=body)
    await room.broadcast(json.dumps(chat_row(seq, "chat", conn.user_id, conn.name, {"text": body}, datetime.now(UTC))))


async def on_reaction(room: Room, conn: Conn, msg: dict[str, Any]) -> None:
    """An emoji on a chat message."""
    emoji, to = msg.get("emoji"), msg.get("to")
    if not isinstance(emoji, str) or not 0 < len(emoji) <= MAX_EMOJI or type(to) is not int or to < 1:
        raise invalid()
    dojos.require_present(room.role_of(conn.user_id))
    seq = await room.record("reaction", conn.user_id, emoji=emoji, to=to)
    await room.broadcast(
        json.dumps(chat_row(seq, "reaction", conn.user_id, conn.name, {"emoji": emoji, "to": to}, datetime.now(UTC)))
    )


async def on_session_action(room: Room, conn: Conn, msg: dict[str, Any]) -> None:
    """Rotate, or open/close the editor: the services decide, for the person as they are now."""
    kind, open_ = msg["type"], msg.get("open")
    if kind == "editor" and not isinstance(open_, bool):
        raise invalid()
    assert conn.actor is not None
    tenant_id = conn.actor.tenant_id

    def act() -> None:
        with session_scope(tenant_id=tenant_id) as session:
            actor = actor_for(session, user_id=conn.user_id, tenant_id=tenant_id, session_id=conn.actor.session_id)
            if kind == "rotate":
                dojos.rotate(session, actor=actor, dojo_id=room.dojo_id, live=live_edits)
            else:
                dojos.set_editor_open(session, actor=actor, dojo_id=room.dojo_id, open_=bool(open_), live=live_edits)

    await asyncio.to_thread(act)  # the rooms hear of it once committed (the use case announces)


async def on_share(room: Room, conn: Conn, msg: dict[str, Any]) -> None:
    """Screen share starts or stops (only a change is logged and announced)."""
    action = msg.get("action")
    if action not in ("start", "stop"):
        raise invalid()
    if action == "start":
        host = conn.user_id == room.dojo.host_id
        dojos.require_share(room.role_of(conn.user_id), coder=conn.coder, host=host)
    if conn.sharing == (action == "start"):
        return
    conn.sharing = action == "start"
    await room.record("share", conn.user_id, action=action)
    await room.broadcast(
        json.dumps(
            {"type": "share", "action": action, "from": conn.id, "userId": str(conn.user_id), "name": conn.name}
        ),
        skip=conn,
    )


async def on_signal(room: Room, conn: Conn, msg: dict[str, Any]) -> None:
    """WebRTC offer/answer/ICE for one other socket: relayed to it alone, never stored."""
    to, data = msg.get("to"), msg.get("data")
    if not isinstance(to, str) or not CONN_ID.match(to) or to == conn.id:
        raise invalid()
    if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in SIGNAL_KEYS:
        raise invalid()
    dojos.require_present(room.role_of(conn.user_id))
    await room.send_to(to, json.dumps({"type": "signal", "from": conn.id, "to": to, "data": data, "name": conn.name}))


HANDLERS: dict[str, Handler] = {
    "ping": on_ping,
    "chat": on_chat,
    "reaction": on_reaction,
    "rotate": on_session_action,
    "editor": on_session_action,
    "share": on_share,
    "signal": on_signal,
}
