"""A live Dojo in this process: its document, its sockets and the edits not logged yet.

Edits from pilots arrive as Yjs updates, are applied to the server copy, relayed to everyone else and
appended (merged, every ``dojo_flush_seconds``) to the Dojo's event log, so a late joiner, a reconnecting
browser or a replay gets the whole story. With Redis configured, every frame is also published on
``dojo:{id}`` so the rooms of the other web processes stay in step.
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from typing import Any

from pycrdt import Doc, merge_updates

from poc_tracker.db import session_scope
from poc_tracker.models import Dojo
from poc_tracker.realtime import protocol
from poc_tracker.realtime.bus import bus
from poc_tracker.realtime.conn import Conn, color_for
from poc_tracker.services import dojos
from poc_tracker.settings import get_settings


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
        return dojos.doc_text(self.doc)

    def role_of(self, user_id: uuid.UUID) -> str | None:
        """A participant's role, None when not (or no longer) in the Dojo."""
        return next((r["role"] for r in self.roster if r["userId"] == str(user_id)), None)

    def may_edit(self, conn: Conn) -> bool:
        """Whether this socket's updates are accepted now."""
        host = conn.user_id == self.dojo.host_id
        return dojos.may_edit(self.dojo, self.role_of(conn.user_id), coder=conn.coder, host=host)

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
        await asyncio.sleep(get_settings().dojo_flush_seconds)
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
        data = dojos.room_data(session, tenant_id=tenant_id, dojo_id=dojo_id)
        return data.dojo, data.roster, data.removed


def open_room(dojo_id: uuid.UUID, tenant_id: uuid.UUID) -> Room:
    """A room loaded from the log: every edit logged since the Dojo began."""
    with session_scope(tenant_id=tenant_id) as session:
        data = dojos.room_data(session, tenant_id=tenant_id, dojo_id=dojo_id)
        doc = dojos.new_doc()
        edits = dojos.logged_edits(session, data.dojo)
        for _, update in edits:
            doc.apply_update(update)
        return Room(data.dojo, doc, data.roster, edits[-1][0] if edits else 0)


def edits_since(room: Room) -> list[tuple[int, bytes]]:
    """Edits logged after the last one the room applied (batches other processes wrote meanwhile)."""
    with session_scope(tenant_id=room.tenant_id) as session:
        return dojos.logged_edits(session, room.dojo, after=room.logged)
