"""The POC page: its record, and the actions on it."""

from __future__ import annotations

import dataclasses
import uuid

import reflex as rx
from reflex_components_sonner.toast import ToastAction
from sqlmodel import Session

from poc_tracker.i18n import N_, format_ago, format_dt
from poc_tracker.models import Poc
from poc_tracker.services import favorites, pocs
from poc_tracker.services.actor import Actor
from state.base import ServiceState, as_id
from state.rows import carried
from state.session import route_arg


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
    created_full: str = ""
    updated_full: str = ""
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
        created=format_ago(poc.created_at, locale),
        updated=format_ago(poc.updated_at, locale),
        created_full=format_dt(poc.created_at, locale),
        updated_full=format_dt(poc.updated_at, locale),
        version=poc.current_version,
        can_edit=can_edit,
    )


class PocDetailState(ServiceState, rx.State):
    """The POC on screen."""

    poc: PocDetail = PocDetail()
    is_favorite: bool = False
    error: str = ""
    loaded: bool = False

    @rx.event
    async def load_poc(self) -> None:
        """Load the POC named in the URL."""
        self.error, self.loaded = "", False
        poc_id = as_id(await route_arg(self, "poc_id"))
        got = await self._call(lambda s, a: _page(s, a, poc_id))
        if not got.ok:
            self.error = got.error
            return
        poc, owner, self.is_favorite = got.value
        can_edit = pocs.can_edit(got.actor, poc)
        self.poc = poc_detail(poc, owner_name=owner, locale=await self._locale(), can_edit=can_edit)
        self.loaded = True

    @rx.event
    async def delete_poc(self):  # noqa: ANN201
        """Move the POC to the bin and go back to the list."""
        got = await self._call(lambda s, a: pocs.delete_poc(s, actor=a, poc_id=as_id(self.poc.id)))
        if not got.ok:
            return got.toast()
        done = await self._tr(N_("POC movida para a lixeira. Você pode restaurá-la por 30 dias."))
        undo = ToastAction(label=await self._tr(N_("Desfazer")), on_click=PocDetailState.undo_delete(self.poc.id))
        return [rx.toast.success(done, action=undo, duration=10000), rx.redirect("/pocs")]

    @rx.event
    async def undo_delete(self, poc_id: str):  # noqa: ANN201
        """Bring back the POC just deleted (the toast's "Desfazer") and open it again."""
        got = await self._call(lambda s, a: pocs.restore_poc(s, actor=a, poc_id=as_id(poc_id)))
        if not got.ok:
            return got.toast()
        return [rx.toast.info(await self._tr(N_("POC restaurada."))), rx.redirect(f"/pocs/{got.value.id}")]

    @rx.event
    async def toggle_favorite(self):  # noqa: ANN201
        """Star or unstar the POC."""
        change = favorites.unstar_poc if self.is_favorite else favorites.star_poc
        got = await self._call(lambda s, a: change(s, actor=a, poc_id=as_id(self.poc.id)))
        if not got.ok:
            return got.toast()
        self.is_favorite = not self.is_favorite
        return None


async def poc_on_screen(state: rx.State) -> uuid.UUID:
    """The id of the POC the page shows (the files and history tabs act on it)."""
    return as_id((await state.get_state(PocDetailState)).poc.id)


def _page(session: Session, actor: Actor, poc_id: uuid.UUID) -> tuple[Poc, str, bool]:
    """The POC, its owner's name and whether I starred it."""
    poc = pocs.access_poc_by_id(session, actor, poc_id)
    owner = pocs.owner_names(session, actor, [poc]).get(poc.owner_id, "")
    starred = bool(favorites.starred_ids(session, actor=actor, poc_ids=[poc.id]))
    return poc, owner, starred
