"""Opening a private page: the sign-in check and the page's loaders in one Reflex event.

As separate on_load handlers each was an event of its own (the tab's lock, its state read from Redis and written
back), and each loader read the signed-in actor again. One event reads the actor once, then runs the loaders with
it (``page_actor``); a tab that is not signed in goes to sign in without running them.
"""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx
from reflex.event import EventHandler

from state.base import page_actor
from state.session import SessionState

# Each private page's loaders, by route (components/page.py registers them with the page).
LOADERS: dict[str, tuple[EventHandler, ...]] = {}


def opens(route: str, loaders: Sequence[EventHandler]) -> rx.event.EventSpec:
    """The on_load of a private page: remember its loaders, open it through ``PageOpenState.open_page``."""
    if not all(isinstance(loader, EventHandler) for loader in loaders):
        raise TypeError(f"{route}: a private page's on_load takes event handlers (they run in one event)")
    LOADERS[route] = tuple(loaders)
    return PageOpenState.open_page(route)


def _events(result: object) -> list:
    if result is None:
        return []
    return list(result) if isinstance(result, list | tuple) else [result]


class PageOpenState(rx.State):
    """The on_load of every private page."""

    @rx.event
    async def open_page(self, route: str) -> list:
        """Restore the sign-in; when there is one, run the page's loaders as that user, in order."""
        actor, then = await (await self.get_state(SessionState))._restore()
        events = [then]
        if actor is None:
            return events
        with page_actor(actor):
            for loader in LOADERS.get(route, ()):
                state = await self.get_state(loader.state)
                events += _events(await loader.fn(state))
        return events
