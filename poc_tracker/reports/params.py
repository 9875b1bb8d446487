"""What a report is asked for: kind, format, period (in the tenant's time zone) and filters, validated."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from poc_tracker.errors import Invalid
from poc_tracker.i18n import N_

KINDS = ("usage", "trends")
FORMATS = ("pdf", "xlsx", "json")
PRESETS = ("this_month", "last_3_months", "last_12_months", "this_year", "custom")
MAX_DAYS = 366 * 5
MAX_TAGS = 10
_TAG = re.compile(r"^[\w .+#-]{1,50}$")


@dataclass(frozen=True)
class Filters:
    """Narrowing of a report: any of language, tags (all must match), author, collection."""

    language: str | None = None
    tags: tuple[str, ...] = ()
    author_id: uuid.UUID | None = None
    collection_id: uuid.UUID | None = None

    def to_json(self) -> dict[str, Any]:
        """As stored in the job's params and shown in the API (camelCase)."""
        return {
            "language": self.language,
            "tags": list(self.tags),
            "authorId": str(self.author_id) if self.author_id else None,
            "collectionId": str(self.collection_id) if self.collection_id else None,
        }


@dataclass(frozen=True)
class ReportRequest:
    """A validated request: the period is [start, end) in UTC, computed from local days in ``tz``."""

    kind: str
    format: str
    first_day: date
    last_day: date
    tz: str
    filters: Filters = field(default_factory=Filters)

    @property
    def start(self) -> datetime:
        """The first instant of the period."""
        return datetime.combine(self.first_day, time.min, ZoneInfo(self.tz))

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, ZoneInfo(self.tz))

    def previous(self) -> ReportRequest:
        """The period of the same length right before this one (for the change against it)."""
        days = (self.last_day - self.first_day).days + 1
        last = self.first_day - timedelta(days=1)
        return ReportRequest(self.kind, self.format, last - timedelta(days=days - 1), last, self.tz, self.filters)

    def to_params(self) -> dict[str, Any]:
        """What the job row keeps (JSON)."""
        return {
            "kind": self.kind,
            "format": self.format,
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
            "tz": self.tz,
            "filters": self.filters.to_json(),
        }


def _invalid(field_name: str, message: str = N_("Valor inválido para {field}."), **params: object) -> Invalid:
    return Invalid(message, code="invalid_report", details={"field": field_name}, field=field_name, **params)


def _choice(value: object, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise _invalid(name)
    return str(value)


def _day(value: object, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _invalid(name, N_("Data inválida em {field} (use AAAA-MM-DD).")) from None


def _uuid(value: object, name: str) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise _invalid(name) from None


def parse_filters(raw: dict[str, Any] | None) -> Filters:
    """Filters from the API or the page, checked for shape and size."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise _invalid("filters")
    tags = raw.get("tags") or []
    well_formed = isinstance(tags, list) and all(isinstance(t, str) and _TAG.match(t) for t in tags)
    if not well_formed or len(tags) > MAX_TAGS:
        raise _invalid("filters.tags")
    language = raw.get("language") or None
    if language is not None and (not isinstance(language, str) or len(language) > 40):
        raise _invalid("filters.language")
    return Filters(
        language=language.strip().lower() if language else None,
        tags=tuple(sorted({t.strip().lower() for t in tags})),
        author_id=_uuid(raw.get("authorId"), "filters.authorId"),
        collection_id=_uuid(raw.get("collectionId"), "filters.collectionId"),
    )


def zone(name: str | None, fallback: str) -> str:
    """A known IANA time zone name (the tenant's, else the default)."""
    for candidate in (name, fallback):
        if candidate:
            try:
                ZoneInfo(candidate)
                return candidate
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return "America/Sao_Paulo"


def preset_days(preset: str, today: date) -> tuple[date, date]:
    """The first and last day of a preset period, ending today."""
    if preset == "this_month":
        return today.replace(day=1), today
    if preset == "this_year":
        return today.replace(month=1, day=1), today
    months = {"last_3_months": 3, "last_12_months": 12}.get(preset)
    if months is None:
        raise _invalid("preset")
    year, month = today.year, today.month - months + 1
    while month <= 0:
        year, month = year - 1, month + 12
    return date(year, month, 1), today


def parse_request(raw: dict[str, Any], *, tz: str) -> ReportRequest:
    """A report request from the API's body or the page's form (from/to are local days, inclusive)."""
    kind = _choice(raw.get("kind"), KINDS, "kind")
    fmt = _choice(raw.get("format"), FORMATS, "format")
    first, last = _day(raw.get("from"), "from"), _day(raw.get("to"), "to")
    if last < first:
        raise _invalid("to", N_("O fim do período vem antes do início."))
    if (last - first).days + 1 > MAX_DAYS:
        raise _invalid("to", N_("O período pode ter no máximo {days} dias."), days=MAX_DAYS)
    return ReportRequest(kind, fmt, first, last, tz, parse_filters(raw.get("filters")))


def request_from_params(params: dict[str, Any]) -> ReportRequest:
    """The request a job row keeps, back (already validated when it was made)."""
    return parse_request({**params, "filters": params.get("filters")}, tz=params["tz"])
