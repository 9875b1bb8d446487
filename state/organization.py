"""The organisation page (owners; admins read): scheduling or cancelling its deletion; the closing banner."""

from __future__ import annotations

import reflex as rx

from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import tenant_deletion
from state.base import ServiceState


class ClosingBannerState(ServiceState, rx.State):
    """Whether the signed-in user's organisation awaits deletion, for the banner on every page."""

    due: str = ""  # when it will be erased, formatted; empty when no deletion is scheduled

    @rx.event
    async def check(self) -> None:
        """Read the organisation's deletion state (silently empty for those who may not read it)."""
        got = await self._call(lambda s, a: tenant_deletion.deletion_status(s, actor=a))
        self.due = format_dt(got.value.due_at, await self._locale()) if got.ok and got.value.due_at else ""


class OrganizationState(ServiceState, rx.State):
    """The organisation's deletion: its state, the typed confirmation, request and cancel."""

    subdomain: str = ""
    name: str = ""
    pending: bool = False
    due: str = ""
    requested_by: str = ""
    can_delete: bool = False
    can_export: bool = False
    allowed: bool = False
    loaded: bool = False
    confirmation: str = ""
    error: str = ""

    @rx.event
    async def load_organization(self) -> None:
        """Open the page: the organisation and its deletion state (admins and owners)."""
        got = await self._call(
            lambda s, a: (tenant_deletion.deletion_status(s, actor=a), a.can("tenant:delete"), a.can("tenant:export"))
        )
        self.allowed, self.loaded, self.error, self.confirmation = got.ok, True, got.error, ""
        if got.ok:
            status, self.can_delete, self.can_export = got.value
            locale = await self._locale()
            self.subdomain, self.name, self.pending = status.subdomain, status.name, status.pending
            self.due = format_dt(status.due_at, locale) if status.due_at else ""
            self.requested_by = status.requested_by
            banner = await self.get_state(ClosingBannerState)
            banner.due = self.due

    @rx.event
    def set_confirmation(self, value: str) -> None:
        """What the owner typed to confirm."""
        self.confirmation, self.error = value, ""

    @rx.event
    async def request_deletion(self):  # noqa: ANN201
        """Schedule the deletion (the typed subdomain must match)."""
        typed = self.confirmation
        got = await self._call(lambda s, a: tenant_deletion.request_deletion(s, actor=a, confirmation=typed))
        if not got.ok:
            self.error = got.error
            return None
        await self.load_organization()
        return rx.toast.success(await self._tr(N_("Exclusão agendada. Você pode cancelar até a data indicada.")))

    @rx.event
    async def cancel_deletion(self):  # noqa: ANN201
        """Call the deletion off: everything stays as it was."""
        got = await self._call(lambda s, a: tenant_deletion.cancel_deletion(s, actor=a))
        if not got.ok:
            return got.toast()
        await self.load_organization()
        return rx.toast.success(await self._tr(N_("Exclusão cancelada. A organização voltou ao normal.")))
