"""The home dashboard."""

from __future__ import annotations

import dataclasses
from typing import Any

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
        """Load the signed-in user's dashboard (from the read cache while nothing in the tenant changed)."""
        loc = await self._locale()
        got = await self._cached_call("dashboard", (loc,), _dashboard, lambda value, _: _shown(value, loc))
        if not got.ok:
            self.error = got.error
            return
        shown = got.value
        self.my_pocs, self.this_month = shown["my_pocs"], shown["this_month"]
        self.favorites, self.tenant_pocs = shown["favorites"], shown["tenant_pocs"]
        self.recent = [PocRow(**row) for row in shown["recent"]]
        self.team_recent = [PocRow(**row) for row in shown["team_recent"]]
        self.languages, self.tags = shown["languages"], shown["tags"]
        self.activity = [ActivityRow(**row) for row in shown["activity"]]
        self.loaded, self.error = True, ""


def _shown(value: tuple[dashboard.Dashboard, dict], loc: str) -> dict[str, Any]:
    """What the page shows of a dashboard, formatted in the user's language; plain data (the read cache keeps it)."""
    d, names = value

    def rows(found: list, *, can_edit: bool) -> list[dict[str, Any]]:
        return [
            dataclasses.asdict(poc_row(p, owner_name=names.get(p.owner_id, ""), locale=loc, can_edit=can_edit))
            for p in found
        ]

    return {
        "my_pocs": format_number(d.my_pocs, loc),
        "this_month": format_number(d.my_pocs_this_month, loc),
        "favorites": format_number(d.favorites, loc),
        "tenant_pocs": d.tenant_pocs,
        "recent": rows(d.recent_pocs, can_edit=True),
        "team_recent": rows(d.team_recent, can_edit=False),
        "languages": _bars(d.languages),
        "tags": _bars(d.tags),
        "activity": [
            dataclasses.asdict(carried(ActivityRow, a, at=format_ago(a.at, loc), at_full=format_dt(a.at, loc)))
            for a in d.activity
        ],
    }


def _bars(counts: list[tuple[str, int]]) -> list[dict[str, str | int]]:
    """Names with their counts and each bar's length, in percent of the largest."""
    top = max((c for _, c in counts), default=0) or 1
    return [{"name": n, "count": c, "pct": max(4, round(100 * c / top))} for n, c in counts]


def _dashboard(session: Session, actor: Actor) -> tuple[dashboard.Dashboard, dict]:
    d = dashboard.build_dashboard(session, actor=actor)
    return d, pocs.owner_names(session, actor, d.recent_pocs + d.team_recent)
