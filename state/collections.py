"""Collections: the list of those I can see, one collection's POCs, adding a POC to one."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import N_, format_ago, format_dt
from poc_tracker.models import Collection
from poc_tracker.services import collection_items, collections, pocs
from poc_tracker.services.actor import Actor
from state.base import ServiceState, as_id
from state.rows import PocRow, poc_row
from state.session import route_arg


@dataclasses.dataclass
class CollectionRow:
    """A collection as a card shows it."""

    id: str = ""
    name: str = ""
    description: str = ""
    visibility: str = ""
    owner_name: str = ""
    poc_count: int = 0
    updated: str = ""
    updated_full: str = ""
    can_change: bool = False


class CollectionsState(ServiceState, rx.State):
    """The collections page."""

    rows: list[CollectionRow] = []
    error: str = ""
    field_errors: dict[str, str] = {}
    creating: bool = False

    @rx.event
    async def load_collections(self) -> None:
        """Load every collection I can see."""
        got = await self._call(_listing)
        if not got.ok:
            self.error = got.error
            return
        found, counts, names = got.value
        loc = await self._locale()
        self.rows = [
            collection_row(
                c, owner_name=names.get(c.owner_id, ""), count=counts.get(c.id, 0), locale=loc, actor=got.actor
            )
            for c in found
        ]

    @rx.event
    async def create_collection(self, form: dict[str, str]):  # noqa: ANN201
        """Create a collection from the form."""
        data = form_data(form)
        got = await self._call(lambda s, a: collections.create_collection(s, actor=a, data=data))
        self.field_errors = got.field_errors()
        self.error = "" if got.ok or self.field_errors else got.error
        if not got.ok:
            return None
        self.creating = False
        return rx.redirect(f"/collections/{got.value.id}")

    @rx.event
    def set_creating(self, value: bool) -> None:
        """Open or close the new-collection dialog."""
        self.creating, self.field_errors = value, {}


class CollectionDetailState(ServiceState, rx.State):
    """One collection and its POCs in order."""

    collection: CollectionRow = CollectionRow()
    items: list[PocRow] = []
    error: str = ""
    loaded: bool = False
    editing: bool = False
    field_errors: dict[str, str] = {}
    edit_error: str = ""

    @rx.event
    def set_editing(self, value: bool) -> None:
        """Open or close the edit dialog."""
        self.editing, self.field_errors, self.edit_error = value, {}, ""

    @rx.event
    async def save_collection(self, form: dict[str, str]):  # noqa: ANN201
        """Rename, describe or share the collection."""
        collection_id, data = as_id(self.collection.id), form_data(form)
        got = await self._call(
            lambda s, a: collections.update_collection(s, actor=a, collection_id=collection_id, data=data)
        )
        self.field_errors = got.field_errors()
        self.edit_error = "" if got.ok or self.field_errors else got.error
        if not got.ok:
            return None
        self.editing = False
        await self.load_collection()
        return rx.toast.success(await self._tr(N_("Coleção salva.")))

    @rx.event
    async def load_collection(self) -> None:
        """Load the collection named in the URL."""
        self.loaded, self.error = False, ""
        collection_id = as_id(await route_arg(self, "collection_id"))
        got = await self._call(lambda s, a: _contents(s, a, collection_id))
        if not got.ok:
            self.error = got.error
            return
        c, found, owner, names = got.value
        loc = await self._locale()
        self.collection = collection_row(c, owner_name=owner, count=len(found), locale=loc, actor=got.actor)
        self.items = [poc_row(p, owner_name=names.get(p.owner_id, ""), locale=loc, can_edit=False) for p in found]
        self.loaded = True

    async def _change(self, action: Callable[..., object]) -> rx.event.EventSpec | None:
        """Apply ``action(session, actor=..., collection_id=...)``; reload the collection, or toast the error."""
        collection_id = as_id(self.collection.id)
        got = await self._call(lambda s, a: action(s, actor=a, collection_id=collection_id))
        if not got.ok:
            return got.toast()
        await self.load_collection()
        return None

    @rx.event
    async def remove_poc(self, poc_id: str):  # noqa: ANN201
        """Take a POC out of the collection (the POC stays)."""
        return await self._change(lambda s, **kw: collection_items.remove_poc(s, poc_id=as_id(poc_id), **kw))

    @rx.event
    async def move_poc(self, poc_id: str, step: int):  # noqa: ANN201
        """Move a POC one place up (-1) or down (+1)."""
        ids = [r.id for r in self.items]
        if poc_id not in ids:
            return None
        i = ids.index(poc_id)
        j = max(0, min(len(ids) - 1, i + step))
        ids[i], ids[j] = ids[j], ids[i]
        return await self._change(lambda s, **kw: collection_items.reorder(s, poc_ids=[as_id(x) for x in ids], **kw))

    @rx.event
    async def delete_collection(self):  # noqa: ANN201
        """Delete the collection (never its POCs) and go back to the list."""
        collection_id = as_id(self.collection.id)
        got = await self._call(lambda s, a: collections.delete_collection(s, actor=a, collection_id=collection_id))
        if not got.ok:
            return got.toast()
        return [rx.toast.success(await self._tr(N_("Coleção excluída."))), rx.redirect("/collections")]


def form_data(form: dict[str, str]) -> dict[str, str]:
    """The service's fields from the collection form (a ticked "shared" box shares it with the organisation)."""
    shared = bool(form.get("shared")) and form.get("shared") not in ("off", "false")
    return {
        "name": form.get("name", ""),
        "description": form.get("description", ""),
        "visibility": "tenant" if shared else "private",
    }


def collection_row(c: Collection, *, owner_name: str, count: int, locale: str, actor: Actor) -> CollectionRow:
    """A collection as its card shows it."""
    return CollectionRow(
        str(c.id),
        c.name,
        c.description,
        c.visibility,
        owner_name,
        count,
        format_ago(c.updated_at, locale),
        format_dt(c.updated_at, locale),
        collections.can_change(actor, c),
    )


def _listing(session: Session, actor: Actor) -> tuple[list[Collection], dict, dict]:
    found, _ = collections.list_collections(session, actor=actor, limit=100)
    return found, collections.poc_counts(session, actor, found), collections.owner_names(session, actor, found)


def _contents(session: Session, actor: Actor, collection_id: uuid.UUID) -> tuple[Collection, list, str, dict]:
    c = collections.access_collection_by_id(session, actor, collection_id)
    found = collection_items.collection_pocs(session, actor=actor, collection=c)
    owner = collections.owner_names(session, actor, [c]).get(c.owner_id, "")
    return c, found, owner, pocs.owner_names(session, actor, found)
