"""Collections: the list of those I can see, one collection's POCs, adding a POC to one."""

from __future__ import annotations

import dataclasses
import uuid

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import collection_items, collections, pocs
from state.i18n import I18nState
from state.rows import PocRow, poc_row
from state.session import SessionState, route_arg


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
    can_change: bool = False


class CollectionsState(rx.State):
    """The collections page."""

    rows: list[CollectionRow] = []
    error: str = ""
    field_errors: dict[str, str] = {}
    creating: bool = False

    @rx.event
    async def load_collections(self) -> None:
        """Load every collection I can see."""
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                found, _ = collections.list_collections(session, actor=actor, limit=100)
                counts = collections.poc_counts(session, actor, found)
                names = collections.owner_names(session, actor, found)
        except DomainError as exc:
            self.error = exc.localized(i18n.locale)
            return
        self.rows = [
            CollectionRow(
                str(c.id),
                c.name,
                c.description,
                c.visibility,
                names.get(c.owner_id, ""),
                counts.get(c.id, 0),
                format_dt(c.updated_at, i18n.locale),
                collections.can_change(actor, c),
            )
            for c in found
        ]

    @rx.event
    async def create_collection(self, form: dict[str, str]):  # noqa: ANN201
        """Create a collection from the form."""
        i18n = await self.get_state(I18nState)
        self.field_errors, self.error = {}, ""
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                created = collections.create_collection(
                    session,
                    actor=actor,
                    data={
                        "name": form.get("name", ""),
                        "description": form.get("description", ""),
                        "visibility": "tenant" if form.get("shared") else "private",
                    },
                )
        except DomainError as exc:
            field = str(exc.details.get("field", ""))
            if field:
                self.field_errors = {field: exc.localized(i18n.locale)}
            else:
                self.error = exc.localized(i18n.locale)
            return
        self.creating = False
        yield rx.redirect(f"/collections/{created.id}")

    @rx.event
    def set_creating(self, value: bool) -> None:
        """Open or close the new-collection dialog."""
        self.creating, self.field_errors = value, {}


class CollectionDetailState(rx.State):
    """One collection and its POCs in order."""

    collection: CollectionRow = CollectionRow()
    items: list[PocRow] = []
    error: str = ""
    loaded: bool = False

    async def _id(self) -> uuid.UUID:
        try:
            return uuid.UUID(await route_arg(self, "collection_id"))
        except ValueError:
            return uuid.UUID(int=0)

    @rx.event
    async def load_collection(self) -> None:
        """Load the collection named in the URL."""
        i18n = await self.get_state(I18nState)
        self.loaded, self.error = False, ""
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                c = collections.access_collection_by_id(session, actor, await self._id())
                found = collection_items.collection_pocs(session, actor=actor, collection=c)
                names = pocs.owner_names(session, actor, found)
                owner = collections.owner_names(session, actor, [c]).get(c.owner_id, "")
        except DomainError as exc:
            self.error = exc.localized(i18n.locale)
            return
        self.collection = CollectionRow(
            str(c.id),
            c.name,
            c.description,
            c.visibility,
            owner,
            len(found),
            format_dt(c.updated_at, i18n.locale),
            collections.can_change(actor, c),
        )
        self.items = [
            poc_row(p, owner_name=names.get(p.owner_id, ""), locale=i18n.locale, can_edit=False) for p in found
        ]
        self.loaded = True

    async def _change(self, action, *, reload: bool = True):  # noqa: ANN001, ANN202
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                action(session, actor=actor, collection_id=uuid.UUID(self.collection.id))
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        if reload:
            await self.load_collection()
        return None

    @rx.event
    async def remove_poc(self, poc_id: str):  # noqa: ANN201
        """Take a POC out of the collection (the POC stays)."""
        return await self._change(lambda s, **kw: collection_items.remove_poc(s, poc_id=uuid.UUID(poc_id), **kw))

    @rx.event
    async def move_poc(self, poc_id: str, step: int):  # noqa: ANN201
        """Move a POC one place up (-1) or down (+1)."""
        ids = [r.id for r in self.items]
        i = ids.index(poc_id)
        j = max(0, min(len(ids) - 1, i + step))
        ids[i], ids[j] = ids[j], ids[i]
        return await self._change(
            lambda s, **kw: collection_items.reorder(s, poc_ids=[uuid.UUID(x) for x in ids], **kw)
        )

    @rx.event
    async def delete_collection(self):  # noqa: ANN201
        """Delete the collection (never its POCs) and go back to the list."""
        i18n = await self.get_state(I18nState)
        error = await self._change(lambda s, **kw: collections.delete_collection(s, **kw), reload=False)
        if error is not None:
            return error
        return [rx.toast.success(i18n.tr(N_("Coleção excluída."))), rx.redirect("/collections")]
