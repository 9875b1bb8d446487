"""The XLSX of a report (XlsxWriter, constant memory): real dates and numbers, R$, frozen headers, charts.

Tables longer than a sheet continue on the next one ("Nome (2)"), header repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from poc_tracker.i18n import gettext
from poc_tracker.reports.fmt import moment_text
from poc_tracker.reports.model import TITLES, Column, Report, Table
from poc_tracker.reports.pdf import period_text

MAX_ROWS = 1_048_576  # Excel's limit, header included
FORMATS = {
    "int": {"num_format": "#,##0"},
    "bytes": {"num_format": "#,##0"},
    "money": {"num_format": '"R$" #,##0.00'},
    "percent": {"num_format": "0.0%"},
    "date": {"num_format": "dd/mm/yyyy"},
    "datetime": {"num_format": "dd/mm/yyyy hh:mm"},
    "month": {"num_format": "mmm/yyyy"},
    "text": {},
}
WIDTHS = {"month": 11, "text": 28, "int": 12, "bytes": 16, "money": 14, "percent": 11, "date": 12, "datetime": 17}
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
Progress = Callable[[float], None]


class Book:
    """A workbook with its cell formats and unique sheet names."""

    def __init__(self, path: Path, locale: str, tz: str) -> None:
        self.wb: Workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True})
        self.locale, self.tz = locale, ZoneInfo(tz)
        self.fmt = {k: self.wb.add_format(v) for k, v in FORMATS.items()}
        self.header = self.wb.add_format({"bold": True, "bg_color": "#EEF2FF", "font_color": "#312E81", "bottom": 1})
        self.bold = self.wb.add_format({"bold": True})
        self.names: set[str] = set()

    def sheet(self, title: str) -> Worksheet:
        """A new sheet named after ``title`` (Excel's rules: 31 characters, none of []:*?/ or backslash, unique)."""
        base = _BAD_SHEET.sub(" ", title)[:31].strip() or "Dados"
        name, n = base, 2
        while name.lower() in self.names:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        self.names.add(name.lower())
        return self.wb.add_worksheet(name)

    def value(self, column: Column, value: Any) -> tuple[Any, Any]:
        """A cell's value as Excel wants it, and its format."""
        if value is None:
            return None, None
        if column.labels:
            return gettext(dict(column.labels).get(value, value), self.locale), None
        if column.type == "datetime" and isinstance(value, datetime):
            return value.astimezone(self.tz).replace(tzinfo=None), self.fmt["datetime"]
        if column.type in ("date", "month") and isinstance(value, date):
            return datetime(value.year, value.month, value.day), self.fmt[column.type]
        return value, self.fmt.get(column.type)


def _write_row(ws: Worksheet, row: int, values: list[tuple[Any, Any]]) -> None:
    for c, (value, fmt) in enumerate(values):
        if value is None:
            continue
        if isinstance(value, datetime):
            ws.write_datetime(row, c, value, fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(row, c, value, fmt)
        else:
            ws.write_string(row, c, str(value), fmt)


def _start_sheet(book: Book, title: str, columns: list[Column]) -> Worksheet:
    ws = book.sheet(title)
    for c, column in enumerate(columns):
        ws.set_column(c, c, WIDTHS.get(column.type, 14))
        ws.write_string(0, c, gettext(column.label, book.locale), book.header)
    ws.freeze_panes(1, 0)
    return ws


def _close_sheet(ws: Worksheet, rows: int, columns: int) -> None:
    ws.autofilter(0, 0, max(rows, 1), columns - 1)


def write_table(book: Book, table: Table, progress: Progress, *, rows_per_sheet: int = MAX_ROWS) -> list[str]:
    """A table on its sheet, continued on "(2)", "(3)"… past Excel's row limit; the names of its sheets."""
    title, n_cols = gettext(table.title, book.locale), len(table.columns)
    ws = _start_sheet(book, title, table.columns)
    sheets, row, total = [ws.name], 0, max(table.row_count, 1)
    for done, values in enumerate(table.iter_rows(), start=1):
        if row == rows_per_sheet - 1:
            _close_sheet(ws, row, n_cols)
            ws, row = _start_sheet(book, title, table.columns), 0
            sheets.append(ws.name)
        row += 1
        _write_row(ws, row, [book.value(c, v) for c, v in zip(table.columns, values, strict=True)])
        if done % 20000 == 0:
            progress(done / total)
    _close_sheet(ws, row, n_cols)
    return sheets


def write_summary(book: Book, report: Report) -> None:
    """The first sheet: what, for whom, when, with which filters, and the headline numbers."""
    # The title row and the facts under it are text; the numbers below are numbers with their formats.
    loc = book.locale
    ws = book.sheet(gettext("Resumo", loc))
    ws.set_column(0, 0, 42)
    ws.set_column(1, 1, 30)
    lines = [
        (gettext(TITLES[report.kind], loc), ""),
        (gettext("Organização", loc), report.tenant_name),
        (gettext("Período", loc), period_text(report.request, loc)),
        (gettext("Abrangência", loc), gettext(report.scope, loc)),
        (
            gettext("Filtros", loc),
            " · ".join(f"{gettext(k, loc)}: {v}" for k, v in report.filters) or gettext("Nenhum", loc),
        ),
        (
            gettext("Gerado em", loc),
            f"{moment_text(report.generated_at, loc, report.request.tz)} ({report.request.tz})",
        ),
    ]
    for r, (label, value) in enumerate(lines):
        ws.write_string(r, 0, label, book.bold)
        ws.write_string(r, 1, value)
    start = len(lines) + 1
    ws.write_string(start, 0, gettext("Indicador", loc), book.header)
    ws.write_string(start, 1, gettext("Valor", loc), book.header)
    for r, metric in enumerate(report.metrics, start=start + 1):
        ws.write_string(r, 0, gettext(metric.label, loc))
        ws.write_number(r, 1, metric.value, book.fmt.get(metric.type))


def write_series_charts(book: Book, report: Report, sheet: str, table: Table) -> None:
    """One native column chart per series, beside the month-by-month table."""
    ws = book.wb.get_worksheet_by_name(sheet)
    last = table.row_count
    for i, series in enumerate(report.series):
        chart = book.wb.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": [sheet, 0, i + 1],
                "categories": [sheet, 1, 0, last, 0],
                "values": [sheet, 1, i + 1, last, i + 1],
                "fill": {"color": ("#4F46E5", "#0891B2", "#D97706")[i % 3]},
            }
        )
        chart.set_title({"name": gettext(series.title, book.locale)})
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_format": "mmm/yyyy"})
        chart.set_y_axis({"num_format": "#,##0"})
        ws.insert_chart(1 + i * 16, len(table.columns) + 1, chart, {"x_scale": 1.2, "y_scale": 1.0})


def render_xlsx(report: Report, locale: str, target: Path, progress: Progress = lambda _p: None) -> Path:
    """Write the report's XLSX to ``target``."""
    book = Book(target, locale, report.request.tz)
    write_summary(book, report)
    tables = report.tables
    for n, table in enumerate(tables):
        sheets = write_table(book, table, lambda f, n=n: progress(100 * (n + f) / len(tables)))
        if table.key == "monthly":
            write_series_charts(book, report, sheets[0], table)
        progress(100 * (n + 1) / len(tables))
    book.wb.close()
    return target
