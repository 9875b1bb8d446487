"""Thin UI doors: a state mixin that runs a service call as the signed-in actor, errors in the user's language."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

import reflex as rx

from poc_tracker.db import UnitOfWork, session_scope, system_session
from poc_tracker.errors import DomainError
from poc_tracker.services.actor import Actor
from state.i18n import I18nState
from state.session import SessionState

T = TypeVar("T")
NO_ID = uuid.UUID(int=0)  # a malformed id looks like any other missing record


def as_id(raw: object) -> uuid.UUID:
    """An id from untrusted input (route argument, event argument); junk becomes an id that matches nothing."""
    if isinstance(raw, uuid.UUID):
        return raw
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return NO_ID


@dataclasses.dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a service call gave: its value and the actor, or the error in the user's language."""

    value: T = None  # type: ignore[assignment]  # None only when the call failed
    actor: Actor | None = None
    error: str = ""  # translated; empty when the call succeeded
    field: str = ""  # the form field the error names, when it names one
    status: int = 0  # the error's HTTP-like status (403 forbidden, 404 not found…); 0 when the call succeeded

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return not self.error

    def toast(self) -> rx.event.EventSpec:
        """The error as a toast, to return or yield from the handler."""
        return rx.toast.error(self.error)

    def field_errors(self, fields: Iterable[str] | Mapping[str, str] = ()) -> dict[str, str]:
        """``{input name: message}`` when the error names a form field (a mapping renames API fields to inputs)."""
        if not self.field:
            return {}
        names = fields if isinstance(fields, Mapping) else {f: f for f in fields}
        if names and self.field not in names:
            return {}
        return {names.get(self.field, self.field): self.error}


def failed(exc: DomainError, locale: str) -> Outcome[Any]:
    """The one place a domain error becomes what the UI shows."""
    return Outcome(error=exc.localized(locale), field=str(exc.details.get("field", "")), status=exc.status)


class ServiceState(rx.State, mixin=True):
    """Mix into a feature state: ``await self._call(lambda session, actor: service(session, actor=actor, ...))``.

    The actor is read fresh in the same tenant-scoped session as the work (one session, one commit per call);
    a ``DomainError`` comes back as ``Outcome.error`` in the user's language, never as an exception.
    Its helpers start with an underscore: Reflex makes every public method of a state an event the browser may send.
    """

    async def _call(self, work: Callable[[UnitOfWork, Actor], T], *, threaded: bool = False) -> Outcome[T]:
        """Run ``work(session, actor)`` as the signed-in user and commit; on a domain error, roll back.

        ``threaded`` runs it in a worker thread, for work that waits (a Dojo flush waits for other processes).
        """
        signed_in = await self.get_state(SessionState)
        locale = await self._locale()

        def run(user_id: uuid.UUID, tenant_id: uuid.UUID) -> tuple[T, Actor]:
            with session_scope(tenant_id=tenant_id) as session:
                actor = signed_in._actor_in(session, user_id=user_id, tenant_id=tenant_id)
                return work(session, actor), actor

        try:
            ids = signed_in._signed_in_ids()
            value, actor = await asyncio.to_thread(run, *ids) if threaded else run(*ids)
        except DomainError as exc:
            return failed(exc, locale)
        return Outcome(value, actor)

    async def _call_as_system(self, work: Callable[[UnitOfWork], T], *, reason: str) -> Outcome[T]:
        """Run ``work(session)`` where no tenant exists yet (sign-in, sign-up, joining by invitation)."""
        locale = await self._locale()
        try:
            with system_session(reason=reason) as session:
                value = work(session)
        except DomainError as exc:
            return failed(exc, locale)
        return Outcome(value)

    async def _locale(self) -> str:
        """The language the user reads."""
        return (await self.get_state(I18nState)).locale

    async def _tr(self, message: str, **params: object) -> str:
        """A message (a Portuguese id marked with ``N_``) in the user's language."""
        return (await self.get_state(I18nState)).tr(message, **params)
