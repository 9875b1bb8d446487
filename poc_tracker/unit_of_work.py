"""One unit of work: what must happen after a commit is registered on the session that will commit.

``poc_tracker.db.new_session`` opens every session as a ``UnitOfWork``. Services call
``on_commit(session, fn)`` (or ``on_rollback``) inside the transaction, the way Zulip's actions call
``send_event_on_commit``; whoever owns the commit (an API route, the UI's ``session_scope``, a task)
commits, and the callbacks run right after, in the order they were registered. A rollback, or a close
without a commit, drops them and runs the ``on_rollback`` ones (undoing writes outside the database).

These callbacks are prompt but best effort: a crash right after the commit loses them. Work that must
never be lost is a domain event in the outbox (``services/events.emit``), which a sweep delivers anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any

from sqlmodel import Session

log = logging.getLogger(__name__)
Callback = Callable[[], Any]


class UnitOfWork(Session):
    """A session that runs its registered callbacks after it commits, or after it rolls back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._after_commit: dict[Hashable, Callback] = {}
        self._after_rollback: dict[Hashable, Callback] = {}

    def on_commit(self, fn: Callback, key: Hashable | None = None) -> None:
        """Run ``fn`` once this transaction commits (once per ``key`` when given)."""
        self._after_commit.setdefault(object() if key is None else key, fn)

    def on_rollback(self, fn: Callback, key: Hashable | None = None) -> None:
        """Run ``fn`` if this transaction ends without committing (once per ``key`` when given)."""
        self._after_rollback.setdefault(object() if key is None else key, fn)

    def commit(self) -> None:
        """Commit, then run what the transaction registered for after its commit."""
        super().commit()
        done, self._after_commit, self._after_rollback = list(self._after_commit.values()), {}, {}
        _run(done, "after_commit")

    def rollback(self) -> None:
        """Roll back, then run what the transaction registered for a rollback."""
        try:
            super().rollback()
        finally:
            self._abandon()

    def close(self) -> None:
        """Close; a transaction still open ends without committing."""
        try:
            super().close()
        finally:
            self._abandon()

    def _abandon(self) -> None:
        undo, self._after_commit, self._after_rollback = list(self._after_rollback.values()), {}, {}
        _run(undo, "after_rollback")


def _run(callbacks: list[Callback], stage: str) -> None:
    """Run each callback; one failing must not stop the others (nor undo a commit already made)."""
    for fn in callbacks:
        try:
            fn()
        except Exception:  # logged; the outbox sweep repairs whatever must not be lost
            log.warning("a %s callback failed", stage, exc_info=True, extra={"event": f"{stage}_failed"})


def _unit(session: Session) -> UnitOfWork:
    if not isinstance(session, UnitOfWork):
        raise TypeError("open sessions with poc_tracker.db.new_session / session_scope (a UnitOfWork)")
    return session


def on_commit(session: Session, fn: Callback, *, key: Hashable | None = None) -> None:
    """Run ``fn`` after the session's current transaction commits; never if it rolls back."""
    _unit(session).on_commit(fn, key)


def on_rollback(session: Session, fn: Callback, *, key: Hashable | None = None) -> None:
    """Run ``fn`` if the session's current transaction rolls back (or is closed uncommitted)."""
    _unit(session).on_rollback(fn, key)
