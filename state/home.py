"""The home dashboard."""

from __future__ import annotations

import dataclasses

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import format_ago, format_dt, format_number
from poc_tracker.services import dashboard, pocs
from poc_tracker.services.actor import Actor
from state.base import ServiceState
from state.rows import PocRow, carried, poc_row


@dataclasses.dataclass
class ActivityRow:
    """One line of the activity feed."""

    action: str = ""
    actor_name: str = ""
    target_id: str = ""
    target_name: str = ""
    at: str = ""  # "há 5 min"
    at_full: str = ""  # the date and time, on hover
    linked: bool = False


class HomeState(ServiceState, rx.State):
    """Numbers, recent POCs, most used languages and tags, recent activity."""

    my_pocs: str = "0"
    this_month: str = "0"
    favorites: str = "0"
    tenant_pocs: int = 0
    recent: list[PocRow] = []
    team_recent: list[PocRow] = []
    languages: list[dict[str, str | int]] = []
    tags: list[dict[str, str | int]] = []
    activity: list[ActivityRow] = []
    loaded: bool = False
    error: str = ""

    @rx.event
    async def load_dashboard(self) -> None:
        """Load the signed-in user's dashboard."""
        loc = await self._locale()
        got = await self._call(_dashboard)
        if not got.ok:
            self.error = got.error
            return
        d, names = got.value
        self.my_pocs, self.this_month = format_number(d.my_pocs, loc), format_number(d.my_pocs_this_month, loc)
        self.favorites, self.tenant_pocs = format_number(d.favorites, loc), d.tenant_pocs
        self.recent = [
            poc_row(p, owner_name=names.get(p.owner_id, ""), locale=loc, can_edit=True) for p in d.recent_pocs
        ]
        self.team_recent = [
            poc_row(p, owner_name=names.get(p.owner_id, ""), locale=loc, can_edit=False) for p in d.team_recent
        ]
        self.languages, self.tags = _bars(d.languages), _bars(d.tags)
        self.activity = [
            carried(ActivityRow, a, at=format_ago(a.at, loc), at_full=format_dt(a.at, loc)) for a in d.activity
        ]
        self.loaded, self.error = True, ""


def _bars(counts: list[tuple[str, int]]) -> list[dict[str, str | int]]:
    """Names with their counts and each bar's length, in percent of the largest."""
    top = max((c for _, c in counts), default=0) or 1
    return [{"name": n, "count": c, "pct": max(4, round(100 * c / top))} for n, c in counts]


def _dashboard(session: Session, actor: Actor) -> tuple[dashboard.Dashboard, dict]:
    d = dashboard.build_dashboard(session, actor=actor)
    return d, pocs.owner_names(session, actor, d.recent_pocs + d.team_recent)
