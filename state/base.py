"""Thin UI doors: a state mixin that runs a service call as the signed-in actor, errors in the user's language."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

import reflex as rx

from poc_tracker import read_cache
from poc_tracker.db import UnitOfWork, session_scope, system_session
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, gettext
from poc_tracker.services.actor import Actor
from state.i18n import I18nState
from state.session import SessionState, known_actor

T = TypeVar("T")
J = TypeVar("J")  # plain data (JSON)
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
    field = str(exc.details.get("field", ""))
    if exc.code == "required" and field:  # shown beside its input: "O campo ownerName é obrigatório" says too much
        return Outcome(error=gettext(N_("Preencha este campo."), locale), field=field, status=exc.status)
    return Outcome(error=exc.localized(locale), field=field, status=exc.status)


class ServiceState(rx.State, mixin=True):
    """Mix into a feature state: ``await self._call(lambda session, actor: service(session, actor=actor, ...))``.

    The actor is read fresh in the same tenant-scoped session as the work (one session, one commit per call), or
    taken from the sign-in check of the same page opening (``page_actor``);
    a ``DomainError`` comes back as ``Outcome.error`` in the user's language, never as an exception.
    Its helpers start with an underscore: Reflex makes every public method of a state an event the browser may send.
    """

    async def _call(self, work: Callable[[UnitOfWork, Actor], T], *, threaded: bool = True) -> Outcome[T]:
        """Run ``work(session, actor)`` as the signed-in user and commit; on a domain error, roll back.

        In a worker thread: on the event loop, every database round trip would hold up every other tab this
        process serves (bench/load.py: the loop spent most of its time in psycopg's wait). ``threaded=False``
        keeps it on the loop, for work that must not leave it.
        """
        signed_in = await self.get_state(SessionState)
        locale = await self._locale()

        def run(user_id: uuid.UUID, tenant_id: uuid.UUID) -> tuple[T, Actor]:
            known = known_actor(user_id, tenant_id)
            with session_scope(tenant_id=tenant_id) as session:
                actor = known or signed_in._actor_in(session, user_id=user_id, tenant_id=tenant_id)
                return work(session, actor), actor

        try:
            ids = signed_in._signed_in_ids()
            value, actor = await asyncio.to_thread(run, *ids) if threaded else run(*ids)
        except DomainError as exc:
            return failed(exc, locale)
        return Outcome(value, actor)

    async def _cached_call(
        self,
        kind: str,
        parts: tuple[str, ...],
        work: Callable[[UnitOfWork, Actor], T],
        shown: Callable[[T, Actor], J],
    ) -> Outcome[J]:
        """``_call(work)`` then ``shown`` of its value and actor (plain data), kept per user in the read cache.

        Served from the cache only within a page opening that has just checked the sign-in (``known_actor``) and
        while the tenant's data has not changed since (``poc_tracker.read_cache``); otherwise computed.
        """
        signed_in = await self.get_state(SessionState)
        try:
            user_id, tenant_id = signed_in._signed_in_ids()
        except DomainError as exc:
            return failed(exc, await self._locale())
        actor = known_actor(user_id, tenant_id)
        lookup = await asyncio.to_thread(read_cache.get, kind, tenant_id, user_id, *parts) if actor else None
        if actor and lookup and lookup.value is not None:
            return Outcome(lookup.value, actor)
        got = await self._call(work)
        if not got.ok:
            return Outcome(error=got.error, field=got.field, status=got.status)
        value = shown(got.value, got.actor)
        if lookup:
            await asyncio.to_thread(read_cache.put, lookup, value)
        return Outcome(value, got.actor)

    async def _call_as_system(self, work: Callable[[UnitOfWork], T], *, reason: str) -> Outcome[T]:
        """Run ``work(session)`` where no tenant exists yet (sign-in, sign-up, joining by invitation).

        In a worker thread: these hash or check a password (about a second of Argon2), which on the event loop
        would stall every other tab served by this process.
        """
        locale = await self._locale()

        def run() -> T:
            with system_session(reason=reason) as session:
                return work(session)

        try:
            value = await asyncio.to_thread(run)
        except DomainError as exc:
            return failed(exc, locale)
        return Outcome(value)

    async def _locale(self) -> str:
        """The language the user reads."""
        return (await self.get_state(I18nState)).locale

    async def _tr(self, message: str, **params: object) -> str:
        """A message (a Portuguese id marked with ``N_``) in the user's language."""
        return (await self.get_state(I18nState)).tr(message, **params)
