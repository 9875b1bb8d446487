"""The realtime layer's side of the Dojo use cases (``services.dojos.LiveEdits``) and the announcements.

Callable from any thread but the event loop's: the rooms live on the loop, and a flush waits for every
web process (over Redis) to write what it batched.
"""

from __future__ import annotations

import asyncio
import uuid

from poc_tracker.realtime.bus import bus
from poc_tracker.realtime.hub import hub
from poc_tracker.services.events import Emitted, on_events_batch

FLUSH_TIMEOUT = 5.0  # seconds a flush waits for the other processes


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


def flush_now(dojo_id: uuid.UUID, timeout: float = FLUSH_TIMEOUT) -> None:
    """Write every process's pending edits of a Dojo to the log now (from a worker thread, before reading it)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:  # waiting here would stall the loop that has to do the writing
        raise RuntimeError("flush_now blocks: call it from a worker thread (asyncio.to_thread)")
    room, loop = hub.rooms.get(dojo_id), hub.loop
    if room is not None and loop is not None and loop.is_running():
        asyncio.run_coroutine_threadsafe(room.flush(), loop).result(timeout=timeout)
    bus.flush_everywhere(dojo_id, timeout)


class HubLiveEdits:
    """``LiveEdits`` over this process's hub and the Redis bus to the others."""

    def flush(self, dojo_id: uuid.UUID) -> None:
        """Have every web process log the Dojo's batched edits; return once they have."""
        flush_now(dojo_id)

    def announce(self, dojo_id: uuid.UUID) -> None:
        """Tell every room of the Dojo to reload its session data."""
        announce(dojo_id)


live_edits = HubLiveEdits()

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
