"""Values of a report as text in the reader's language: pt-BR numbers, R$, dates dd/mm/aaaa, month names."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from poc_tracker.i18n import format_size, gettext, normalize_locale
from poc_tracker.reports.model import Column


def month_label(month: date, locale: str, *, short: bool = True) -> str:
    """A month as people say it: "mar. 2026" (or "março 2026")."""
    return format_date(month, "LLL yyyy" if short else "LLLL yyyy", locale=normalize_locale(locale))


def day_text(value: date, locale: str) -> str:
    """dd/mm/aaaa in pt-BR (the locale's short date elsewhere)."""
    loc = normalize_locale(locale)
    return format_date(value, "dd/MM/yyyy" if loc == "pt_BR" else "yyyy-MM-dd", locale=loc)


def moment_text(value: datetime, locale: str, tz: str) -> str:
    """A date and time in the tenant's time zone."""
    loc = normalize_locale(locale)
    pattern = "dd/MM/yyyy HH:mm" if loc == "pt_BR" else "yyyy-MM-dd HH:mm"
    return format_datetime(value.astimezone(ZoneInfo(tz)), pattern, locale=loc)


def number_text(value: float | int, kind: str, locale: str) -> str:
    """A number of a given column type as text."""
    loc = normalize_locale(locale)
    if kind == "money":
        return format_currency(value, "BRL", locale=loc)
    if kind == "bytes":
        return format_size(int(value), loc)
    if kind == "percent":
        return format_percent(value, "#,##0.0%", locale=loc)
    return format_decimal(value, locale=loc)


def cell_text(column: Column, value: Any, locale: str, tz: str) -> str:
    """Any cell of a table as text (for the PDF and the page)."""
    if value is None:
        return "—"
    if column.labels:
        return gettext(dict(column.labels).get(value, value), locale)
    if column.type == "date":
        return day_text(value, locale)
    if column.type == "month":
        return month_label(value, locale, short=False)
    if column.type == "datetime":
        return moment_text(value, locale, tz)
    if column.type == "text":
        return str(value)
    return number_text(value, column.type, locale)


def change_text(change: float | None, locale: str) -> str:
    """+12,5% / −3,0% against the previous period, or "novo" when it had nothing."""
    if change is None:
        return gettext("sem base anterior", locale)
    sign = "+" if change > 0 else ""
    return sign + format_percent(change, "#,##0.0%", locale=normalize_locale(locale))
