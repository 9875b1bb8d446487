"""The PDF of a report, with WeasyPrint: cover, vector charts, tables whose header repeats, "Página N de M".

WeasyPrint gets no network and no files: its fetcher answers ``data:`` URLs only (nothing else is used).
User text (tenant, POC and people names, tags) reaches the HTML through Jinja's escaping, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from poc_tracker.i18n import gettext, normalize_locale
from poc_tracker.reports import charts
from poc_tracker.reports.fmt import cell_text, change_text, day_text, moment_text, number_text
from poc_tracker.reports.model import TITLES, Report, Table
from poc_tracker.reports.params import ReportRequest
from poc_tracker.settings import get_settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
NUMERIC = {"int", "money", "bytes", "percent"}
# Relative column widths by type: no column is clipped, and dates and money stay on one line.
WEIGHTS = {"text": 1.7, "datetime": 1.75, "date": 1.3, "month": 1.3, "int": 0.95, "bytes": 1.15, "money": 1.2}
Progress = Callable[[float], None]


class NetworkRefused(ValueError):
    """A report asked WeasyPrint for something outside itself."""


def no_network_fetcher() -> Any:
    """WeasyPrint's URL fetcher for reports: ``data:`` URLs only (embedded), never http, file or anything else."""
    from weasyprint.urls import URLFetcher  # heavy import: worker only

    class DataOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise NetworkRefused(f"refused to fetch {url[:60]!r}")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


@dataclass
class ColumnView:
    """A column as the template draws it."""

    label: str
    css: str  # "num" (right-aligned, one line), "nowrap" (dates: one line) or ""
    width: float


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def period_text(req: ReportRequest, locale: str) -> str:
    """The period as "01/03/2026 a 31/03/2026" in the reader's language."""
    return gettext("{start} a {end}", locale, start=day_text(req.first_day, locale), end=day_text(req.last_day, locale))


def _css(kind: str) -> str:
    return "num" if kind in NUMERIC else "nowrap" if kind in ("date", "datetime", "month") else ""


def table_view(table: Table, locale: str, tz: str, cap: int) -> dict[str, Any]:
    """A table's first ``cap`` rows as text, with the "Mostrando X de Y" line when cut."""
    weights = [WEIGHTS.get(c.type, 1.0) for c in table.columns]
    columns = [
        ColumnView(gettext(c.label, locale), _css(c.type), round(100 * w / sum(weights), 2))
        for c, w in zip(table.columns, weights, strict=True)
    ]
    rows = [
        [cell_text(c, v, locale, tz) for c, v in zip(table.columns, row, strict=True)]
        for row in islice(table.iter_rows(), cap)
    ]
    capped = None
    if table.row_count > cap:
        capped = gettext(
            "Mostrando {shown} de {total} — arquivo completo em XLSX",
            locale,
            shown=number_text(cap, "int", locale),
            total=number_text(table.row_count, "int", locale),
        )
    return {
        "title": gettext(table.title, locale),
        "columns": columns,
        "rows": rows,
        "capped": capped,
        "wide": len(table.columns) > 6,
    }


def _trusted(svg: str) -> Markup:
    """An SVG from charts.py, where every text was escaped as it was written."""
    return Markup(svg)  # noqa: S704 - built by charts.py with escape() on every text


def _charts(report: Report, locale: str) -> list[dict[str, Any]]:
    out = []
    if report.series:
        first = report.series[0]
        change = gettext(
            "Total: {total} · variação contra o período anterior: {change}",
            locale,
            total=number_text(first.total, "int", locale),
            change=change_text(first.change, locale),
        )
        title = gettext("Mês a mês", locale)
        out.append({"title": title, "change": change, "svg": _trusted(charts.series_chart(report.series, locale))})
    for table in report.tables:
        if table.key in ("languages", "languagesTrend") and table.rows:
            rows = [(r[0], r[1]) for r in table.rows]
            svg = charts.bars_chart(rows, gettext(table.title, locale), locale)
            out.append({"title": gettext(table.title, locale), "change": "", "svg": _trusted(svg)})
    if report.heatmap is not None:
        title = gettext("Atividade por dia da semana e hora", locale)
        out.append({"title": title, "change": "", "svg": _trusted(charts.heatmap_chart(report.heatmap, locale))})
    return out


def render_html(report: Report, locale: str) -> str:
    """The report as escaped HTML for WeasyPrint."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    tz, cap = report.request.tz, get_settings().report_pdf_row_cap
    title = gettext(TITLES[report.kind], locale)
    return env.get_template("report.html").render(
        lang="en" if normalize_locale(locale) == "en" else "pt-BR",
        report=report,
        title=title,
        footer_left=_css_string(f"POC Tracker · {title}"),
        page_word=_css_string(gettext("Página", locale)),
        of_word=_css_string(gettext("de", locale)),
        period=period_text(report.request, locale),
        scope=gettext(report.scope, locale),
        filters=[(gettext(label, locale), value) for label, value in report.filters],
        generated=moment_text(report.generated_at, locale, tz) + f" ({tz})",
        metrics=[
            {"label": gettext(m.label, locale), "value": number_text(m.value, m.type, locale)} for m in report.metrics
        ],
        charts=_charts(report, locale),
        tables=[table_view(t, locale, tz, cap) for t in report.tables],
        labels={
            "tenant": gettext("Organização", locale),
            "period": gettext("Período", locale),
            "scope": gettext("Abrangência", locale),
            "filters": gettext("Filtros", locale),
            "no_filters": gettext("Nenhum", locale),
            "generated": gettext("Gerado em", locale),
            "empty": gettext("Nada aconteceu neste período com estes filtros.", locale),
            "no_rows": gettext("Sem linhas neste período.", locale),
        },
    )


def render_pdf(report: Report, locale: str, target: Path, progress: Progress = lambda _p: None) -> Path:
    """Write the report's PDF to ``target``."""
    from weasyprint import HTML  # heavy import: worker only

    html = render_html(report, locale)
    progress(50)
    document = HTML(string=html, url_fetcher=no_network_fetcher(), base_url=None).render()
    progress(85)
    document.write_pdf(target)
    return target
