"""Plain, translated rows of a report for the page: metric cards, charts as SVG images, tables of text."""

from __future__ import annotations

import base64
import dataclasses

from poc_tracker.i18n import gettext
from poc_tracker.reports import charts
from poc_tracker.reports.fmt import cell_text, change_text, number_text
from poc_tracker.reports.model import Report, Table
from poc_tracker.reports.pdf import NUMERIC


@dataclasses.dataclass
class MetricCard:
    """A number with its label."""

    key: str = ""
    label: str = ""
    value: str = ""


@dataclasses.dataclass
class ChartView:
    """A server-drawn SVG chart as an image (no script, text escaped)."""

    key: str = ""
    title: str = ""
    subtitle: str = ""
    src: str = ""


@dataclasses.dataclass
class TableView:
    """A table as text, with which columns are numbers (right-aligned)."""

    key: str = ""
    title: str = ""
    columns: list[str] = dataclasses.field(default_factory=list)
    numeric: list[bool] = dataclasses.field(default_factory=list)
    rows: list[list[str]] = dataclasses.field(default_factory=list)


def svg_src(svg: str) -> str:
    """An SVG as a data URL for an <img>: shown as a picture, never run."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def metric_cards(report: Report, locale: str) -> list[MetricCard]:
    """Every metric, formatted in the reader's language."""
    return [MetricCard(m.key, gettext(m.label, locale), number_text(m.value, m.type, locale)) for m in report.metrics]


def chart_views(report: Report, locale: str) -> list[ChartView]:
    """The month-by-month chart, bars of languages and the heat map."""
    out = []
    if report.series:
        first = report.series[0]
        subtitle = gettext(
            "Total: {total} · variação contra o período anterior: {change}",
            locale,
            total=number_text(first.total, "int", locale),
            change=change_text(first.change, locale),
        )
        out.append(
            ChartView(
                "monthly", gettext("Mês a mês", locale), subtitle, svg_src(charts.series_chart(report.series, locale))
            )
        )
    for table in report.tables:
        if table.key in ("languages", "languagesTrend") and table.rows:
            title = gettext(table.title, locale)
            svg = charts.bars_chart([(r[0], r[1]) for r in table.rows], title, locale)
            out.append(ChartView(table.key, title, "", svg_src(svg)))
    if report.heatmap is not None:
        title = gettext("Atividade por dia da semana e hora", locale)
        out.append(
            ChartView("heatmap", title, report.request.tz, svg_src(charts.heatmap_chart(report.heatmap, locale)))
        )
    return out


def table_view(table: Table, locale: str, tz: str, limit: int = 50) -> TableView:
    """A table's first rows as text."""
    rows = []
    for n, row in enumerate(table.iter_rows()):
        if n >= limit:
            break
        rows.append([cell_text(c, v, locale, tz) for c, v in zip(table.columns, row, strict=True)])
    return TableView(
        table.key,
        gettext(table.title, locale),
        [gettext(c.label, locale) for c in table.columns],
        [c.type in NUMERIC for c in table.columns],
        rows,
    )
