"""Account pages without a sign-in: forgot password, reset password, links that verify an e-mail."""

from __future__ import annotations

import time

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_
from poc_tracker.services import account_email, password_reset
from state.auth import limit_by_ip
from state.i18n import I18nState
from state.session import SessionState


def _query(state: rx.State, name: str) -> str:
    """A query parameter of the page's URL (untrusted input)."""
    return str(state.router.url.query_parameters.get(name, "") or "")


class ForgotPasswordState(rx.State):
    """The forgot-password form: one answer for every address."""

    sent: str = ""
    error: str = ""
    loading: bool = False

    @rx.event
    async def request_link(self, form: dict[str, str]):  # noqa: ANN201
        """Mail a reset link if the address has an account; say the same thing either way."""
        self.error, self.sent, self.loading = "", "", True
        yield
        i18n = await self.get_state(I18nState)
        started = time.monotonic()
        try:
            limit_by_ip(self)
            with session_scope(system=True) as session:
                password_reset.request_reset(session, email=form.get("email", ""), locale=i18n.locale)
            password_reset.padded(started)
            self.sent = i18n.tr(password_reset.SENT_MESSAGE)
        except DomainError as exc:
            self.error = exc.localized(i18n.locale)
        self.loading = False


class ResetPasswordState(rx.State):
    """The page a reset link opens: a new password, then sign in again."""

    done: bool = False
    error: str = ""
    loading: bool = False

    @rx.event
    def load(self) -> None:
        """A fresh form for each link."""
        self.done, self.error, self.loading = False, "", False

    @rx.event
    async def save_password(self, form: dict[str, str]):  # noqa: ANN201
        """Spend the link's token for a new password (every sign-in of the account ends)."""
        self.error, self.loading = "", True
        yield
        i18n = await self.get_state(I18nState)
        try:
            if form.get("password", "") != form.get("confirm", ""):
                self.error = i18n.tr(N_("As senhas não coincidem."))
            else:
                limit_by_ip(self)
                with session_scope(system=True) as session:
                    password_reset.reset_password(session, token=_query(self, "token"), password=form["password"])
                self.done = True
        except DomainError as exc:
            self.error = exc.localized(i18n.locale)
        self.loading = False


class VerifyEmailState(rx.State):
    """The page a verification or e-mail change link opens: it spends the link once."""

    status: str = "loading"  # loading, verified, changed, failed
    error: str = ""
    email: str = ""

    @rx.event
    async def load(self) -> None:
        """Spend the token of the link; a signed-in tab drops its banner and shows the new address."""
        i18n = await self.get_state(I18nState)
        try:
            limit_by_ip(self)
            with session_scope(system=True) as session:
                user, purpose = account_email.confirm_link(session, token=_query(self, "token"))
        except DomainError as exc:
            self.status, self.error = "failed", exc.localized(i18n.locale)
            return
        self.status, self.email = ("verified" if purpose == "verify_email" else "changed"), user.email
        signed = await self.get_state(SessionState)
        if signed.signed_in and signed.user_id_is(user.id):
            signed.email_verified, signed.user_email = True, user.email


class VerifyBannerState(rx.State):
    """The banner of a signed-in account whose e-mail is not verified yet."""

    @rx.event
    async def resend(self):  # noqa: ANN201
        """Mail the verification link again."""
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                account_email.resend_verification(session, actor=actor)
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        return rx.toast.success(i18n.tr(N_("Enviamos um novo link. Confira sua caixa de entrada.")))
