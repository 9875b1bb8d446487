"""The audit viewer (admins and owners): filters by person, kind and period, pages, CSV export."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from poc_tracker.errors import Invalid
from poc_tracker.i18n import format_dt, ngettext
from poc_tracker.services import audit, users
from poc_tracker.services.actor import Actor
from poc_tracker.services.audit_kinds import kind_choices, kind_label, summary, target_label
from state.base import NO_ID, ServiceState, as_id

PAGE_SIZE = 20
ALL = "all"  # the select's "any" value (Radix refuses an empty one)
ZONE = ZoneInfo("America/Sao_Paulo")


@dataclasses.dataclass
class AuditRow:
    """One entry as the viewer shows it: every field already in the reader's language."""

    id: str = ""
    when: str = ""
    action: str = ""
    person: str = ""
    target: str = ""
    summary: str = ""


@dataclasses.dataclass
class Choice:
    """An option of a filter."""

    value: str = ""
    label: str = ""


def day_start(raw: str, *, next_day: bool = False) -> datetime | None:
    """Midnight of a ``YYYY-MM-DD`` day in São Paulo (the next one's for an inclusive end), or None when blank."""
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError as exc:
        raise Invalid("Data inválida.", code="invalid_date") from exc
    return datetime.combine(day + timedelta(days=1 if next_day else 0), time(), ZONE)


class AuditViewerState(ServiceState, rx.State):
    """Filters, the current page of entries, and who and what can be picked."""

    rows: list[AuditRow] = []
    people: list[Choice] = []
    kinds: list[Choice] = []
    person: str = ALL
    kind: str = ALL
    date_from: str = ""
    date_to: str = ""
    page: int = 1
    total: int = 0
    count_text: str = ""  # "1 registro", "20 registros": plural in the reader's language
    allowed: bool = False
    loaded: bool = False
    error: str = ""

    @rx.var
    def pages(self) -> int:
        """How many pages the filtered log has (one at least)."""
        return max(1, -(-self.total // PAGE_SIZE))

    def _filters(self) -> audit.AuditFilter:
        person = as_id(self.person) if self.person != ALL else None
        return audit.AuditFilter(
            person_id=person if person != NO_ID else None,
            kinds=() if self.kind == ALL else (self.kind,),
            start=day_start(self.date_from),
            end=day_start(self.date_to, next_day=True),
        )

    def _page(self, session: Session, actor: Actor, locale: str) -> tuple[list[AuditRow], int]:
        rows, total = audit.list_audit(session, actor=actor, filters=self._filters(), page=self.page, limit=PAGE_SIZE)
        names = audit.people_names(session, actor, {r.actor_id for r in rows if r.actor_id})
        shown = [
            AuditRow(
                str(r.id),
                format_dt(r.created_at, locale),
                kind_label(r.action, locale),
                audit.actor_name(names, r.actor_id, locale),
                target_label(r.target_type, locale),
                summary(r.details, locale),
            )
            for r in rows
        ]
        return shown, total

    @rx.event
    async def load_audit(self) -> None:
        """Open the viewer: the people and kinds to filter by, and the newest entries."""
        locale = await self._locale()
        got = await self._call(lambda s, a: users.list_users(s, actor=a, limit=100)[0])
        self.allowed, self.error, self.loaded = got.ok, got.error, True
        if got.ok:
            self.people = [Choice(str(u.id), u.name) for u in got.value]
            self.kinds = [Choice(k, label) for k, label in kind_choices(locale)]
            self.page = 1
            await self._refresh()

    async def _refresh(self) -> None:
        locale = await self._locale()
        got = await self._call(lambda s, a: self._page(s, a, locale))
        self.error = got.error
        if got.ok:
            self.rows, self.total = got.value
            self.count_text = ngettext("{n} registro", "{n} registros", self.total, locale)

    @rx.event
    async def set_filter(self, name: str, value: str) -> None:
        """Change one filter (person, kind, from, to) and go back to the first page."""
        if name in ("person", "kind", "date_from", "date_to"):
            setattr(self, name, value)
            self.page = 1
            await self._refresh()

    @rx.event
    async def clear_filters(self) -> None:
        """Every entry again."""
        self.person, self.kind, self.date_from, self.date_to, self.page = ALL, ALL, "", "", 1
        await self._refresh()

    @rx.event
    async def go_to_page(self, page: int) -> None:
        """Show another page (kept within the pages there are)."""
        self.page = max(1, min(int(page), self.pages))
        await self._refresh()

    @rx.event
    async def export_csv(self):  # noqa: ANN201
        """Download every entry the filters match as a CSV file."""
        locale = await self._locale()
        got = await self._call(lambda s, a: audit.audit_csv(s, actor=a, filters=self._filters(), locale=locale))
        if not got.ok:
            return got.toast()
        return rx.download(data=got.value, filename=f"auditoria-{date.today().isoformat()}.csv")
