"""Sign-in and sign-up forms."""

from __future__ import annotations

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError, RateLimited
from poc_tracker.ratelimit import get_limiter
from poc_tracker.services import browser_sessions, sessions, tenants
from poc_tracker.settings import get_settings
from state.i18n import I18nState
from state.session import SessionState


def limit_by_ip(state: rx.State) -> None:
    """Draw from the caller's IP bucket, as the API's anonymous sign-in routes do."""
    ip = state.router.session.client_ip or "unknown"
    wait = get_limiter().take(f"ip:{ip}", get_settings().rate_limit_per_minute, 60.0)
    if wait > 0:
        raise RateLimited(wait)


class SignInState(rx.State):
    """The sign-in form."""

    error: str = ""
    loading: bool = False

    @rx.event
    async def sign_in(self, form: dict[str, str]):  # noqa: ANN201
        """Check the credentials and open the home page."""
        self.error, self.loading = "", True
        yield
        i18n = await self.get_state(I18nState)
        try:
            limit_by_ip(self)
            with session_scope(system=True) as session:
                pair = sessions.login(
                    session,
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                    client_ip=self.router.session.client_ip or None,
                )
                grant = browser_sessions.grant_for(session, pair)
            adopt = await (await self.get_state(SessionState)).start(pair, grant)
        except DomainError as exc:
            self.error, self.loading = exc.localized(i18n.locale), False
            if exc.code == "sso_required":  # an "only SSO" domain: straight on to its identity provider
                from state.sso import SsoState  # state.sso builds on this module

                yield SsoState.go({"email": form.get("email", "")})
            return
        self.loading = False
        yield adopt
        yield rx.redirect("/")


class SignUpState(rx.State):
    """The sign-up form: a new organisation and its owner."""

    error: str = ""
    field_errors: dict[str, str] = {}
    loading: bool = False

    @rx.event
    async def sign_up(self, form: dict[str, str]):  # noqa: ANN201
        """Create the organisation, sign the owner in and open the home page."""
        self.error, self.field_errors, self.loading = "", {}, True
        yield
        i18n = await self.get_state(I18nState)
        try:
            limit_by_ip(self)
            with session_scope(system=True) as session:
                _, owner = tenants.create_tenant(
                    session,
                    name=form.get("name", ""),
                    subdomain=form.get("subdomain", ""),
                    owner_name=form.get("owner_name", ""),
                    owner_email=form.get("owner_email", ""),
                    owner_password=form.get("owner_password", ""),
                    locale=i18n.locale,
                )
                pair = sessions.issue_tokens(session, owner)
                grant = browser_sessions.grant_for(session, pair)
            adopt = await (await self.get_state(SessionState)).start(pair, grant)
        except DomainError as exc:
            message = exc.localized(i18n.locale)
            field = str(exc.details.get("field", ""))
            self.field_errors = {_FORM_FIELDS.get(field, field): message} if field else {}
            self.error, self.loading = message, False
            return
        self.loading = False
        yield adopt
        yield rx.redirect("/")


_FORM_FIELDS = {
    "ownerName": "owner_name",
    "ownerEmail": "owner_email",
    "ownerPassword": "owner_password",
    "email": "owner_email",
    "password": "owner_password",
}
