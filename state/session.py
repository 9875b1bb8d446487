"""Who is signed in: a short access token in the browser, ids in backend-only vars.

The refresh token never reaches page scripts: it lives in an HttpOnly cookie that /auth.js spends
through ``/api/v1/auth/session`` (see ``poc_tracker.api.browser_session``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from urllib.parse import urlencode

import jwt
import reflex as rx
from reflex.event import EventHandler
from reflex.state import OnLoadInternalState
from sqlmodel import Session

from poc_tracker.auth.tokens import decode_access_token
from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError, Unauthorized
from poc_tracker.models import User
from poc_tracker.origins import safe_next_path
from poc_tracker.services import users
from poc_tracker.services.actor import Actor
from poc_tracker.services.sessions import TokenPair
from state.i18n import I18nState

LOGIN_ROUTE = "/login"
TOKEN_MARGIN_S = 120  # hand the browser's offline cache a token that lasts at least this long
CLEAR_OFFLINE = "window.pocPwa && window.pocPwa.clear()"
OFFLINE = "offline"  # what /auth.js answers when the server could not be reached
REFRESH = "window.pocAuth ? window.pocAuth.refresh() : ''"
SIGN_OUT = "window.pocAuth ? window.pocAuth.signOut() : ''"


# Each private page's loaders, by route: components/page.py registers them with the page (``opens``).
PAGE_LOADERS: dict[str, tuple[EventHandler, ...]] = {}
# The actor a page's sign-in check has just read, for that page's loaders in the same event.
_PAGE_ACTOR: ContextVar[Actor | None] = ContextVar("page_actor", default=None)


def opens(route: str, loaders: Sequence[EventHandler]) -> rx.event.EventSpec:
    """The on_load of a private page: remember its loaders, open it through ``SessionState.open_page``."""
    if not all(isinstance(loader, EventHandler) for loader in loaders):
        raise TypeError(f"{route}: a private page's on_load takes event handlers (they run in one event)")
    PAGE_LOADERS[route] = tuple(loaders)
    return SessionState.open_page(route)


@contextlib.contextmanager
def page_actor(actor: Actor) -> Iterator[None]:
    """Within the block, ``known_actor`` gives ``actor``: read fresh moments ago, in this event."""
    token = _PAGE_ACTOR.set(actor)
    try:
        yield
    finally:
        _PAGE_ACTOR.reset(token)


def known_actor(user_id: uuid.UUID, tenant_id: uuid.UUID) -> Actor | None:
    """The actor this page opening has already read, when it is this user's (else None: read it)."""
    known = _PAGE_ACTOR.get()
    return known if known is not None and (known.user_id, known.tenant_id) == (user_id, tenant_id) else None


def _events(result: object) -> list:
    if result is None:
        return []
    return list(result) if isinstance(result, list | tuple) else [result]


def offline_sync(access_token: str) -> rx.event.EventSpec:
    """Tell /pwa.js the user is signed in: it saves the POC on screen and refreshes the offline copies."""
    return rx.call_script(f"window.pocPwa && window.pocPwa.signedIn({json.dumps(access_token)})")


def _expires_soon(token: str) -> bool:
    """Whether a (valid) access token ends within the margin; the signature was checked when it was issued."""
    try:
        exp = jwt.decode(token, options={"verify_signature": False}).get("exp", 0)
    except jwt.PyJWTError:
        return True
    return exp - time.time() < TOKEN_MARGIN_S


async def route_arg(state: rx.State, name: str) -> str:
    """A dynamic route argument ("poc_id" of /pocs/[poc_id]); untrusted input."""
    root = await state.get_state(rx.State)
    return str(getattr(root, name, "") or "")


class SessionState(rx.State):
    """The signed-in user of this browser tab, restored from the access token or the session cookie."""

    access_token: str = rx.LocalStorage("", name="poc_tracker_access", sync=True)
    user_name: str = ""
    user_email: str = ""
    tenant_name: str = ""
    role: str = ""
    email_verified: bool = True  # false shows the "confirm your e-mail" banner
    _user_id: str = ""
    _tenant_id: str = ""
    _session_id: str = ""  # the sign-in (refresh token family); ended elsewhere, this tab signs out too

    @rx.var
    def signed_in(self) -> bool:
        """Whether someone is signed in."""
        return bool(self.user_email)

    @rx.var
    def initials(self) -> str:
        """Up to two initials of the user's name, for the avatar."""
        return "".join(p[0] for p in self.user_name.split()[:2]).upper()

    def _signed_in_ids(self) -> tuple[uuid.UUID, uuid.UUID]:
        """The signed-in user's id and tenant id; Unauthorized when nobody is signed in."""
        if not self._user_id:
            raise Unauthorized()
        return uuid.UUID(self._user_id), uuid.UUID(self._tenant_id)

    def _actor_in(self, session: Session, *, user_id: uuid.UUID, tenant_id: uuid.UUID) -> Actor:
        """The actor read fresh in the caller's session (role changes and deactivation apply at once).

        The tab's sign-in must still be live: ended elsewhere (a reset, "end session", a password change), this
        tab is signed out at its next page or action.
        """
        sign_in = uuid.UUID(self._session_id) if self._session_id else None
        return users.actor_for(session, user_id=user_id, tenant_id=tenant_id, session_id=sign_in)

    def actor(self) -> Actor:
        """The signed-in actor, in a session of its own (``ServiceState.call`` reads it in the work's session)."""
        user_id, tenant_id = self._signed_in_ids()
        with session_scope(tenant_id=tenant_id) as session:
            return self._actor_in(session, user_id=user_id, tenant_id=tenant_id)

    async def start(self, pair: TokenPair, grant: str) -> rx.event.EventSpec:
        """Keep a fresh sign-in, load who it is; the page trades ``grant`` for its session cookie."""
        self.access_token = pair.access_token
        user, _ = self._load(pair.user_id, pair.tenant_id, pair.session_id)
        (await self.get_state(I18nState)).set_locale(user.locale)
        return rx.call_script(f"window.pocAuth.adopt({json.dumps(grant)})", callback=SessionState.adopted)

    def _load(self, user_id: uuid.UUID, tenant_id: uuid.UUID, session_id: uuid.UUID | None) -> tuple[User, Actor]:
        """Who is signed in, read fresh in one query: their names for the frame, their actor for the page."""
        self._user_id, self._tenant_id, self._session_id = str(user_id), str(tenant_id), str(session_id or "")
        with session_scope(tenant_id=tenant_id) as session:
            actor, user, tenant = users.signed_in_profile(
                session, user_id=user_id, tenant_id=tenant_id, session_id=session_id
            )
        self.user_name, self.user_email, self.tenant_name, self.role = user.name, user.email, tenant.name, actor.role
        self.email_verified = user.email_verified_at is not None
        return user, actor

    def sign_in_with(self, access_token: str) -> User:
        """Keep the access token a page just got for a new sign-in (an SSO grant redeemed); who it is."""
        claims = decode_access_token(access_token)
        self.access_token = access_token
        return self._load(claims.user_id, claims.tenant_id, claims.session_id)[0]

    def user_id_is(self, user_id: object) -> bool:
        """Whether this tab is signed in as ``user_id``."""
        return bool(self._user_id) and self._user_id == str(user_id)

    def _forget(self) -> None:
        self.access_token = ""
        self.user_name = self.user_email = self.tenant_name = self.role = ""
        self._user_id = self._tenant_id = self._session_id = ""

    def _signed_in_from_token(self) -> Actor | None:
        """Sign in again from the stored access token; None when it is no longer good."""
        try:
            claims = decode_access_token(self.access_token)
            return self._load(claims.user_id, claims.tenant_id, claims.session_id)[1]
        except DomainError:
            return None

    def _ready(self) -> rx.event.EventSpec:
        """Hand /pwa.js the token, or first have the cookie renew a token about to expire."""
        if _expires_soon(self.access_token):
            return rx.call_script(REFRESH, callback=SessionState.renewed)
        return offline_sync(self.access_token)

    @rx.event
    def adopted(self, token: str) -> None:
        """The page holds its session cookie now; keep the access token that came with it."""
        if isinstance(token, str) and token:
            self.access_token = token

    def _to_sign_in(self) -> rx.event.EventSpec:
        """The sign-in page, told to come back to the page that asked for it (a deep link opened signed out)."""
        url = self.router.url
        here = safe_next_path(url.path + (f"?{url.query}" if url.query else ""), default="")
        return rx.redirect(f"{LOGIN_ROUTE}?{urlencode({'next': here})}" if here not in ("", "/") else LOGIN_ROUTE)

    @rx.event
    async def open_page(self, route: str) -> list:
        """on_load of private pages: restore the sign-in; when there is one, run the page's loaders as that user.

        One Reflex event: as separate on_load handlers each loader was an event of its own (the tab's lock, its
        state read from Redis and written back) and read the signed-in actor again. A tab that is not signed in
        goes to sign in (or asks the cookie first) without running them.
        """
        actor, then = await self._restore()
        events = [then]
        if actor is None:
            return events
        with page_actor(actor):
            for loader in PAGE_LOADERS.get(route, ()):
                state = self if loader.state is SessionState else await self.get_state(loader.state)
                events += _events(await loader.fn(state))
        return events

    async def _restore(self) -> tuple[Actor | None, rx.event.EventSpec]:
        """The sign-in check: the actor, or None and where the tab goes (sign in, or the cookie renews it).

        The database is read in a worker thread (as ``ServiceState._call`` does): on the event loop each page
        opened would hold up every other tab of this process for the round trips.
        """
        if self._user_id:
            ids = uuid.UUID(self._user_id), uuid.UUID(self._tenant_id)
            sign_in = uuid.UUID(self._session_id) if self._session_id else None
            try:
                _, actor = await asyncio.to_thread(self._load, *ids, sign_in)
                return actor, self._ready()
            except DomainError:
                self._forget()
                return None, self._to_sign_in()
        if self.access_token and (actor := await asyncio.to_thread(self._signed_in_from_token)):
            return actor, self._ready()
        return None, rx.call_script(REFRESH, callback=SessionState.restored)

    @rx.event
    async def restored(self, token: str) -> list[rx.event.EventSpec] | rx.event.EventSpec:
        """The cookie gave a new access token: load the page again as this user; none: sign in."""
        self.access_token = token if isinstance(token, str) and token != OFFLINE else ""
        if self.access_token and await asyncio.to_thread(self._signed_in_from_token) is not None:
            return [offline_sync(self.access_token), OnLoadInternalState.on_load_internal]
        self._forget()
        return self._to_sign_in()

    @rx.event
    def renewed(self, token: str) -> rx.event.EventSpec | None:
        """A token renewed before it expired; a refusal means this sign-in ended elsewhere (sign out here too)."""
        if token == OFFLINE:
            return None  # try again on the next page or when back online
        if isinstance(token, str) and token:
            self.access_token = token
            return offline_sync(token)
        self._forget()
        return rx.redirect(LOGIN_ROUTE)

    @rx.event
    def sync_offline(self) -> rx.event.EventSpec | None:
        """Back online with an expired token in the browser: hand /pwa.js a fresh one."""
        if not self._user_id:
            return None
        return self._ready()

    @rx.event
    def redirect_if_signed_in(self) -> rx.event.EventSpec | None:
        """on_load of the sign-in and sign-up pages."""
        if (self._user_id or self.access_token) and self._signed_in_from_token():
            return rx.redirect(self.next_path())
        return None

    def next_path(self) -> str:
        """Where the sign-in page goes once signed in: its ``next`` parameter when that is a path of this site."""
        return safe_next_path(self.router.url.query_parameters.get("next", ""))

    @rx.event
    def sign_out(self) -> rx.event.EventSpec:
        """End this sign-in everywhere it is stored: the session cookie first, then this tab and its offline copies."""
        self._forget()
        return rx.call_script(SIGN_OUT, callback=SessionState.signed_out)

    @rx.event
    def signed_out(self, _answer: str = "") -> list[rx.event.EventSpec]:
        """The cookie is gone: clear the POCs saved for offline reading and show the sign-in page."""
        return [rx.call_script(CLEAR_OFFLINE), rx.redirect(LOGIN_ROUTE)]
