"""Admission control: no more API requests at once than there are threads and database connections for them.

FastAPI runs sync dependencies and handlers in AnyIO's thread pool; a request that got a connection in one
thread and then waited for the next thread held that connection while waiting, so past the pool's size every
request waited 30 s and failed with 500. Here a request first takes a slot (waiting ``admission_wait`` at most),
and there are never more slots than threads and connections (``Settings.request_slots``): an admitted request
always finds both. Requests that would get a slot within ``admission_wait`` wait for it: as many as the slots
can serve in that time at the recent pace (Little's law on the time a slot is held), or ``admission_queue``.
Past them, or past the wait, a request is told at once with 503 ``overloaded`` and ``Retry-After``.
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

ADMITTED_PREFIXES = ("/api/",)  # not /readyz: a busy process is still ready, and the reserve serves it
FIRST_GUESS = 0.05  # seconds a request holds its slot, until measured
SMOOTHING = 0.1


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
        self.held = FIRST_GUESS  # moving average of the seconds a request holds its slot

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
        admitted = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            slots.release()
            self.held += SMOOTHING * (time.perf_counter() - admitted - self.held)

    def _queue(self) -> int:
        """Requests that may wait: as set, or those the slots can take within the wait at the recent pace."""
        s = get_settings()
        if s.admission_queue:
            return s.admission_queue
        slots = s.request_slots
        return max(slots, min(16 * slots, int(slots * s.admission_wait / max(self.held, 1e-3))))

    async def _admit(self, slots: anyio.Semaphore) -> bool:
        """A slot at once, or after a short wait in a short queue; False when there is none."""
        try:
            slots.acquire_nowait()
            return True
        except anyio.WouldBlock:
            pass
        if self.waiting >= self._queue():
            return False
        self.waiting += 1
        try:
            with anyio.move_on_after(get_settings().admission_wait):
                await slots.acquire()
                return True
            return False
        finally:
            self.waiting -= 1
