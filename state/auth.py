"""Sign-in and sign-up forms."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from poc_tracker.errors import RateLimited
from poc_tracker.ratelimit import get_limiter
from poc_tracker.services import browser_sessions, mfa_login, sessions, tenants
from poc_tracker.services.privacy import consents
from poc_tracker.services.sessions import TokenPair
from poc_tracker.settings import get_settings
from state.base import ServiceState
from state.mfa_sign_in import MfaStepState
from state.session import SessionState


def limit_by_ip(state: rx.State) -> None:
    """Draw from the caller's IP bucket, as the API's anonymous sign-in routes do."""
    ip = state.router.session.client_ip or "unknown"
    wait = get_limiter().take(f"ip:{ip}", get_settings().rate_limit_per_minute, 60.0)
    if wait > 0:
        raise RateLimited(wait)


class SignInState(ServiceState, rx.State):
    """The sign-in form."""

    error: str = ""
    loading: bool = False

    @rx.event
    async def sign_in(self, form: dict[str, str]):  # noqa: ANN201
        """Check the credentials and open the home page."""
        self.error, self.loading = "", True
        yield
        ip = self.router.session.client_ip or None

        def login(session: Session) -> tuple[mfa_login.SignIn, str]:
            limit_by_ip(self)
            email, password = form.get("email", ""), form.get("password", "")
            outcome = mfa_login.begin(session, email=email, password=password, client_ip=ip)
            return outcome, browser_sessions.grant_for(session, outcome.pair) if outcome.pair else ""

        got = await self._call_as_system(login, reason="sign-in")
        self.error, self.loading = got.error, False
        if not got.ok:
            return
        outcome, grant = got.value
        if outcome.pair is None:  # a second factor is due: the page asks for it
            (await self.get_state(MfaStepState)).open_step(outcome)
            return
        yield await (await self.get_state(SessionState)).start(outcome.pair, grant)
        yield rx.redirect("/")


class SignUpState(ServiceState, rx.State):
    """The sign-up form: a new organisation and its owner."""

    error: str = ""
    field_errors: dict[str, str] = {}
    loading: bool = False

    @rx.event
    async def sign_up(self, form: dict[str, str]):  # noqa: ANN201
        """Create the organisation, sign the owner in and open the home page."""
        self.error, self.field_errors, self.loading = "", {}, True
        yield
        locale = await self._locale()

        agent = self.router.headers.user_agent
        ip = self.router.session.client_ip

        def create(session: Session) -> tuple[TokenPair, str]:
            limit_by_ip(self)
            consents.require_acceptance(bool(form.get("accept_privacy_notice")))
            _, owner = tenants.create_tenant(
                session,
                name=form.get("name", ""),
                subdomain=form.get("subdomain", ""),
                owner_name=form.get("owner_name", ""),
                owner_email=form.get("owner_email", ""),
                owner_password=form.get("owner_password", ""),
                locale=locale,
            )
            consents.accept_notice(
                session, tenant_id=owner.tenant_id, user_id=owner.id, channel="web", ip=ip, user_agent=agent
            )
            pair = sessions.issue_tokens(session, owner)
            return pair, browser_sessions.grant_for(session, pair)

        got = await self._call_as_system(create, reason="sign-up")
        self.error, self.field_errors, self.loading = got.error, got.field_errors(_FORM_FIELDS), False
        if got.ok:
            yield await (await self.get_state(SessionState)).start(*got.value)
            yield rx.redirect("/")


# The services name API fields; the form's inputs are named after them (a field not listed keeps its name).
_FORM_FIELDS = {
    "name": "name",
    "subdomain": "subdomain",
    "ownerName": "owner_name",
    "ownerEmail": "owner_email",
    "ownerPassword": "owner_password",
    "email": "owner_email",
    "password": "owner_password",
    "accept_privacy_notice": "accept_privacy_notice",
}
