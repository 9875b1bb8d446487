"""One participant's websocket in this process, and the colour that marks them."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from poc_tracker.realtime.bus import CONN_ID_LENGTH
from poc_tracker.realtime.guard import Guard
from poc_tracker.services import dojos
from poc_tracker.services.actor import Actor

log = logging.getLogger(__name__)
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
