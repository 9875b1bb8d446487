"""Rooms of the Dojo channel: one pycrdt document per live Dojo in each web process.

Edits from pilots arrive as Yjs updates, are applied to the server copy, relayed to everyone
else and appended (merged, every ``FLUSH_SECONDS``) to the Dojo's event log, so a late joiner, a
reconnecting browser or a replay gets the whole story. With Redis configured, every frame is
also published on ``dojo:{id}`` so the rooms of the other web processes stay in step; a room that
opens asks the others for the edits they still hold in memory, and reading the log first has every
process write its batch.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from pycrdt import Doc, Text, merge_updates
from sqlmodel import Session

from poc_tracker.db import session_scope
from poc_tracker.models import Dojo
from poc_tracker.realtime import protocol
from poc_tracker.realtime.bus import CONN_ID_LENGTH, bus
from poc_tracker.realtime.guard import Guard
from poc_tracker.services import dojos
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import Emitted, on_events_batch

log = logging.getLogger(__name__)
FLUSH_SECONDS = 0.25
CATCH_UP_SECONDS = 2.0  # longest wait for the other processes' copies when a room opens here
COLORS = ["#e5484d", "#3e63dd", "#30a46c", "#f76b15", "#8e4ec6", "#12a594", "#d6409f", "#ad7f58"]


class Socket(Protocol):
    """What a room needs of a websocket."""

    async def send_bytes(self, data: bytes) -> None: ...
    async def send_text(self, data: str) -> None: ...
    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


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
    actor: Actor | None = None  # read fresh at every re-check (role changes apply at once)
    expires_at: float = float("inf")  # when the access token the socket lives on expires (epoch seconds)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:CONN_ID_LENGTH])
    awareness: dict[int, int] = field(default_factory=dict)
    guard: Guard = field(default_factory=Guard)
    wake: asyncio.Event = field(default_factory=asyncio.Event)  # re-check now (deactivation, role change)
    closed: bool = False
    sharing: bool = False

    @property
    def coder(self) -> bool:
        """Whether the person's tenant role writes code (viewers never do)."""
        return self.actor is None or self.actor.can(dojos.CODE_PERMISSION)

    async def send(self, data: bytes | str) -> None:
        """Send, ignoring a socket that has just gone."""
        if self.closed:
            return
        try:
            await (self.ws.send_bytes(data) if isinstance(data, bytes) else self.ws.send_text(data))
        except Exception:
            log.debug("send to a closed socket", exc_info=True)

    async def close(self, code: int, reason: str, notice: dict[str, Any] | None = None) -> None:
        """End the socket from the server side: nothing more is sent to it or handled from it."""
        if self.closed:
            return
        if notice is not None:
            await self.send(json.dumps(notice))
        self.closed = True
        try:
            await self.ws.close(code=code, reason=reason)
        except Exception:
            log.debug("close of a closed socket", exc_info=True)


def logged_edits(session: Session, dojo: Dojo, after: int = 0) -> list[tuple[int, bytes]]:
    """The Dojo's logged edits after sequence number ``after``: (seq, Yjs update)."""
    return [
        (int(ev.seq or 0), base64.b64decode(ev.payload["u"]))
        for ev in dojos.events_of(session, dojo, after=after, kinds=("edit",))
    ]


def load_doc(session: Session, dojo: Dojo) -> Doc:
    """The Dojo's document rebuilt from its log (every edit since creation)."""
    doc = Doc()
    doc.get("code", type=Text)
    for _, update in logged_edits(session, dojo):
        doc.apply_update(update)
    return doc


def doc_text(doc: Doc) -> str:
    """The code in a document."""
    return str(doc.get("code", type=Text))


class Room:
    """A live Dojo in this process: the document, the sockets and the pending log entries."""

    def __init__(self, dojo: Dojo, doc: Doc, roster: list[dict[str, Any]], logged: int = 0) -> None:
        self.dojo_id, self.tenant_id = dojo.id, dojo.tenant_id
        self.dojo, self.doc, self.roster = dojo, doc, roster
        self.conns: set[Conn] = set()
        self.pending: list[tuple[bytes, uuid.UUID]] = []
        self.flusher: asyncio.Task | None = None
        self.flushing = asyncio.Lock()  # one batch at a time: a flush returns once all before it is logged
        self.logged = logged  # last logged edit applied to ``doc``
        self.ready = asyncio.Event()  # set once caught up with the other processes
        self.replies: asyncio.Queue[None] = asyncio.Queue()  # other processes' answers while catching up

    @property
    def text(self) -> str:
        """The code as it stands."""
        return doc_text(self.doc)

    def role_of(self, user_id: uuid.UUID) -> str | None:
        """A participant's role, None when not (or no longer) in the Dojo."""
        return next((r["role"] for r in self.roster if r["userId"] == str(user_id)), None)

    def may_edit(self, conn: Conn) -> bool:
        """Whether this socket's updates are accepted now."""
        return dojos.may_edit(self.dojo, self.role_of(conn.user_id), coder=conn.coder)

    def conn(self, conn_id: str) -> Conn | None:
        """A socket of this room here by its id."""
        return next((c for c in self.conns if c.id == conn_id), None)

    async def expel(self, conn: Conn, code: int, reason: str, notice: dict[str, Any] | None = None) -> None:
        """Close a socket at once: it leaves the room before anything else is relayed."""
        self.conns.discard(conn)
        await conn.close(code, reason, notice)

    async def send_to(self, conn_id: str, data: str) -> None:
        """Send to one socket of the room, here or in another process."""
        target = self.conn(conn_id)
        if target is not None:
            await target.send(data)
        else:
            await bus.publish_to(self.dojo_id, conn_id, data)

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
        protocol.checked(self.doc.apply_update, update)
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
        async with self.flushing:
            if not self.pending:
                return
            batch, self.pending = self.pending, []
            merged = merge_updates(*[u for u, _ in batch]) if len(batch) > 1 else batch[0][0]
            by = sorted({str(a) for _, a in batch})
            # The batch has left ``pending``: write it even if the caller is cancelled (a closing socket).
            await asyncio.shield(
                asyncio.to_thread(
                    self._persist,
                    "edit",
                    uuid.UUID(by[0]),
                    {"u": base64.b64encode(merged).decode(), "by": by, "n": len(batch)},
                )
            )

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
        self.dojo, self.roster, removed = await asyncio.to_thread(_read_dojo, self.dojo_id, self.tenant_id)
        for conn in [c for c in self.conns if str(c.user_id) in removed]:
            await self.expel(conn, 4403, "removed_from_dojo", {"type": "removed"})
        await self.broadcast(json.dumps(self.state_message()), publish=False)

    def state_message(self) -> dict[str, Any]:
        """The low-frequency session state every participant shows."""
        d = self.dojo
        return {
            "type": "state",
            "status": d.status,
            "format": d.format,
            "editorOpen": d.editor_open,
            "rotationMinutes": d.rotation_minutes,
            "secondsLeft": dojos.seconds_left(d),
            "roster": [{**r, "color": color_for(uuid.UUID(r["userId"]))} for r in self.roster],
        }


def _read_dojo(dojo_id: uuid.UUID, tenant_id: uuid.UUID) -> tuple[Dojo, list[dict[str, Any]], set[str]]:
    with session_scope(tenant_id=tenant_id) as session:
        dojo = session.get(Dojo, dojo_id)
        assert dojo is not None and dojo.tenant_id == tenant_id
        return dojo, dojos.roster(session, dojo), dojos.removed_ids(session, dojo)


def _open_room(dojo_id: uuid.UUID, tenant_id: uuid.UUID) -> Room:
    with session_scope(tenant_id=tenant_id) as session:
        dojo = session.get(Dojo, dojo_id)
        assert dojo is not None and dojo.tenant_id == tenant_id
        doc = Doc()
        doc.get("code", type=Text)
        edits = logged_edits(session, dojo)
        for _, update in edits:
            doc.apply_update(update)
        return Room(dojo, doc, dojos.roster(session, dojo), edits[-1][0] if edits else 0)


def _edits_since(room: Room) -> list[tuple[int, bytes]]:
    with session_scope(tenant_id=room.tenant_id) as session:
        return logged_edits(session, room.dojo, after=room.logged)


class Hub:
    """The rooms of this process."""

    def __init__(self) -> None:
        self.rooms: dict[uuid.UUID, Room] = {}
        self.lock = asyncio.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None

    async def enter(self, dojo_id: uuid.UUID, tenant_id: uuid.UUID, conn: Conn) -> Room:
        """Join a socket to its room, opening the room (subscribe, load, catch up) when first."""
        loop = asyncio.get_running_loop()
        if loop is not self.loop:  # a new event loop (tests start one per client): start afresh
            self.rooms, self.lock, self.loop = {}, asyncio.Lock(), loop
            bus.reset()
        async with self.lock:
            room = self.rooms.get(dojo_id)
            opened = room is None
            if room is None:
                await bus.subscribe(dojo_id)
                room = await asyncio.to_thread(_open_room, dojo_id, tenant_id)
                self.rooms[dojo_id] = room
            room.conns.add(conn)
        if opened:
            await self._catch_up(room)
        await room.ready.wait()
        return room

    async def _catch_up(self, room: Room) -> None:
        """A room just opened here: add what the log did not hold when it loaded.

        Frames relayed before the room was registered were dropped, and edits batched by another
        process are not logged yet: every process with the room open answers with what our copy
        misses; then the log is read again for batches a closing room wrote meanwhile.
        """
        try:
            if bus.url():
                asked = await bus.ask_state(room.dojo_id, room.doc.get_state())
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(CATCH_UP_SECONDS):
                        for _ in range(asked):
                            await room.replies.get()
                for seq, update in await asyncio.to_thread(_edits_since, room):
                    room.doc.apply_update(update)
                    room.logged = seq
        except Exception:
            log.warning("dojo catch-up failed", exc_info=True)
        finally:
            room.ready.set()

    async def leave(self, room: Room, conn: Conn) -> None:
        """A socket went: tell the others its cursor is gone; close the room when empty."""
        room.conns.discard(conn)
        conn.closed = True
        if conn.awareness:
            await room.broadcast(protocol.awareness_removal(conn.awareness))
        if conn.sharing:  # the screen it shared is gone with it
            await room.broadcast(
                json.dumps(
                    {"type": "share", "action": "stop", "from": conn.id, "userId": str(conn.user_id), "name": conn.name}
                )
            )
        async with self.lock:
            if room.conns:
                return
            await room.flush()
            if not room.conns and self.rooms.get(room.dojo_id) is room:
                del self.rooms[room.dojo_id]
                await bus.unsubscribe(room.dojo_id)

    def answer(self, dojo_id: uuid.UUID, state_vector: bytes) -> bytes:
        """What a copy with this state vector misses of our room (empty when the room is not open here)."""
        room = self.rooms.get(dojo_id)
        return room.doc.get_update(state_vector) if room is not None else b""

    async def answered(self, dojo_id: uuid.UUID, update: bytes) -> None:
        """Another process's answer to our catch-up question: apply it and pass it on."""
        room = self.rooms.get(dojo_id)
        if room is None:
            return
        if update and update != protocol.EMPTY_UPDATE:
            room.doc.apply_update(update)
            await room.broadcast(protocol.update_message(update), publish=False)
        if not room.ready.is_set():
            room.replies.put_nowait(None)

    async def flush_here(self, dojo_id: uuid.UUID) -> None:
        """Log this process's batched edits of a Dojo (asked by another process)."""
        room = self.rooms.get(dojo_id)
        if room is not None:
            await room.flush()

    def wake_user(self, user_id: uuid.UUID) -> None:
        """Have every socket of this person here re-check them now (deactivated, role changed)."""
        for room in list(self.rooms.values()):
            for conn in list(room.conns):
                if conn.user_id == user_id:
                    conn.wake.set()

    async def remote_to(self, dojo_id: uuid.UUID, conn_id: str, data: str) -> None:
        """A frame from another process for one socket: delivered if that socket is here."""
        room = self.rooms.get(dojo_id)
        target = room.conn(conn_id) if room is not None else None
        if target is not None:
            await target.send(data)

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


def user_changed(user_id: uuid.UUID) -> None:
    """A person was deactivated or changed role (from any thread): their sockets re-check now, in every process."""
    loop = hub.loop
    if loop is not None and loop.is_running():
        loop.call_soon_threadsafe(hub.wake_user, user_id)
    bus.publish_user_sync(user_id)


RECHECK_KINDS = (
    "user.deactivated",
    "user.role_changed",
    "user.password_changed",
    "user.logged_out",
    "user.session_ended",
    "user.sessions_ended",
    "auth.refresh_reuse",
)


def _on_events(emitted: list[Emitted]) -> None:
    for event in emitted:
        if event.kind in RECHECK_KINDS and event.target_type == "user":
            user_changed(uuid.UUID(event.target_id))


on_events_batch(_on_events)


def flush_now(dojo_id: uuid.UUID, timeout: float = 5.0) -> None:
    """Write every process's pending edits of a Dojo to the log now (from a worker thread, before reading it)."""
    room, loop = hub.rooms.get(dojo_id), hub.loop
    if room is not None and loop is not None and loop.is_running():
        asyncio.run_coroutine_threadsafe(room.flush(), loop).result(timeout=timeout)
    bus.flush_everywhere(dojo_id, timeout)


def current_text(session: Session, dojo: Dojo) -> str:
    """The code as it stands: from the live room here, else rebuilt from the log."""
    room = hub.rooms.get(dojo.id)
    if room is not None:
        return room.text
    return doc_text(load_doc(session, dojo))
