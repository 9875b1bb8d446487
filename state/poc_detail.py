"""The POC page: its record, and the actions on it."""

from __future__ import annotations

import dataclasses
import uuid

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, format_dt
from poc_tracker.models import Poc
from poc_tracker.services import collection_items, collections, favorites, pocs
from state.i18n import I18nState
from state.rows import carried
from state.session import SessionState, route_arg


@dataclasses.dataclass
class PocDetail:
    """Everything the POC page shows, formatted for the user's locale."""

    id: str = ""
    name: str = ""
    description: str = ""
    language: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    status: str = ""
    decision: str = ""
    hypothesis: str = ""
    success_criteria: str = ""
    result: str = ""
    learnings: str = ""
    repository_url: str = ""
    demo_url: str = ""
    owner_name: str = ""
    created: str = ""
    updated: str = ""
    version: int = 0
    file_count: int = 0
    can_edit: bool = False


def poc_detail(poc: Poc, *, owner_name: str, locale: str, can_edit: bool) -> PocDetail:
    """Map a POC to what its page shows."""
    return carried(
        PocDetail,
        poc,
        id=str(poc.id),
        repository_url=poc.repository_url or "",
        demo_url=poc.demo_url or "",
        owner_name=owner_name,
        created=format_dt(poc.created_at, locale),
        updated=format_dt(poc.updated_at, locale),
        version=poc.current_version,
        can_edit=can_edit,
    )


class PocDetailState(rx.State):
    """The POC on screen."""

    poc: PocDetail = PocDetail()
    is_favorite: bool = False
    my_collections: list[dict[str, str]] = []
    error: str = ""
    loaded: bool = False

    async def _actor_and_id(self) -> tuple:
        actor = (await self.get_state(SessionState)).actor()
        raw = await route_arg(self, "poc_id")
        try:
            return actor, uuid.UUID(raw)
        except ValueError:
            return actor, uuid.UUID(int=0)  # looks like any other missing POC

    @rx.event
    async def load_poc(self) -> None:
        """Load the POC named in the URL."""
        i18n = await self.get_state(I18nState)
        self.error, self.loaded = "", False
        try:
            actor, poc_id = await self._actor_and_id()
            with session_scope(tenant_id=actor.tenant_id) as session:
                poc = pocs.access_poc_by_id(session, actor, poc_id)
                owner = pocs.owner_names(session, actor, [poc]).get(poc.owner_id, "")
                self.is_favorite = bool(favorites.starred_ids(session, actor=actor, poc_ids=[poc.id]))
                found, _ = collections.list_collections(session, actor=actor, limit=100)
                self.my_collections = [
                    {"id": str(c.id), "name": c.name} for c in found if collections.can_change(actor, c)
                ]
            self.poc = poc_detail(poc, owner_name=owner, locale=i18n.locale, can_edit=pocs.can_edit(actor, poc))
            self.loaded = True
        except DomainError as exc:
            self.error = exc.localized(i18n.locale)

    @rx.event
    async def delete_poc(self):  # noqa: ANN201
        """Move the POC to the bin and go back to the list."""
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                pocs.delete_poc(session, actor=actor, poc_id=uuid.UUID(self.poc.id))
        except DomainError as exc:
            yield rx.toast.error(exc.localized(i18n.locale))
            return
        yield rx.toast.success(i18n.tr(N_("POC movida para a lixeira. Você pode restaurá-la por 30 dias.")))
        yield rx.redirect("/pocs")

    @rx.event
    async def toggle_favorite(self):  # noqa: ANN201
        """Star or unstar the POC."""
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                change = favorites.unstar_poc if self.is_favorite else favorites.star_poc
                change(session, actor=actor, poc_id=uuid.UUID(self.poc.id))
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        self.is_favorite = not self.is_favorite
        return None

    @rx.event
    async def add_to_collection(self, collection_id: str):  # noqa: ANN201
        """Put the POC in one of my collections."""
        i18n = await self.get_state(I18nState)
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                collection_items.add_poc(
                    session, actor=actor, collection_id=uuid.UUID(collection_id), poc_id=uuid.UUID(self.poc.id)
                )
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        return rx.toast.success(i18n.tr(N_("POC adicionada à coleção.")))
