"""The reports page: period and filters, the report on screen, exports as jobs with live progress."""

from __future__ import annotations

import dataclasses
import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

import reflex as rx

from poc_tracker.db import UnitOfWork
from poc_tracker.i18n import N_, gettext
from poc_tracker.models import Job
from poc_tracker.reports.naming import describe
from poc_tracker.reports.params import preset_days
from poc_tracker.reports.scope import sees_whole_tenant
from poc_tracker.services import reports
from poc_tracker.services.actor import Actor
from state.jobs import JobsMixin
from state.report_views import ChartView, MetricCard, TableView, chart_views, metric_cards, table_view

ALL = "__all__"  # a select's "no filter" (Radix selects have no empty value)
PAGE_SIZE = 20


@dataclasses.dataclass
class Option:
    """A choice of a select."""

    value: str = ""
    label: str = ""


class ReportsState(JobsMixin, rx.State):
    """Everything /relatorios shows."""

    tab: str = "usage"
    preset: str = "last_3_months"
    date_from: str = ""
    date_to: str = ""
    language: str = ALL
    tag: str = ALL
    author: str = ALL
    collection: str = ALL
    allowed: bool = True
    loaded: bool = False
    error: str = ""
    empty: bool = False
    scope: str = ""
    metrics: list[MetricCard] = []
    charts: list[ChartView] = []
    tables: list[TableView] = []
    pocs: TableView = TableView()
    pocs_page: int = 1
    pocs_pages: int = 1
    languages: list[str] = []
    tags: list[str] = []
    authors: list[Option] = []
    collections: list[Option] = []
    whole_tenant: bool = False
    _job_kind = reports.KIND

    def _job_title(self, job: Job, locale: str) -> str:
        return describe(job.params, locale)

    def _request(self) -> dict:
        """The period and filters as the service reads them."""
        if self.preset == "custom":
            first, last = self.date_from, self.date_to
        else:
            today = datetime.now(ZoneInfo("America/Sao_Paulo")).date()
            a, b = preset_days(self.preset, today)
            first, last = a.isoformat(), b.isoformat()
        picked = lambda v: None if v == ALL else v  # noqa: E731
        return {
            "kind": self.tab,
            "from": first,
            "to": last,
            "filters": {
                "language": picked(self.language),
                "tags": [] if self.tag == ALL else [self.tag],
                "authorId": picked(self.author),
                "collectionId": picked(self.collection),
            },
        }

    @rx.event
    async def load_reports(self):  # noqa: ANN201
        """on_load: the filters' options, the report for the default period, my exports."""
        got = await self._call(lambda s, a: (reports.filter_options(s, actor=a), sees_whole_tenant(a)))
        if not got.ok:
            self.allowed, self.error, self.loaded = got.status != 403, got.error, True
            return None
        options, self.whole_tenant = got.value
        self.allowed = True
        self.languages, self.tags = options.languages, options.tags
        self.authors = [Option(i, n) for i, n in options.authors]
        self.collections = [Option(i, n) for i, n in options.collections]
        if not self.date_from:
            first, last = preset_days("last_3_months", date.today())
            self.date_from, self.date_to = first.isoformat(), last.isoformat()
        await self._show()
        return type(self).load_jobs

    async def _show(self) -> None:
        """Run the report's queries for the screen."""
        locale = await self._locale()
        request = self._request()

        def preview(session: UnitOfWork, actor: Actor) -> dict:
            report = reports.preview(session, actor=actor, data=request, page=self.pocs_page, page_size=PAGE_SIZE)
            tz = report.request.tz
            detail = next((t for t in report.tables if t.key == "pocs"), None)
            return {
                "metrics": metric_cards(report, locale),
                "charts": chart_views(report, locale),
                "tables": [table_view(t, locale, tz) for t in report.tables if t.key != "pocs"],
                "pocs": table_view(detail, locale, tz, PAGE_SIZE) if detail else TableView(),
                "pocs_pages": max(1, math.ceil((detail.row_count if detail else 0) / PAGE_SIZE)),
                "empty": report.empty,
                "scope": gettext(report.scope, locale),
            }

        got = await self._call(preview)
        self.error = got.error
        shown = got.value if got.ok else {"metrics": [], "charts": [], "tables": [], "pocs": TableView()}
        for name, value in shown.items():
            setattr(self, name, value)
        self.loaded = True

    @rx.event
    async def set_tab(self, value: str) -> None:
        """Usage or trends."""
        self.tab = value if value in ("usage", "trends") else "usage"
        self.pocs_page = 1
        await self._show()

    @rx.event
    async def set_preset(self, value: str) -> None:
        """A period preset (custom shows the two dates)."""
        self.preset = value
        self.pocs_page = 1
        if value != "custom":
            await self._show()

    @rx.event
    def set_date_from(self, value: str) -> None:
        """First day of a custom period."""
        self.date_from = value

    @rx.event
    def set_date_to(self, value: str) -> None:
        """Last day of a custom period."""
        self.date_to = value

    @rx.event
    async def set_filter(self, name: str, value: str) -> None:
        """Change one filter (language, tag, author, collection) and show the report again."""
        if name in ("language", "tag", "author", "collection"):
            setattr(self, name, value or ALL)
            self.pocs_page = 1
            await self._show()

    @rx.event
    async def apply(self) -> None:
        """Show the report for the custom period."""
        self.pocs_page = 1
        await self._show()

    @rx.event
    async def go_to_page(self, page: int) -> None:
        """Another page of the POC table."""
        self.pocs_page = max(1, min(int(page), self.pocs_pages))
        await self._show()

    @rx.event
    async def export(self, fmt: str):  # noqa: ANN201
        """Ask for the file of what is on screen; it renders in the background and shows up below."""
        data = {**self._request(), "format": fmt}
        got = await self._call(lambda s, a: reports.request_report(s, actor=a, data=data))
        if not got.ok:
            return got.toast()
        await self._reload_jobs()
        toast = rx.toast.info(await self._tr(N_("Gerando o arquivo. Ele aparece abaixo quando ficar pronto.")))
        if not self.watching:
            self.watching = True
            return [toast, type(self).watch_jobs]
        return toast
