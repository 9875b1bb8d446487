"""Sign-in with SSO: the identifier step (an e-mail picks the organisation's provider) and the way back from it."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import reflex as rx

from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_
from poc_tracker.services import sso
from poc_tracker.services.mfa_login import SignIn
from state.auth import limit_by_ip
from state.base import ServiceState
from state.i18n import I18nState
from state.mfa_sign_in import MfaStepState
from state.session import OFFLINE, SessionState, offline_sync

# What the page reads of its address (the callback puts the grant or the error in the fragment, which no
# server or Referer sees) and then wipes from the address bar and the history.
READ_FRAGMENT = (
    "(() => { const h = window.location.hash.slice(1);"
    " if (h) history.replaceState(null, '', window.location.pathname); return h; })()"
)
ERRORS = {
    "oidc_bad_state": N_("Este login expirou ou já foi usado. Comece de novo."),
    "oidc_bad_id_token": N_("O provedor de identidade enviou uma resposta inválida. Comece de novo."),
    "oidc_code_refused": N_("O provedor de identidade recusou o login. Comece de novo."),
    "oidc_provider_error": N_("O login foi cancelado ou recusado no provedor de identidade."),
    "oidc_wrong_domain": N_("Este e-mail não pertence à organização deste provedor."),
    "oidc_email_unverified": N_("Seu provedor de identidade não confirmou seu e-mail; não é possível entrar."),
    "oidc_no_account": N_("Você ainda não tem conta nesta organização. Peça um convite a quem administra a equipe."),
    "account_inactive": N_("Esta conta foi desativada."),
}
GENERIC_ERROR = N_("Não foi possível entrar com o login único. Tente de novo.")


class SsoState(ServiceState, rx.State):
    """The SSO page: where an e-mail goes, and finishing the sign-in the provider sent back."""

    error: str = ""
    notice: str = ""
    loading: bool = False
    finishing: bool = False

    @rx.event
    async def go(self, form: dict[str, str]):  # noqa: ANN201
        """Send the browser, in this window (the installed app too), to the organisation's provider."""
        self.error, self.notice, self.loading = "", "", True
        yield
        try:
            limit_by_ip(self)
        except DomainError as exc:
            self.error, self.loading = exc.localized(await self._locale()), False
            return
        out = await self._call_as_system(lambda s: sso.start(s, email=str(form.get("email", ""))), reason="sso start")
        self.error, self.loading = out.error, bool(out.value)
        if out.ok and out.value is None:
            self.notice = await self._tr(N_("Este e-mail não usa login único. Entre com sua senha."))
        if out.value:
            yield rx.call_script(f"window.location.assign({json.dumps(out.value)})")

    @rx.event
    def arrive(self) -> rx.event.EventSpec:
        """on_load: read what the provider's way back left in the address."""
        self.error, self.notice, self.loading, self.finishing = "", "", False, False
        return rx.call_script(READ_FRAGMENT, callback=SsoState.arrived)

    @rx.event
    async def arrived(self, fragment: str) -> rx.event.EventSpec | None:
        """A grant: trade it for the session cookie; an error: say it; nothing: an ordinary visit."""
        found = {k: v[0] for k, v in parse_qs(fragment if isinstance(fragment, str) else "").items()}
        i18n = await self.get_state(I18nState)
        if "grant" in found:
            self.finishing = True
            return rx.call_script(f"window.pocAuth.adopt({json.dumps(found['grant'])})", callback=SsoState.adopted)
        if "mfaToken" in found:
            return await self._second_factor(found)
        if "error" in found:
            self.error = i18n.tr(ERRORS.get(found["error"], GENERIC_ERROR))
            return None
        return SessionState.redirect_if_signed_in

    async def _second_factor(self, found: dict[str, str]) -> rx.event.EventSpec | None:
        """The provider signed the person in and the tenant wants a second factor: the sign-in page asks for it."""
        outcome = SignIn(
            mfa_token=found["mfaToken"],
            enrollment_required=found.get("enroll") == "1",
            methods=[m for m in found.get("methods", "").split(",") if m],
        )
        try:
            (await self.get_state(MfaStepState)).open_step(outcome)
        except DomainError as exc:
            self.error = exc.localized(await self._locale())
            return None
        return rx.redirect("/login")

    @rx.event
    async def adopted(self, token: str) -> list[rx.event.EventSpec] | None:
        """The page holds its session cookie: sign this tab in and go home."""
        i18n = await self.get_state(I18nState)
        if not isinstance(token, str) or not token or token == OFFLINE:
            self.finishing, self.error = False, i18n.tr(GENERIC_ERROR)
            return None
        try:
            user = (await self.get_state(SessionState)).sign_in_with(token)
        except DomainError as exc:
            self.finishing, self.error = False, exc.localized(i18n.locale)
            return None
        i18n.set_locale(user.locale)
        return [offline_sync(token), rx.redirect("/")]
