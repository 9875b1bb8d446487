"""The security page of the profile: password, e-mail and active sign-ins (devices)."""

from __future__ import annotations

import dataclasses
import re
import uuid

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError, Unauthorized
from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import account_email, devices, users
from poc_tracker.services.actor import Actor
from state.i18n import I18nState
from state.session import SessionState

OS_NAMES = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"))
OS_NAMES += (("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"))
BROWSERS += (("Chromium/", "Chromium"), ("Safari/", "Safari"))


def device_label(user_agent: str) -> str:
    """A short name of the device (Chrome · Linux) from a User-Agent header; empty when none is recognised."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in OS_NAMES if mark in user_agent), "")
    if not browser and re.match(r"^[\w.-]+/[\d.]+", user_agent):
        browser = user_agent.split("/")[0]  # an API client: python-httpx, curl…
    return " · ".join(p for p in (browser, system) if p)


@dataclasses.dataclass
class DeviceRow:
    """A sign-in as the page shows it."""

    session_id: str = ""
    label: str = ""
    started: str = ""
    last_used: str = ""
    current: bool = False


class SecurityState(rx.State):
    """Password, e-mail and devices of the signed-in user."""

    devices: list[DeviceRow] = []
    password_message: str = ""
    password_error: str = ""
    email_message: str = ""
    email_error: str = ""
    devices_error: str = ""

    async def _actor(self) -> Actor:
        """The actor with this tab's sign-in, so "the others" and a password change spare this one."""
        signed = await self.get_state(SessionState)
        if not signed._user_id or not signed._session_id:
            raise Unauthorized()
        user_id, tenant_id = uuid.UUID(signed._user_id), uuid.UUID(signed._tenant_id)
        with session_scope(tenant_id=tenant_id) as session:
            return users.actor_for(
                session, user_id=user_id, tenant_id=tenant_id, session_id=uuid.UUID(signed._session_id)
            )

    @rx.event
    async def load(self) -> None:
        """The page's data: my active sign-ins."""
        self.password_message = self.password_error = self.email_message = self.email_error = ""
        await self._load_devices()

    async def _load_devices(self) -> None:
        loc = (await self.get_state(I18nState)).locale
        try:
            actor = await self._actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                rows = devices.list_devices(session, actor=actor)
        except DomainError as exc:
            self.devices_error = exc.localized(loc)
            return
        self.devices_error = ""
        self.devices = [
            DeviceRow(
                str(d.session_id),
                device_label(d.user_agent),
                format_dt(d.started_at, loc),
                format_dt(d.last_used_at, loc),
                d.current,
            )
            for d in rows
        ]

    @rx.event
    async def change_password(self, form: dict[str, str]) -> None:
        """A new password; every other sign-in ends, this one stays."""
        i18n = await self.get_state(I18nState)
        self.password_message = self.password_error = ""
        try:
            actor = await self._actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                users.update_profile(
                    session,
                    actor=actor,
                    current_password=form.get("current_password", ""),
                    new_password=form.get("new_password", ""),
                )
        except DomainError as exc:
            self.password_error = exc.localized(i18n.locale)
            return
        self.password_message = i18n.tr(N_("Senha alterada. As outras sessões foram encerradas."))
        await self._load_devices()

    @rx.event
    async def change_email(self, form: dict[str, str]) -> None:
        """Mail a confirmation link to the new address."""
        i18n = await self.get_state(I18nState)
        self.email_message = self.email_error = ""
        try:
            actor = await self._actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                account_email.request_email_change(
                    session, actor=actor, new_email=form.get("new_email", ""), password=form.get("password", "")
                )
        except DomainError as exc:
            self.email_error = exc.localized(i18n.locale)
            return
        self.email_message = i18n.tr(
            N_("Enviamos um link de confirmação para o novo e-mail. Até lá, o e-mail atual continua valendo.")
        )

    @rx.event
    async def end_device(self, session_id: str):  # noqa: ANN201
        """End one of my other sign-ins."""
        i18n = await self.get_state(I18nState)
        try:
            actor = await self._actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                devices.end_device(session, actor=actor, session_id=uuid.UUID(session_id))
        except (DomainError, ValueError) as exc:
            message = (
                exc.localized(i18n.locale) if isinstance(exc, DomainError) else i18n.tr(N_("Sessão não encontrada."))
            )
            return rx.toast.error(message)
        await self._load_devices()
        return rx.toast.success(i18n.tr(N_("Sessão encerrada.")))

    @rx.event
    async def end_others(self):  # noqa: ANN201
        """End every sign-in but this one."""
        i18n = await self.get_state(I18nState)
        try:
            actor = await self._actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                devices.end_other_devices(session, actor=actor)
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        await self._load_devices()
        return rx.toast.success(i18n.tr(N_("As outras sessões foram encerradas.")))
