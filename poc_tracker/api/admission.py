"""Admission control: no more API requests at once than there are threads and database connections for them.

FastAPI runs sync dependencies and handlers in AnyIO's thread pool; a request that got a connection in one
thread and then waited for the next thread held that connection while waiting, so past the pool's size every
request waited 30 s and failed with 500. Here a request first takes a slot (waiting ``admission_wait`` at most),
and there are never more slots than threads and connections (``Settings.request_slots``): an admitted request
always finds both. A few requests may wait for a slot (``request_queue``); past them, or past the wait, a
request is told at once with 503 ``overloaded`` and ``Retry-After``.
"""

from __future__ import annotations

import time

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from poc_tracker.api.errors import overloaded_response
from poc_tracker.api.metrics import observe
from poc_tracker.i18n import negotiate
from poc_tracker.settings import get_settings

ADMITTED_PREFIXES = ("/api/", "/readyz")


def _locale(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            return negotiate(value.decode("latin-1"))
    return negotiate(None)


class AdmissionLimit:
    """At most ``request_slots`` API requests at once in this process; the rest wait briefly, then get 503."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.slots: anyio.Semaphore | None = None
        self.waiting = 0

    def _slots(self) -> anyio.Semaphore:
        """The slots, and the thread pool sized with them (AnyIO's limiter lives in the running loop)."""
        s = get_settings()
        limiter = anyio.to_thread.current_default_thread_limiter()
        if limiter.total_tokens != s.worker_threads:
            limiter.total_tokens = s.worker_threads
        if self.slots is None:
            self.slots = anyio.Semaphore(s.request_slots)
        return self.slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(ADMITTED_PREFIXES):
            await self.app(scope, receive, send)
            return
        started, slots = time.perf_counter(), self._slots()
        if not await self._admit(slots):
            observe(scope["method"], "admission", 503, time.perf_counter() - started)
            await overloaded_response(_locale(scope))(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            slots.release()

    async def _admit(self, slots: anyio.Semaphore) -> bool:
        """A slot at once, or after a short wait in a short queue; False when there is none."""
        try:
            slots.acquire_nowait()
            return True
        except anyio.WouldBlock:
            pass
        s = get_settings()
        if self.waiting >= s.request_queue:
            return False
        self.waiting += 1
        try:
            with anyio.move_on_after(s.admission_wait):
                await slots.acquire()
                return True
            return False
        finally:
            self.waiting -= 1
