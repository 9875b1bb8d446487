"""The POC list: mine or the whole tenant's, filtered, paged."""

from __future__ import annotations

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.services import favorites, pocs
from state.i18n import I18nState
from state.rows import PocRow, poc_row
from state.session import SessionState

PAGE_SIZE = 20


class PocListState(rx.State):
    """Rows and filters of the POC list page."""

    rows: list[PocRow] = []
    total: int = 0
    page: int = 1
    scope: str = "mine"
    language: str = ""
    status: str = ""
    tag: str = ""
    q: str = ""
    error: str = ""
    loading: bool = False

    @rx.var
    def has_more(self) -> bool:
        """Whether a next page exists."""
        return self.page * PAGE_SIZE < self.total

    @rx.event
    async def load_pocs(self) -> None:
        """Load the current page with the current filters."""
        session_state = await self.get_state(SessionState)
        i18n = await self.get_state(I18nState)
        self.error = ""
        try:
            actor = session_state.actor()
            filters = pocs.PocFilters(
                language=self.language or None,
                status=self.status or None,
                tag=self.tag or None,
                q=self.q or None,
                owner_id=actor.user_id if self.scope == "mine" else None,
            )
            with session_scope(tenant_id=actor.tenant_id) as session:
                if self.scope == "favorites":
                    found, self.total = favorites.list_favorites(session, actor=actor, page=self.page, limit=PAGE_SIZE)
                else:
                    found, self.total = pocs.list_pocs(
                        session, actor=actor, filters=filters, page=self.page, limit=PAGE_SIZE
                    )
                names = pocs.owner_names(session, actor, found)
            self.rows = [
                poc_row(p, owner_name=names.get(p.owner_id, ""), locale=i18n.locale, can_edit=pocs.can_edit(actor, p))
                for p in found
            ]
        except DomainError as exc:
            self.rows, self.total, self.error = [], 0, exc.localized(i18n.locale)

    @rx.event
    async def set_scope(self, scope: str | list[str]) -> None:
        """Switch between my POCs and all of the tenant's."""
        self.scope, self.page = (scope if isinstance(scope, str) else scope[0]), 1
        await self.load_pocs()

    @rx.event
    async def apply_filters(self, form: dict[str, str]) -> None:
        """Filter by the form's language, status, tag and text."""
        self.language, self.status = form.get("language", ""), form.get("status", "")
        self.tag, self.q, self.page = form.get("tag", "").strip(), form.get("q", "").strip(), 1
        await self.load_pocs()

    @rx.event
    async def clear_filters(self) -> None:
        """Show everything again."""
        self.language = self.status = self.tag = self.q = ""
        self.page = 1
        await self.load_pocs()

    @rx.event
    async def next_page(self) -> None:
        """The next page."""
        if self.has_more:
            self.page += 1
            await self.load_pocs()

    @rx.event
    async def previous_page(self) -> None:
        """The previous page."""
        if self.page > 1:
            self.page -= 1
            await self.load_pocs()
