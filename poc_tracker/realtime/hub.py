"""Rooms of the Dojo channel: one pycrdt document per live Dojo in each web process.

Edits from pilots arrive as Yjs updates, are applied to the server copy, relayed to everyone
else and appended (merged, every ``FLUSH_SECONDS``) to the Dojo's event log, so a late joiner, a
reconnecting browser or a replay gets the whole story. With Redis configured, every frame is
also published on ``dojo:{id}`` so the rooms of the other web processes stay in step.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from pycrdt import Doc, Text, merge_updates
from sqlmodel import Session

from poc_tracker.db import session_scope
from poc_tracker.models import Dojo
from poc_tracker.realtime import protocol
from poc_tracker.services import dojos
from poc_tracker.settings import get_settings

log = logging.getLogger(__name__)
FLUSH_SECONDS = 0.25
PROCESS_ID = uuid.uuid4().hex
COLORS = ["#e5484d", "#3e63dd", "#30a46c", "#f76b15", "#8e4ec6", "#12a594", "#d6409f", "#ad7f58"]


class Socket(Protocol):
    """What a room needs of a websocket."""

    async def send_bytes(self, data: bytes) -> None: ...
    async def send_text(self, data: str) -> None: ...


def color_for(user_id: uuid.UUID) -> str:
    """A stable colour per person (cursor, avatar)."""
    return COLORS[user_id.int % len(COLORS)]


@dataclass(eq=False)
class Conn:
    """One participant's websocket in this process."""

    ws: Socket
    user_id: uuid.UUID
    name: str
    role: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    awareness: dict[int, int] = field(default_factory=dict)

    async def send(self, data: bytes | str) -> None:
        """Send, ignoring a socket that has just gone."""
        try:
            await (self.ws.send_bytes(data) if isinstance(data, bytes) else self.ws.send_text(data))
        except Exception:
            log.debug("send to a closed socket", exc_info=True)


def load_doc(session: Session, dojo: Dojo) -> Doc:
    """The Dojo's document rebuilt from its log (every edit since creation)."""
    doc = Doc()
    doc.get("code", type=Text)
    for ev in dojos.events_of(session, dojo, kinds=("edit",)):
        doc.apply_update(base64.b64decode(ev.payload["u"]))
    return doc


def doc_text(doc: Doc) -> str:
    """The code in a document."""
    return str(doc.get("code", type=Text))


class Room:
    """A live Dojo in this process: the document, the sockets and the pending log entries."""

    def __init__(self, dojo: Dojo, doc: Doc, roster: list[dict[str, Any]]) -> None:
        self.dojo_id, self.tenant_id = dojo.id, dojo.tenant_id
        self.dojo, self.doc, self.roster = dojo, doc, roster
        self.conns: set[Conn] = set()
        self.pending: list[tuple[bytes, uuid.UUID]] = []
        self.flusher: asyncio.Task | None = None

    @property
    def text(self) -> str:
        """The code as it stands."""
        return doc_text(self.doc)

    def role_of(self, user_id: uuid.UUID) -> str | None:
        """A participant's role, None when not (or no longer) in the Dojo."""
        return next((r["role"] for r in self.roster if r["userId"] == str(user_id)), None)

    def may_edit(self, conn: Conn) -> bool:
        """Whether this socket's updates are accepted now."""
        return dojos.may_edit(self.dojo, self.role_of(conn.user_id))

    async def broadcast(self, data: bytes | str, *, skip: Conn | None = None, publish: bool = True) -> None:
        """Send to every socket here but ``skip``, and to the other processes."""
        await asyncio.gather(*(c.send(data) for c in list(self.conns) if c is not skip))
        if publish:
            await bus.publish(self.dojo_id, data)

    # -- document -----------------------------------------------------------------------------------
    async def apply_update(self, update: bytes, conn: Conn) -> bool:
        """An edit from a participant: accepted (applied, relayed, logged) or dropped."""
        if not self.may_edit(conn):
            return False
        if update == protocol.EMPTY_UPDATE:
            return True
        self.doc.apply_update(update)
        self.pending.append((update, conn.user_id))
        await self.broadcast(protocol.update_message(update), skip=conn)
        if self.flusher is None or self.flusher.done():
            self.flusher = asyncio.create_task(self._flush_later())
        return True

    async def _flush_later(self) -> None:
        await asyncio.sleep(FLUSH_SECONDS)
        await self.flush()

    async def flush(self) -> None:
        """Append the pending edits to the log as one merged update."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        merged = merge_updates(*[u for u, _ in batch]) if len(batch) > 1 else batch[0][0]
        by = sorted({str(a) for _, a in batch})
        await asyncio.to_thread(self._persist, "edit", uuid.UUID(by[0]),
                                {"u": base64.b64encode(merged).decode(), "by": by, "n": len(batch)})

    def _persist(self, kind: str, actor_id: uuid.UUID | None, payload: dict[str, Any]) -> int:
        with session_scope(tenant_id=self.tenant_id) as session:
            row = dojos.record(session, self.dojo, actor_id=actor_id, kind=kind, **payload)
            session.flush()
            return int(row.seq or 0)

    async def record(self, kind: str, actor_id: uuid.UUID | None, **payload: Any) -> int:
        """Append a non-edit event now (chat, share, ...); its sequence number."""
        return await asyncio.to_thread(self._persist, kind, actor_id, payload)

    # -- session data ---------------------------------------------------------------------------------
    async def refresh(self) -> None:
        """Reload the Dojo and roster from the database and tell everyone here."""
        self.dojo, self.roster = await asyncio.to_thread(_read_dojo, self.dojo_id, self.tenant_id)
        await self.broadcast(json.dumps(self.state_message()), publish=False)
        for conn in list(self.conns):
            if self.role_of(conn.user_id) is None:
                await conn.send(json.dumps({"type": "removed"}))

    def state_message(self) -> dict[str, Any]:
        """The low-frequency session state every participant shows."""
        d = self.dojo
        return {"type": "state", "status": d.status, "format": d.format, "editorOpen": d.editor_open,
                "rotationMinutes": d.rotation_minutes, "secondsLeft": dojos.seconds_left(d),
                "roster": [{**r, "color": color_for(uuid.UUID(r["userId"]))} for r in self.roster]}


def _read_dojo(dojo_id: uuid.UUID, tenant_id: uuid.UUID) -> tuple[Dojo, list[dict[str, Any]]]:
    with session_scope(tenant_id=tenant_id) as session:
        dojo = session.get(Dojo, dojo_id)
        assert dojo is not None and dojo.tenant_id == tenant_id
        return dojo, dojos.roster(session, dojo)


def _open_room(dojo_id: uuid.UUID, tenant_id: uuid.UUID) -> Room:
    with session_scope(tenant_id=tenant_id) as session:
        dojo = session.get(Dojo, dojo_id)
        assert dojo is not None and dojo.tenant_id == tenant_id
        return Room(dojo, load_doc(session, dojo), dojos.roster(session, dojo))


class Hub:
    """The rooms of this process."""

    def __init__(self) -> None:
        self.rooms: dict[uuid.UUID, Room] = {}
        self.lock = asyncio.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None

    async def enter(self, dojo_id: uuid.UUID, tenant_id: uuid.UUID, conn: Conn) -> Room:
        """Join a socket to its room, opening the room (subscribe, then load) when first."""
        loop = asyncio.get_running_loop()
        if loop is not self.loop:  # a new event loop (tests start one per client): start afresh
            self.rooms, self.lock, self.loop = {}, asyncio.Lock(), loop
            bus.reset()
        async with self.lock:
            room = self.rooms.get(dojo_id)
            if room is None:
                await bus.subscribe(dojo_id)
                room = await asyncio.to_thread(_open_room, dojo_id, tenant_id)
                self.rooms[dojo_id] = room
            room.conns.add(conn)
        return room

    async def leave(self, room: Room, conn: Conn) -> None:
        """A socket went: tell the others its cursor is gone; close the room when empty."""
        room.conns.discard(conn)
        if conn.awareness:
            await room.broadcast(protocol.awareness_removal(conn.awareness))
        async with self.lock:
            if room.conns:
                return
            await room.flush()
            if not room.conns and self.rooms.get(room.dojo_id) is room:
                del self.rooms[room.dojo_id]
                await bus.unsubscribe(room.dojo_id)

    async def remote(self, dojo_id: uuid.UUID, data: bytes | str) -> None:
        """A frame from another process: apply it here too and pass it on to local sockets."""
        room = self.rooms.get(dojo_id)
        if room is None:
            return
        if data == "refresh":
            await room.refresh()
            return
        if isinstance(data, bytes) and data[0] == protocol.SYNC and data[1] == protocol.UPDATE:
            room.doc.apply_update(protocol.payload(data))
        await room.broadcast(data, publish=False)


hub = Hub()


def announce(dojo_id: uuid.UUID) -> None:
    """Session data changed in the database (from any thread): every room of the Dojo refreshes."""
    room, loop = hub.rooms.get(dojo_id), hub.loop
    if room is not None and loop is not None and loop.is_running():
        asyncio.run_coroutine_threadsafe(room.refresh(), loop)
    bus.publish_sync(dojo_id, "refresh")


def flush_now(dojo_id: uuid.UUID, timeout: float = 5.0) -> None:
    """Write this process's pending edits of a Dojo to the log now (from a worker thread, before reading it)."""
    room, loop = hub.rooms.get(dojo_id), hub.loop
    if room is not None and loop is not None and loop.is_running():
        asyncio.run_coroutine_threadsafe(room.flush(), loop).result(timeout=timeout)


def current_text(session: Session, dojo: Dojo) -> str:
    """The code as it stands: from the live room here, else rebuilt from the log."""
    room = hub.rooms.get(dojo.id)
    if room is not None:
        return room.text
    return doc_text(load_doc(session, dojo))


class Bus:
    """Redis pub/sub between web processes (nothing to do on the embedded profile)."""

    def __init__(self) -> None:
        self._pubsub: Any = None
        self._client: Any = None
        self._reader: asyncio.Task | None = None
        self._sync: Any = None
        self._lock = threading.Lock()

    @staticmethod
    def url() -> str:
        """The Redis URL, empty when there is none."""
        return get_settings().redis_url

    @staticmethod
    def channel(dojo_id: uuid.UUID) -> str:
        """The pub/sub channel of a Dojo."""
        return f"poc_tracker:dojo:{dojo_id}"

    def reset(self) -> None:
        """Forget connections made on another event loop."""
        self._pubsub = self._client = self._reader = None

    async def _ensure(self) -> None:
        if self._pubsub is None:
            import redis.asyncio as aioredis

            self._client = aioredis.Redis.from_url(self.url())
            self._pubsub = self._client.pubsub()

    async def subscribe(self, dojo_id: uuid.UUID) -> None:
        """Listen to a Dojo's channel."""
        if not self.url():
            return
        await self._ensure()
        await self._pubsub.subscribe(self.channel(dojo_id))
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read())

    async def unsubscribe(self, dojo_id: uuid.UUID) -> None:
        """Stop listening to a Dojo's channel."""
        if self._pubsub is not None:
            await self._pubsub.unsubscribe(self.channel(dojo_id))

    @staticmethod
    def _frame(data: bytes | str) -> bytes:
        body = data if isinstance(data, bytes) else data.encode()
        return PROCESS_ID.encode() + (b"B" if isinstance(data, bytes) else b"T") + body

    async def publish(self, dojo_id: uuid.UUID, data: bytes | str) -> None:
        """Send a frame to the other processes."""
        if not self.url():
            return
        await self._ensure()
        await self._client.publish(self.channel(dojo_id), self._frame(data))

    def publish_sync(self, dojo_id: uuid.UUID, data: bytes | str) -> None:
        """Publish from synchronous code (the REST routes)."""
        if not self.url():
            return
        with self._lock:
            if self._sync is None:
                import redis

                self._sync = redis.Redis.from_url(self.url())
        try:
            self._sync.publish(self.channel(dojo_id), self._frame(data))
        except Exception:
            log.warning("dojo publish failed", exc_info=True)

    async def _read(self) -> None:
        n = len(PROCESS_ID)
        while True:
            try:
                msg = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            except Exception:
                log.warning("dojo bus read failed", exc_info=True)
                await asyncio.sleep(1)
                continue
            if msg is None:
                if not hub.rooms:
                    return
                continue
            raw: bytes = msg["data"]
            if raw[:n].decode() == PROCESS_ID:
                continue
            body = raw[n + 1:]
            dojo_id = uuid.UUID(msg["channel"].decode().rsplit(":", 1)[1])
            await hub.remote(dojo_id, body if raw[n:n + 1] == b"B" else body.decode())


bus = Bus()
