"""The profile page: name, language, password."""

from __future__ import annotations

import reflex as rx

from poc_tracker.i18n import N_, format_number, format_size
from poc_tracker.services import quotas, users
from state.base import ServiceState
from state.i18n import I18nState
from state.session import SessionState

PLAN_LABELS = {"basic": N_("Básico"), "team": N_("Equipe"), "enterprise": N_("Empresarial")}


def storage_share(used: int, limit: int) -> float:
    """Percent of the storage used (a number: Radix's Progress takes no string)."""
    return round(min(100.0, 100 * used / max(1, limit)), 2)


class ProfileState(ServiceState, rx.State):
    """Edits to one's own profile; the plan's usage for admins."""

    message: str = ""
    error: str = ""
    usage: dict[str, str] = {}
    storage_percent: int = 0  # the bar's value

    @rx.event
    async def load_usage(self) -> None:
        """The tenant's usage against its plan, when the user administers the tenant."""
        got = await self._call(lambda s, a: quotas.usage(s, actor=a) if a.can("users:read") else None)
        if not got.ok or got.value is None:
            self.usage = {}
            return
        u, loc = got.value, await self._locale()
        share = storage_share(u.storage_bytes, u.max_storage_bytes)
        self.storage_percent = round(share)
        self.usage = {
            "plan": await self._tr(PLAN_LABELS[u.plan]) if u.plan in PLAN_LABELS else u.plan.capitalize(),
            "share": await self._tr(N_("menos de 1%")) if 0 < share < 1 else f"{format_number(round(share), loc)}%",
            "pocs": f"{format_number(u.pocs, loc)} / {format_number(u.max_pocs, loc)}",
            "storage": f"{format_size(u.storage_bytes, loc)} / {format_size(u.max_storage_bytes, loc)}",
            "file": format_size(u.max_file_bytes, loc),
        }

    @rx.event
    async def save_profile(self, form: dict[str, str]) -> None:
        """Save name, language and (when given) a new password."""
        self.message = self.error = ""
        got = await self._call(
            lambda s, a: users.update_profile(
                s,
                actor=a,
                name=form.get("name"),
                locale=form.get("locale") or None,
                current_password=form.get("current_password") or None,
                new_password=form.get("new_password") or None,
            )
        )
        if not got.ok:
            self.error = got.error
            return
        (await self.get_state(I18nState)).locale = got.value.locale
        (await self.get_state(SessionState)).user_name = got.value.name
        self.message = await self._tr(N_("Perfil salvo."))

    @rx.event
    async def choose_locale(self, locale: str):  # noqa: ANN201
        """Switch the language now and remember it on the profile when signed in."""
        (await self.get_state(I18nState)).set_locale(locale)
        if not (await self.get_state(SessionState)).signed_in:
            return None
        chosen = await self._locale()
        got = await self._call(lambda s, a: users.update_profile(s, actor=a, locale=chosen))
        return None if got.ok else got.toast()
