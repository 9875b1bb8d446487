"""The second step of the sign-in page: a code, a recovery code or a passkey; enrolment when the tenant requires it."""

from __future__ import annotations

import json
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from poc_tracker.db import system_session
from poc_tracker.errors import DomainError, RateLimited
from poc_tracker.i18n import N_
from poc_tracker.ratelimit import get_limiter
from poc_tracker.services import browser_sessions, mfa_login
from poc_tracker.services.mfa_login import SignIn
from poc_tracker.services.sessions import TokenPair
from poc_tracker.settings import get_settings
from state.i18n import I18nState
from state.session import SessionState

NO_PASSKEY = N_("Nenhuma chave de acesso respondeu. Tente de novo ou use outro método.")


def webauthn_get(options: dict, callback: rx.event.EventHandler) -> rx.event.EventSpec:
    """Ask the browser for a passkey assertion; ``callback`` gets it as JSON ("" when none came)."""
    return rx.call_script(f"window.pocWebauthn.get({json.dumps(json.dumps(options))})", callback=callback)


class MfaStepState(rx.State):
    """What the sign-in page asks after the password; the step's token never leaves the server."""

    step: str = ""  # "", verify, enroll, codes
    methods: list[str] = []
    use_recovery: bool = False
    qr_svg: str = ""
    secret: str = ""
    codes: list[str] = []
    error: str = ""
    loading: bool = False
    _mfa_token: str = ""
    _passkey_token: str = ""  # a passwordless sign-in under way

    def open_step(self, outcome: SignIn) -> None:
        """The password was right and a second step is due (called by the sign-in form)."""
        self._mfa_token, self.methods, self.error, self.use_recovery = outcome.mfa_token, outcome.methods, "", False
        self.step = "enroll" if outcome.enrollment_required else "verify"
        if outcome.enrollment_required:
            with system_session(reason="sign-in") as session:
                enrolment = mfa_login.enroll_totp_start(session, mfa_token=self._mfa_token)
            self.qr_svg, self.secret = enrolment.qr_svg, enrolment.secret

    def _limit(self) -> None:
        ip = self.router.session.client_ip or "unknown"
        wait = get_limiter().take(f"ip:{ip}", get_settings().rate_limit_per_minute, 60.0)
        if wait > 0:
            raise RateLimited(wait)

    async def _sign_in(self, make: Callable[[Session], TokenPair]) -> rx.event.EventSpec:
        """Open the session ``make`` gives, in this browser (the cookie comes from the page)."""
        self._limit()
        with system_session(reason="sign-in") as session:
            pair = make(session)
            grant = browser_sessions.grant_for(session, pair)
        self.step, self.loading, self._mfa_token, self._passkey_token = "", False, "", ""  # next time: the password
        return await (await self.get_state(SessionState)).start(pair, grant)

    async def _fail(self, exc: DomainError) -> None:
        self.error, self.loading = exc.localized((await self.get_state(I18nState)).locale), False

    @rx.event
    async def verify(self, form: dict[str, str]):  # noqa: ANN201
        """Finish the sign-in with the code (or recovery code) typed."""
        self.error, self.loading = "", True
        yield
        name = "recovery_code" if self.use_recovery else "code"
        answer = {name: form.get(name, "")}
        try:
            adopt = await self._sign_in(lambda s: mfa_login.complete(s, mfa_token=self._mfa_token, **answer))
        except DomainError as exc:
            await self._fail(exc)
            return
        yield [adopt, rx.redirect((await self.get_state(SessionState)).next_path())]

    @rx.event
    def toggle_recovery(self) -> None:
        """Switch between the authenticator's code and a recovery code."""
        self.use_recovery, self.error = not self.use_recovery, ""

    @rx.event
    async def use_passkey(self):  # noqa: ANN201
        """Ask the browser for one of the user's passkeys as the second factor."""
        self.error, self._passkey_token = "", ""
        try:
            with system_session(reason="sign-in") as session:
                options = mfa_login.webauthn_options(session, mfa_token=self._mfa_token)
        except DomainError as exc:
            await self._fail(exc)
            return None
        return webauthn_get(options, MfaStepState.passkey_answer)

    @rx.event
    async def passkey_sign_in(self):  # noqa: ANN201
        """Sign in with a passkey alone: any passkey of this site the browser offers."""
        self.error = ""
        try:
            self._limit()
            with system_session(reason="sign-in") as session:
                options, self._passkey_token = mfa_login.passkey_options(session)
        except DomainError as exc:
            await self._fail(exc)
            return None
        return webauthn_get(options, MfaStepState.passkey_answer)

    @rx.event
    async def passkey_answer(self, answer: str):  # noqa: ANN201
        """The browser's passkey answer: finish the second step, or the passwordless sign-in."""
        i18n = await self.get_state(I18nState)
        if not isinstance(answer, str) or not answer:
            self.error = i18n.tr(NO_PASSKEY)
            return None
        try:
            credential, token = json.loads(answer), self._passkey_token
        except ValueError:
            self.error = i18n.tr(NO_PASSKEY)
            return None
        try:
            if token:
                adopt = await self._sign_in(lambda s: mfa_login.passkey_sign_in(s, token=token, credential=credential))
            else:
                adopt = await self._sign_in(
                    lambda s: mfa_login.complete(s, mfa_token=self._mfa_token, webauthn=credential)
                )
        except DomainError as exc:
            await self._fail(exc)
            return None
        return [adopt, rx.redirect((await self.get_state(SessionState)).next_path())]

    @rx.event
    async def confirm_enrolment(self, form: dict[str, str]):  # noqa: ANN201
        """Confirm the new authenticator: the session opens and the recovery codes show, this once."""
        self.error, self.loading = "", True
        yield
        codes: list[str] = []

        def make(session: Session) -> TokenPair:
            pair, new = mfa_login.enroll_totp_confirm(session, mfa_token=self._mfa_token, code=form.get("code", ""))
            codes.extend(new)
            return pair

        try:
            adopt = await self._sign_in(make)
        except DomainError as exc:
            await self._fail(exc)
            return
        self.codes, self.step, self.loading, self.qr_svg, self.secret = codes, "codes", False, "", ""  # shown once
        yield adopt

    @rx.var
    def codes_text(self) -> str:
        """The recovery codes, one a line, to copy."""
        return "\n".join(self.codes)

    @rx.event
    def download_codes(self) -> rx.event.EventSpec:
        """The recovery codes as a text file."""
        return rx.download(data=self.codes_text + "\n", filename="poc-tracker-recovery-codes.txt")

    @rx.event
    async def finish(self) -> rx.event.EventSpec:
        """The recovery codes are kept: go in."""
        self.step, self.codes = "", []
        return rx.redirect((await self.get_state(SessionState)).next_path())

    @rx.event
    def restart(self) -> None:
        """Back to the password."""
        self.step, self.error, self._mfa_token, self.qr_svg, self.secret = "", "", "", "", ""
