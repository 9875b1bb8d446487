"""Redis pub/sub between the web processes serving Dojos (nothing to do on the embedded profile)."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
from typing import Any

from poc_tracker.settings import get_settings

log = logging.getLogger(__name__)
PROCESS_ID = uuid.uuid4().hex
CONN_ID_LENGTH = 12  # a socket's id (hub.Conn.id)


class Bus:
    """Redis pub/sub between web processes (nothing to do on the embedded profile).

    A frame is the sender's ``PROCESS_ID``, one kind byte and a body: ``B``/``T`` a binary/text frame
    relayed to the room's sockets, ``Q`` a room opening asks for what its copy misses (body: its state
    vector), ``R`` the answer (body: asker's id + update), ``F`` log your batched edits now and push an
    acknowledgement onto the list named by the body, ``S`` a text frame for one socket (body: its id + text).
    One more channel, ``USERS``, carries the ids of people whose sockets must re-check them now.
    """

    USERS = "poc_tracker:dojo-users"

    def __init__(self) -> None:
        self._pubsub: Any = None
        self._client: Any = None
        self._reader: asyncio.Task | None = None
        self._sync: Any = None
        self._lock = threading.Lock()
        self._dojos: set[uuid.UUID] = set()  # channels subscribed here; the reader stops when none
        self._users = False  # subscribed to USERS

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
        self._dojos, self._users = set(), False

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
        self._dojos.add(dojo_id)
        await self._pubsub.subscribe(self.channel(dojo_id))
        if not self._users:
            await self._pubsub.subscribe(self.USERS)
            self._users = True
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read())

    async def unsubscribe(self, dojo_id: uuid.UUID) -> None:
        """Stop listening to a Dojo's channel."""
        self._dojos.discard(dojo_id)
        if self._pubsub is not None:
            await self._pubsub.unsubscribe(self.channel(dojo_id))

    @staticmethod
    def _frame(kind: bytes, body: bytes) -> bytes:
        return PROCESS_ID.encode() + kind + body

    async def _publish(self, dojo_id: uuid.UUID, kind: bytes, body: bytes) -> int:
        await self._ensure()
        return int(await self._client.publish(self.channel(dojo_id), self._frame(kind, body)))

    async def publish(self, dojo_id: uuid.UUID, data: bytes | str) -> None:
        """Send a frame to the other processes."""
        if not self.url():
            return
        if isinstance(data, bytes):
            await self._publish(dojo_id, b"B", data)
        else:
            await self._publish(dojo_id, b"T", data.encode())

    async def publish_to(self, dojo_id: uuid.UUID, conn_id: str, data: str) -> None:
        """Send a text frame to one socket in another process."""
        if self.url():
            await self._publish(dojo_id, b"S", conn_id.encode() + data.encode())

    def publish_user_sync(self, user_id: uuid.UUID) -> None:
        """Tell every process that a person's sockets must re-check them (from synchronous code)."""
        if not self.url():
            return
        try:
            self._sync_client().publish(self.USERS, self._frame(b"U", str(user_id).encode()))
        except Exception:
            log.warning("dojo user announcement failed", exc_info=True)

    async def ask_state(self, dojo_id: uuid.UUID, state_vector: bytes) -> int:
        """Ask the other processes with the Dojo open for what a copy misses; how many will answer."""
        receivers = await self._publish(dojo_id, b"Q", state_vector)
        return max(0, receivers - 1)  # our own subscription hears the question too

    def _sync_client(self) -> Any:
        with self._lock:
            if self._sync is None:
                import redis

                self._sync = redis.Redis.from_url(self.url())
        return self._sync

    def publish_sync(self, dojo_id: uuid.UUID, data: bytes | str) -> None:
        """Publish from synchronous code (the REST routes)."""
        if not self.url():
            return
        kind, body = (b"B", data) if isinstance(data, bytes) else (b"T", data.encode())
        try:
            self._sync_client().publish(self.channel(dojo_id), self._frame(kind, body))
        except Exception:
            log.warning("dojo publish failed", exc_info=True)

    def flush_everywhere(self, dojo_id: uuid.UUID, timeout: float = 5.0) -> None:
        """Have every process with the Dojo open (this one too) log its batched edits; wait for them."""
        if not self.url():
            return
        client, key = self._sync_client(), f"poc_tracker:dojo-flushed:{uuid.uuid4().hex}"
        deadline = time.monotonic() + timeout
        try:
            receivers = int(client.publish(self.channel(dojo_id), self._frame(b"F", key.encode())))
            for _ in range(receivers):
                left = deadline - time.monotonic()
                if left <= 0 or client.blpop([key], timeout=left) is None:
                    log.warning("dojo flush: a process did not answer in time")
                    break
            if receivers:
                client.delete(key)
        except Exception:
            log.warning("dojo flush request failed", exc_info=True)

    async def _read(self) -> None:
        while True:
            try:
                msg = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            except Exception:
                log.warning("dojo bus read failed", exc_info=True)
                await asyncio.sleep(1)
                continue
            if msg is None:
                if not self._dojos:
                    return
                continue
            try:
                await self._dispatch(msg["channel"], msg["data"])
            except Exception:  # one bad frame must not stop the relay
                log.warning("dojo bus frame failed", exc_info=True)

    async def _dispatch(self, channel: bytes, raw: bytes) -> None:
        from poc_tracker.realtime.hub import hub  # the hub imports this module

        n = len(PROCESS_ID)
        sender, kind, body = raw[:n].decode(), raw[n : n + 1], raw[n + 1 :]
        if channel.decode() == self.USERS:
            if sender != PROCESS_ID:  # this process woke its sockets when it announced
                hub.wake_user(uuid.UUID(body.decode()))
            return
        dojo_id = uuid.UUID(channel.decode().rsplit(":", 1)[1])
        if kind == b"F":  # counted by the asker's PUBLISH, so answered even when we asked
            try:
                await hub.flush_here(dojo_id)
            finally:
                key = body.decode()
                await self._client.rpush(key, PROCESS_ID)
                await self._client.expire(key, 60)
        elif sender == PROCESS_ID:
            return
        elif kind == b"Q":
            await self._publish(dojo_id, b"R", sender.encode() + hub.answer(dojo_id, body))
        elif kind == b"R":
            if body[:n].decode() == PROCESS_ID:
                await hub.answered(dojo_id, body[n:])
        elif kind == b"S":
            await hub.remote_to(dojo_id, body[:CONN_ID_LENGTH].decode(), body[CONN_ID_LENGTH:].decode())
        else:
            await hub.remote(dojo_id, body if kind == b"B" else body.decode())


bus = Bus()
