"""The rooms of this web process: opening one (catching up with the other processes), closing it, bus frames.

A room that opens asks the other processes for the edits they still hold in memory, and reading the log
first has every process write its batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid

from poc_tracker import metrics
from poc_tracker.realtime import protocol
from poc_tracker.realtime.bus import bus
from poc_tracker.realtime.conn import Conn
from poc_tracker.realtime.room import Room, edits_since, open_room

log = logging.getLogger(__name__)
CATCH_UP_SECONDS = 2.0  # longest wait for the other processes' copies when a room opens here


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
                room = await asyncio.to_thread(open_room, dojo_id, tenant_id)
                self.rooms[dojo_id] = room
                metrics.DOJO_ROOMS.inc()
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
                for seq, update in await asyncio.to_thread(edits_since, room):
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
                metrics.DOJO_ROOMS.dec()
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
