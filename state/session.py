"""Who is signed in: tokens in the browser, ids in backend-only vars."""

from __future__ import annotations

import json
import time
import uuid

import jwt
import reflex as rx

from poc_tracker.auth.tokens import decode_access_token
from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError, Unauthorized
from poc_tracker.models import User
from poc_tracker.services import sessions, users
from poc_tracker.services.actor import Actor
from poc_tracker.services.sessions import TokenPair
from state.i18n import I18nState

LOGIN_ROUTE = "/login"
TOKEN_MARGIN_S = 120  # hand the browser's offline cache a token that lasts at least this long
CLEAR_OFFLINE = "window.pocPwa && window.pocPwa.clear()"


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
    """The signed-in user of this browser tab, restored from stored tokens."""

    access_token: str = rx.LocalStorage("", name="poc_tracker_access", sync=True)
    refresh_token: str = rx.LocalStorage("", name="poc_tracker_refresh", sync=True)
    user_name: str = ""
    user_email: str = ""
    tenant_name: str = ""
    role: str = ""
    _user_id: str = ""
    _tenant_id: str = ""

    @rx.var
    def signed_in(self) -> bool:
        """Whether someone is signed in."""
        return bool(self.user_email)

    @rx.var
    def initials(self) -> str:
        """Up to two initials of the user's name, for the avatar."""
        return "".join(p[0] for p in self.user_name.split()[:2]).upper()

    def actor(self) -> Actor:
        """The signed-in actor, read fresh (role changes and deactivation apply at once)."""
        if not self._user_id:
            raise Unauthorized()
        with session_scope(tenant_id=uuid.UUID(self._tenant_id)) as session:
            return users.actor_for(session, user_id=uuid.UUID(self._user_id),
                                   tenant_id=uuid.UUID(self._tenant_id))

    def _store(self, pair: TokenPair) -> None:
        self.access_token, self.refresh_token = pair.access_token, pair.refresh_token

    async def start(self, pair: TokenPair) -> None:
        """Keep a fresh sign-in and load who it is."""
        self._store(pair)
        user = self._load(pair.user_id, pair.tenant_id)
        (await self.get_state(I18nState)).set_locale(user.locale)

    def _load(self, user_id: uuid.UUID, tenant_id: uuid.UUID) -> User:
        self._user_id, self._tenant_id = str(user_id), str(tenant_id)
        actor = self.actor()
        with session_scope(tenant_id=tenant_id) as session:
            user, tenant = users.get_profile(session, actor=actor)
        self.user_name, self.user_email, self.tenant_name, self.role = user.name, user.email, tenant.name, actor.role
        return user

    def _restore(self) -> bool:
        """Sign in again from stored tokens; False when they are no longer good."""
        try:
            claims = decode_access_token(self.access_token)
            self._load(claims.user_id, claims.tenant_id)
            return True
        except DomainError:
            pass
        if not self.refresh_token:
            return False
        try:
            with session_scope(system=True) as session:
                pair = sessions.refresh(session, refresh_token=self.refresh_token)
            self._store(pair)
            self._load(pair.user_id, pair.tenant_id)
            return True
        except DomainError:
            return False

    def _forget(self) -> None:
        self.access_token = self.refresh_token = ""
        self.user_name = self.user_email = self.tenant_name = self.role = ""
        self._user_id = self._tenant_id = ""

    def _fresh_access_token(self) -> str:
        """The access token, rotated first when it is about to expire (the offline cache calls the API with it)."""
        if self.refresh_token and _expires_soon(self.access_token):
            try:
                with session_scope(system=True) as session:
                    self._store(sessions.refresh(session, refresh_token=self.refresh_token))
            except DomainError:
                pass  # the UI itself needs no token; the next sign-in fixes the offline cache
        return self.access_token

    @rx.event
    def require_user(self) -> rx.event.EventSpec:
        """on_load of private pages: restore the sign-in or go to the sign-in page."""
        if self._user_id:
            try:
                self._load(uuid.UUID(self._user_id), uuid.UUID(self._tenant_id))
                return offline_sync(self._fresh_access_token())
            except DomainError:
                self._forget()
        if (self.access_token or self.refresh_token) and self._restore():
            return offline_sync(self._fresh_access_token())
        self._forget()
        return rx.redirect(LOGIN_ROUTE)

    @rx.event
    def sync_offline(self) -> rx.event.EventSpec | None:
        """Back online with an expired token in the browser: hand /pwa.js a fresh one."""
        if not self._user_id:
            return None
        return offline_sync(self._fresh_access_token())

    @rx.event
    def redirect_if_signed_in(self) -> rx.event.EventSpec | None:
        """on_load of the sign-in and sign-up pages."""
        if (self._user_id or self.access_token or self.refresh_token) and self._restore():
            return rx.redirect("/")
        return None

    @rx.event
    def sign_out(self) -> list[rx.event.EventSpec]:
        """End this sign-in everywhere it is stored, the POCs saved for offline reading included."""
        if self._user_id:
            with session_scope(tenant_id=uuid.UUID(self._tenant_id)) as session:
                sessions.logout(session, user_id=uuid.UUID(self._user_id), refresh_token=self.refresh_token or None)
        self._forget()
        return [rx.call_script(CLEAR_OFFLINE), rx.redirect(LOGIN_ROUTE)]
