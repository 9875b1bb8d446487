"""The security page of the profile: password, e-mail and active sign-ins (devices)."""

from __future__ import annotations

import dataclasses
import re

import reflex as rx

from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import account_email, devices, users
from state.base import ServiceState, as_id

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


class SecurityState(ServiceState, rx.State):
    """Password, e-mail and devices of the signed-in user (the actor carries this tab's sign-in)."""

    devices: list[DeviceRow] = []
    password_message: str = ""
    password_error: str = ""
    email_message: str = ""
    email_error: str = ""
    devices_error: str = ""

    @rx.event
    async def load(self) -> None:
        """The page's data: my active sign-ins."""
        self.password_message = self.password_error = self.email_message = self.email_error = ""
        await self._load_devices()

    async def _load_devices(self) -> None:
        loc = await self._locale()
        got = await self._call(lambda s, a: devices.list_devices(s, actor=a))
        self.devices_error = got.error
        rows = got.value if got.ok else []
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
        self.password_message = self.password_error = ""
        got = await self._call(
            lambda s, a: users.update_profile(
                s,
                actor=a,
                current_password=form.get("current_password", ""),
                new_password=form.get("new_password", ""),
            )
        )
        if not got.ok:
            self.password_error = got.error
            return
        self.password_message = await self._tr(N_("Senha alterada. As outras sessões foram encerradas."))
        await self._load_devices()

    @rx.event
    async def change_email(self, form: dict[str, str]) -> None:
        """Mail a confirmation link to the new address."""
        self.email_message = self.email_error = ""
        new_email, password = form.get("new_email", ""), form.get("password", "")
        got = await self._call(
            lambda s, a: account_email.request_email_change(s, actor=a, new_email=new_email, password=password)
        )
        if not got.ok:
            self.email_error = got.error
            return
        self.email_message = await self._tr(
            N_("Enviamos um link de confirmação para o novo e-mail. Até lá, o e-mail atual continua valendo.")
        )

    @rx.event
    async def end_device(self, session_id: str):  # noqa: ANN201
        """End one of my other sign-ins."""
        got = await self._call(lambda s, a: devices.end_device(s, actor=a, session_id=as_id(session_id)))
        if not got.ok:
            return got.toast()
        await self._load_devices()
        return rx.toast.success(await self._tr(N_("Sessão encerrada.")))

    @rx.event
    async def end_others(self):  # noqa: ANN201
        """End every sign-in but this one."""
        got = await self._call(lambda s, a: devices.end_other_devices(s, actor=a))
        if not got.ok:
            return got.toast()
        await self._load_devices()
        return rx.toast.success(await self._tr(N_("As outras sessões foram encerradas.")))
