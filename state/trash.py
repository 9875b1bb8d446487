"""The bin (/lixeira): deleted POCs I may bring back, restore, purge now; and undoing a delete from its toast."""

from __future__ import annotations

import dataclasses
import math
from datetime import timedelta

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import N_, format_dt, ngettext
from poc_tracker.models import Poc
from poc_tracker.models.base import utcnow
from poc_tracker.services import pocs, purge
from poc_tracker.services.actor import Actor
from poc_tracker.settings import get_settings
from state.base import ServiceState, as_id

PAGE_SIZE = 50


@dataclasses.dataclass
class TrashRow:
    """A deleted POC: when it went and how long it can still come back."""

    id: str = ""
    name: str = ""
    language: str = ""
    owner_name: str = ""
    deleted: str = ""
    left: str = ""


def days_left(poc: Poc) -> int:
    """Whole days before the purge takes a deleted POC (at least 0)."""
    ends = poc.deleted_at + timedelta(days=get_settings().purge_after_days)
    return max(0, math.ceil((ends - utcnow()).total_seconds() / 86400))


def trash_row(poc: Poc, owner: str, locale: str) -> TrashRow:
    """A deleted POC as the bin shows it."""
    n = days_left(poc)
    left = ngettext("Apagada de vez em {n} dia", "Apagada de vez em {n} dias", n, locale)
    return TrashRow(str(poc.id), poc.name, poc.language, owner, format_dt(poc.deleted_at, locale), left)


class TrashState(ServiceState, rx.State):
    """The POCs in the bin that I may restore (mine; every one for admins)."""

    rows: list[TrashRow] = []
    total: int = 0
    loaded: bool = False
    error: str = ""
    purging: str = ""  # the POC the "apagar de vez" confirmation is about
    purging_name: str = ""
    page: int = 1

    @rx.var
    def pages(self) -> int:
        """How many pages the bin has (one at least)."""
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.event
    async def load_trash(self) -> None:
        """Open the bin on its first page, most recently deleted first."""
        self.page = 1
        await self._refresh()

    @rx.event
    async def go_to_page(self, page: int) -> None:
        """Show another page of the bin (kept within the pages there are)."""
        self.page = max(1, min(int(page), self.pages))
        await self._refresh()

    async def _refresh(self) -> None:
        self.error = ""
        page = self.page
        got = await self._call(lambda s, a: _bin(s, a, page))
        if not got.ok:
            self.rows, self.total, self.error, self.loaded = [], 0, got.error, True
            return
        found, self.total, names = got.value
        if not found and self.page > 1:  # the last POC of the last page went: show the page before
            self.page = self.pages
            await self._refresh()
            return
        loc = await self._locale()
        self.rows = [trash_row(p, names.get(p.owner_id, ""), loc) for p in found]
        self.loaded = True

    @rx.event
    async def restore(self, poc_id: str):  # noqa: ANN201
        """Bring a POC back from the bin."""
        got = await self._call(lambda s, a: pocs.restore_poc(s, actor=a, poc_id=as_id(poc_id)))
        if not got.ok:
            return got.toast()
        await self._refresh()
        done = await self._tr(N_("POC restaurada: {name}."), name=got.value.name)
        return rx.toast.success(done)

    @rx.event
    def ask_purge(self, poc_id: str, name: str) -> None:
        """Open the confirmation of deleting a POC for good."""
        self.purging, self.purging_name = poc_id, name

    @rx.event
    def close_purge(self, open_: bool = False) -> None:
        """Close the confirmation."""
        if not open_:
            self.purging = self.purging_name = ""

    @rx.event
    async def purge_now(self, poc_id: str):  # noqa: ANN201
        """Delete a POC of the bin for good, with its files and versions."""
        self.purging = self.purging_name = ""
        got = await self._call(lambda s, a: purge.purge_poc(s, actor=a, poc_id=as_id(poc_id)))
        if not got.ok:
            return got.toast()
        await self._refresh()
        return rx.toast.success(await self._tr(N_("POC apagada de vez: {name}."), name=got.value))


def _bin(session: Session, actor: Actor, page: int) -> tuple[list[Poc], int, dict]:
    if not actor.can("pocs:write"):  # a viewer deletes nothing: an empty bin, not an error
        return [], 0, {}
    filters = pocs.PocFilters(deleted=True)
    found, total = pocs.list_pocs(session, actor=actor, filters=filters, sort="deleted", page=page, limit=PAGE_SIZE)
    return found, total, pocs.owner_names(session, actor, found)
