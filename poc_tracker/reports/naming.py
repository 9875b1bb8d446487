"""A report's name in the reader's language: its file name and its line in the list."""

from __future__ import annotations

from typing import Any

from poc_tracker.i18n import gettext
from poc_tracker.reports.fmt import day_text
from poc_tracker.reports.model import TITLES
from poc_tracker.reports.params import ReportRequest, request_from_params


def file_name(req: ReportRequest, locale: str) -> str:
    """The file's name in the owner's language: "Relatório de uso 01-03-2026 a 31-03-2026.pdf"."""
    start, end = (day_text(d, locale).replace("/", "-") for d in (req.first_day, req.last_day))
    return (
        f"{gettext(TITLES[req.kind], locale)} {gettext('{start} a {end}', locale, start=start, end=end)}.{req.format}"
    )


def describe(params: dict[str, Any], locale: str) -> str:
    """A report job in words, for the list on the page."""
    try:
        req = request_from_params(params)
    except Exception:  # a row written by an older version: name it by its kind
        return gettext(TITLES.get(params.get("kind", ""), "Relatório"), locale)
    return file_name(req, locale)
