"""The home dashboard."""

from __future__ import annotations

import dataclasses

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import format_dt, format_number
from poc_tracker.services import dashboard, pocs
from state.i18n import I18nState
from state.rows import PocRow, carried, poc_row
from state.session import SessionState


@dataclasses.dataclass
class ActivityRow:
    """One line of the activity feed."""

    action: str = ""
    actor_name: str = ""
    target_id: str = ""
    target_name: str = ""
    at: str = ""


class HomeState(rx.State):
    """Numbers, recent POCs, most used languages and tags, recent activity."""

    my_pocs: str = "0"
    this_month: str = "0"
    favorites: str = "0"
    tenant_pocs: int = 0
    recent: list[PocRow] = []
    languages: list[dict[str, str | int]] = []
    tags: list[dict[str, str | int]] = []
    activity: list[ActivityRow] = []
    loaded: bool = False
    error: str = ""

    @rx.event
    async def load_dashboard(self) -> None:
        """Load the signed-in user's dashboard."""
        i18n = await self.get_state(I18nState)
        loc = i18n.locale
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                d = dashboard.build_dashboard(session, actor=actor)
                names = pocs.owner_names(session, actor, d.recent_pocs)
        except DomainError as exc:
            self.error = exc.localized(loc)
            return
        self.my_pocs, self.this_month = format_number(d.my_pocs, loc), format_number(d.my_pocs_this_month, loc)
        self.favorites, self.tenant_pocs = format_number(d.favorites, loc), d.tenant_pocs
        self.recent = [
            poc_row(p, owner_name=names.get(p.owner_id, ""), locale=loc, can_edit=True) for p in d.recent_pocs
        ]
        self.languages = [{"name": n, "count": c} for n, c in d.languages]
        self.tags = [{"name": n, "count": c} for n, c in d.tags]
        self.activity = [carried(ActivityRow, a, at=format_dt(a.at, loc)) for a in d.activity]
        self.loaded = True
