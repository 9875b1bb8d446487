"""The POC page's collection menu: which of my collections hold the POC, add or take it out, or start a new one."""

from __future__ import annotations

import uuid

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import N_
from poc_tracker.services import collection_items, collections
from poc_tracker.services.actor import Actor
from state.base import ServiceState, as_id
from state.session import route_arg


class PocCollectionsState(ServiceState, rx.State):
    """Rows ``{"id", "name", "holds"}`` ("yes" when the collection holds the POC) and the new-collection dialog."""

    menu: list[dict[str, str]] = []
    creating: bool = False
    name_error: str = ""
    _poc_id: str = ""

    @rx.event
    async def load_menu(self) -> None:
        """The collections I may change, marked when they hold the POC of the URL."""
        self._poc_id = await route_arg(self, "poc_id")
        got = await self._call(lambda s, a: _menu(s, a, as_id(self._poc_id)))
        self.menu = got.value if got.ok else []

    @rx.event
    async def toggle(self, collection_id: str):  # noqa: ANN201
        """Put the POC in the collection, or take it out when it is there already."""
        row = next((r for r in self.menu if r["id"] == collection_id), None)
        if row is None:
            return None
        change = collection_items.remove_poc if row["holds"] else collection_items.add_poc
        got = await self._call(
            lambda s, a: change(s, actor=a, collection_id=as_id(collection_id), poc_id=as_id(self._poc_id))
        )
        if not got.ok:
            return got.toast()
        await self.load_menu()
        done = N_("POC removida da coleção {name}.") if row["holds"] else N_("POC adicionada à coleção {name}.")
        return rx.toast.success(await self._tr(done, name=row["name"]))

    @rx.event
    async def create_and_add(self, form: dict[str, str]):  # noqa: ANN201
        """Create a collection holding this POC, staying on the page."""
        name = form.get("name", "")
        got = await self._call(
            lambda s, a: collection_items.create_with_poc(s, actor=a, name=name, poc_id=as_id(self._poc_id))
        )
        if not got.ok:
            self.name_error = got.error
            return None
        self.creating, self.name_error = False, ""
        await self.load_menu()
        return rx.toast.success(await self._tr(N_("Coleção {name} criada com esta POC."), name=got.value.name))

    @rx.event
    def set_creating(self, value: bool) -> None:
        """Open or close the new-collection dialog."""
        self.creating, self.name_error = value, ""


def _menu(session: Session, actor: Actor, poc_id: uuid.UUID) -> list[dict[str, str]]:
    found, _ = collections.list_collections(session, actor=actor, limit=100)
    held = collection_items.collections_holding(session, actor=actor, poc_id=poc_id)
    return [
        {"id": str(c.id), "name": c.name, "holds": "yes" if c.id in held else ""}
        for c in found
        if collections.can_change(actor, c)
    ]
