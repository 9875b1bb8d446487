"""The factors section of the security page: authenticator app, recovery codes, passkeys; the tenant's policy."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import mfa, mfa_policy, passkeys, tenants
from poc_tracker.services.actor import Actor
from state.base import ServiceState


@dataclasses.dataclass
class PasskeyRow:
    """One passkey as the list shows it."""

    id: str = ""
    name: str = ""
    created: str = ""
    last_used: str = ""


class FactorsState(ServiceState, rx.State):
    """My second factors; secrets shown once live here only until the section is left."""

    totp: bool = False
    required: bool = False
    recovery_left: int = 0
    passkeys: list[PasskeyRow] = []
    qr_svg: str = ""
    secret: str = ""
    codes: list[str] = []
    error: str = ""
    _register_token: str = ""
    _passkey_name: str = ""

    async def _run(self, work: Callable[[Session, Actor], Any], done: str = "") -> Any:
        """Run ``work`` as the signed-in user, then read the factors again, in one session; errors shown inline."""
        locale = await self._locale()

        def work_then_refresh(session: Session, actor: Actor) -> Any:
            value = work(session, actor)
            session.flush()
            self._refresh(session, actor, locale)
            return value

        got = await self._call(work_then_refresh)
        self.error = got.error
        if not got.ok:
            return None
        return rx.toast.success(await self._tr(done)) if done else got.value

    def _refresh(self, session: Session, actor: Actor, locale: str) -> None:
        have = mfa.factors(session, mfa.user_of(session, actor))
        self.required = mfa_policy.mfa_required(tenants.access_tenant(session, actor))
        self.totp, self.recovery_left = have.totp, have.recovery_codes_left
        self.passkeys = [
            PasskeyRow(
                str(k.id),
                k.name,
                format_dt(k.created_at, locale),
                format_dt(k.last_used_at, locale) if k.last_used_at else "—",
            )
            for k in have.passkeys
        ]

    @rx.event
    async def load_factors(self) -> None:
        """on_load: what is enrolled; nothing secret is kept from an earlier visit."""
        self.qr_svg = self.secret = ""
        self.codes = []
        await self._run(lambda s, a: None)

    @rx.event
    async def start_totp(self) -> None:
        """Show a new QR code and key to add to an authenticator app."""
        got = await self._run(lambda s, a: mfa.start_totp(s, mfa.user_of(s, a)))
        if got is not None:
            self.qr_svg, self.secret = got.qr_svg, got.secret

    @rx.event
    async def confirm_totp(self, form: dict[str, str]):  # noqa: ANN201
        """Activate the authenticator with its first code."""
        code = form.get("code", "")
        codes = await self._run(lambda s, a: mfa.confirm_totp(s, mfa.user_of(s, a), code))
        if codes is None:
            return None
        self.qr_svg, self.secret, self.codes = "", "", codes
        return rx.toast.success(await self._tr(N_("Aplicativo autenticador ativado.")))

    @rx.event
    def cancel_totp(self) -> None:
        """Leave the enrolment (the pending secret is replaced next time)."""
        self.qr_svg = self.secret = self.error = ""

    @rx.event
    async def remove_totp(self, form: dict[str, str]):  # noqa: ANN201
        """Remove the authenticator with a fresh code from it."""
        code = form.get("code", "")
        return await self._run(
            lambda s, a: mfa.remove_totp(s, mfa.user_of(s, a), code, tenants.access_tenant(s, a)),
            N_("Aplicativo autenticador removido."),
        )

    @rx.event
    async def new_codes(self) -> None:
        """Ten new recovery codes, shown once; the old ones stop working."""
        codes = await self._run(lambda s, a: mfa.regenerate_recovery_codes(s, mfa.user_of(s, a)))
        if codes is not None:
            self.codes = codes

    @rx.event
    def hide_codes(self) -> None:
        """The codes are kept somewhere safe: stop showing them."""
        self.codes = []

    @rx.var
    def codes_text(self) -> str:
        """The recovery codes, one a line."""
        return "\n".join(self.codes)

    @rx.event
    def download_codes(self) -> rx.event.EventSpec:
        """The recovery codes as a text file."""
        return rx.download(data=self.codes_text + "\n", filename="poc-tracker-recovery-codes.txt")

    @rx.event
    async def add_passkey(self, form: dict[str, str]):  # noqa: ANN201
        """Ask the browser to create a passkey for this account."""
        self._register_token, name = "", form.get("name", "")
        got = await self._run(lambda s, a: passkeys.registration_options(s, mfa.user_of(s, a)))
        if got is None:
            return None
        options, self._register_token = got
        self._passkey_name = name
        script = f"window.pocWebauthn.create({json.dumps(json.dumps(options))})"
        return rx.call_script(script, callback=FactorsState.passkey_created)

    @rx.event
    async def passkey_created(self, answer: str):  # noqa: ANN201
        """Keep the passkey the browser created."""
        try:
            credential = json.loads(answer) if isinstance(answer, str) and answer else None
        except ValueError:
            credential = None
        if not isinstance(credential, dict):
            self.error = await self._tr(N_("Nenhuma chave de acesso foi criada. Tente de novo."))
            return None
        token, name = self._register_token, self._passkey_name
        got = await self._run(lambda s, a: passkeys.finish_registration(s, mfa.user_of(s, a), token, credential, name))
        if got is None:
            return None
        self.codes = got[1] or self.codes
        return rx.toast.success(await self._tr(N_("Chave de acesso adicionada.")))

    @rx.event
    async def remove_passkey(self, passkey_id: str):  # noqa: ANN201
        """Remove one of my passkeys."""
        try:
            key = uuid.UUID(passkey_id)
        except ValueError:
            return None
        return await self._run(
            lambda s, a: passkeys.remove(s, mfa.user_of(s, a), key, tenants.access_tenant(s, a)),
            N_("Chave de acesso removida."),
        )


class MfaPolicyState(ServiceState, rx.State):
    """The tenant's MFA policy on the team page (admins)."""

    required: bool = False
    accept_idp: bool = False
    error: str = ""

    @rx.event
    async def load_policy(self) -> None:
        """Read the policy."""
        got = await self._call(lambda s, a: tenants.access_tenant(s, a))
        if got.ok:  # not signed in (yet): the page is on its way to the sign-in
            self.required, self.accept_idp = mfa_policy.mfa_required(got.value), mfa_policy.accepts_idp_mfa(got.value)

    async def _save(self, **change: bool):  # noqa: ANN202
        got = await self._call(lambda s, a: mfa_policy.set_policy(s, actor=a, **change))
        if not got.ok:
            return got.toast()
        await self.load_policy()
        return rx.toast.success(await self._tr(N_("Política de MFA salva.")))

    @rx.event
    async def set_required(self, value: bool):  # noqa: ANN201
        """Turn "MFA obrigatório" on or off."""
        return await self._save(required=bool(value))

    @rx.event
    async def set_accept_idp(self, value: bool):  # noqa: ANN201
        """Say whether an identity provider's MFA counts."""
        return await self._save(accept_idp_mfa=bool(value))
