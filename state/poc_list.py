"""The POC list: mine or the whole tenant's, filtered, paged."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx
from sqlmodel import Session

from poc_tracker.models import Poc
from poc_tracker.services import favorites, pocs
from poc_tracker.services.actor import Actor
from state.base import ServiceState
from state.rows import PocRow, poc_row

PAGE_SIZE = 20


class PocListState(ServiceState, rx.State):
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
    _scope_chosen: bool = False  # the user picked a tab: keep it

    @rx.event
    async def open_pocs(self) -> None:
        """Load the list; someone with no POC of their own starts on the team's (a newcomer sees the product)."""
        await self.load_pocs()
        unfiltered = not (self.language or self.status or self.tag or self.q)
        if not self._scope_chosen and self.scope == "mine" and self.total == 0 and unfiltered and not self.error:
            self.scope, self.page = "all", 1
            await self.load_pocs()

    @rx.var
    def has_more(self) -> bool:
        """Whether a next page exists."""
        return self.page * PAGE_SIZE < self.total

    @rx.event
    async def load_pocs(self) -> None:
        """Load the current page with the current filters (from the read cache while the tenant is unchanged)."""
        self.error = ""
        loc = await self._locale()
        asked = (loc, self.scope, self.language, self.status, self.tag, self.q, str(self.page))
        got = await self._cached_call("pocs", asked, self._page, lambda value, actor: _listed(value, actor, loc))
        if not got.ok:
            self.rows, self.total, self.error = [], 0, got.error
            return
        self.rows, self.total = [PocRow(**row) for row in got.value["rows"]], got.value["total"]

    def _page(self, session: Session, actor: Actor) -> tuple[list[Poc], int, dict]:
        """One page of my favourites, my POCs or the tenant's, with the owners' names."""
        if self.scope == "favorites":
            found, total = favorites.list_favorites(session, actor=actor, page=self.page, limit=PAGE_SIZE)
        else:
            filters = pocs.PocFilters(
                language=self.language or None,
                status=self.status or None,
                tag=self.tag or None,
                q=self.q or None,
                owner_id=actor.user_id if self.scope == "mine" else None,
            )
            found, total = pocs.list_pocs(session, actor=actor, filters=filters, page=self.page, limit=PAGE_SIZE)
        return found, total, pocs.owner_names(session, actor, found)

    @rx.event
    async def set_scope(self, scope: str | list[str]) -> None:
        """Switch between my POCs and all of the tenant's."""
        self.scope, self.page = (scope if isinstance(scope, str) else scope[0]), 1
        self._scope_chosen = True
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


def _listed(value: tuple[list[Poc], int, dict], actor: Actor, loc: str) -> dict[str, Any]:
    """A page of the list as plain data (the read cache keeps it): its rows, formatted, and the total."""
    found, total, names = value
    rows = [
        poc_row(p, owner_name=names.get(p.owner_id, ""), locale=loc, can_edit=pocs.can_edit(actor, p)) for p in found
    ]
    return {"rows": [dataclasses.asdict(row) for row in rows], "total": total}
