"""Account pages without a sign-in: forgot password, reset password, links that verify an e-mail."""

from __future__ import annotations

import time

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import N_
from poc_tracker.services import account_email, password_reset
from state.auth import limit_by_ip
from state.base import ServiceState
from state.session import SessionState


def _query(state: rx.State, name: str) -> str:
    """A query parameter of the page's URL (untrusted input)."""
    return str(state.router.url.query_parameters.get(name, "") or "")


class ForgotPasswordState(ServiceState, rx.State):
    """The forgot-password form: one answer for every address."""

    sent: str = ""
    error: str = ""
    loading: bool = False

    @rx.event
    async def request_link(self, form: dict[str, str]):  # noqa: ANN201
        """Mail a reset link if the address has an account; say the same thing either way."""
        self.error, self.sent, self.loading = "", "", True
        yield
        started, locale = time.monotonic(), await self._locale()

        def request(session: Session) -> None:
            limit_by_ip(self)
            password_reset.request_reset(session, email=form.get("email", ""), locale=locale)

        got = await self._call_as_system(request, reason="password reset request")
        password_reset.padded(started)
        self.error = got.error
        self.sent = await self._tr(password_reset.SENT_MESSAGE) if got.ok else ""
        self.loading = False


class ResetPasswordState(ServiceState, rx.State):
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
        if form.get("password", "") != form.get("confirm", ""):
            self.error, self.loading = await self._tr(N_("As senhas não coincidem.")), False
            return
        token = _query(self, "token")

        def reset(session: Session) -> None:
            limit_by_ip(self)
            password_reset.reset_password(session, token=token, password=form.get("password", ""))

        got = await self._call_as_system(reset, reason="password reset")
        self.done, self.error, self.loading = got.ok, got.error, False


class VerifyEmailState(ServiceState, rx.State):
    """The page a verification or e-mail change link opens: it spends the link once."""

    status: str = "loading"  # loading, verified, changed, failed
    error: str = ""
    email: str = ""

    @rx.event
    async def load(self) -> None:
        """Spend the token of the link; a signed-in tab drops its banner and shows the new address."""
        token = _query(self, "token")

        def confirm(session: Session) -> tuple[str, str, str]:
            limit_by_ip(self)
            user, purpose = account_email.confirm_link(session, token=token)
            return str(user.id), user.email, purpose

        got = await self._call_as_system(confirm, reason="e-mail link")
        if not got.ok:
            self.status, self.error = "failed", got.error
            return
        user_id, self.email, purpose = got.value
        self.status = "verified" if purpose == "verify_email" else "changed"
        signed = await self.get_state(SessionState)
        if signed.signed_in and signed.user_id_is(user_id):
            signed.email_verified, signed.user_email = True, self.email


class VerifyBannerState(ServiceState, rx.State):
    """The banner of a signed-in account whose e-mail is not verified yet."""

    @rx.event
    async def resend(self):  # noqa: ANN201
        """Mail the verification link again."""
        got = await self._call(lambda s, a: account_email.resend_verification(s, actor=a))
        if not got.ok:
            return got.toast()
        return rx.toast.success(await self._tr(N_("Enviamos um novo link. Confira sua caixa de entrada.")))
