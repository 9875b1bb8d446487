"""The profile page: name and language."""

from __future__ import annotations

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, format_number, format_size
from poc_tracker.services import quotas, users
from state.i18n import I18nState
from state.session import SessionState


class ProfileState(rx.State):
    """Edits to one's own profile; the plan's usage for admins."""

    message: str = ""
    error: str = ""
    usage: dict[str, str] = {}

    @rx.event
    async def load_usage(self) -> None:
        """The tenant's usage against its plan, when the user administers the tenant."""
        loc = (await self.get_state(I18nState)).locale
        actor = (await self.get_state(SessionState)).actor()
        if not actor.can("users:read"):
            self.usage = {}
            return
        with session_scope(tenant_id=actor.tenant_id) as session:
            u = quotas.usage(session, actor=actor)
        self.usage = {
            "plan": u.plan,
            "pocs": f"{format_number(u.pocs, loc)} / {format_number(u.max_pocs, loc)}",
            "storage": f"{format_size(u.storage_bytes, loc)} / {format_size(u.max_storage_bytes, loc)}",
            "file": format_size(u.max_file_bytes, loc),
            "percent": str(min(100, round(100 * u.storage_bytes / max(1, u.max_storage_bytes)))),
        }

    @rx.event
    async def save_profile(self, form: dict[str, str]) -> None:
        """Save name and language (the password is changed on the security page)."""
        session_state = await self.get_state(SessionState)
        i18n = await self.get_state(I18nState)
        self.message = self.error = ""
        try:
            actor = session_state.actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                user = users.update_profile(
                    session,
                    actor=actor,
                    name=form.get("name"),
                    locale=form.get("locale") or None,
                )
            i18n.locale = user.locale
            session_state.user_name = user.name
            self.message = i18n.tr(N_("Perfil salvo."))
        except DomainError as exc:
            self.error = exc.localized(i18n.locale)

    @rx.event
    async def choose_locale(self, locale: str) -> None:
        """Switch the language now and remember it on the profile when signed in."""
        i18n = await self.get_state(I18nState)
        i18n.set_locale(locale)
        session_state = await self.get_state(SessionState)
        if session_state.signed_in:
            actor = session_state.actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                users.update_profile(session, actor=actor, locale=i18n.locale)
