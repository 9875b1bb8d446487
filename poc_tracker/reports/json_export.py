"""The JSON of a report: versioned, documented by a JSON Schema the API serves, ISO-8601 with offsets.

Rows are written one at a time (a long table never sits in memory as one document).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from poc_tracker.i18n import gettext
from poc_tracker.reports.model import SCHEMA_VERSION, Column, Report, Table
from poc_tracker.reports.scope import WHOLE_TENANT
from poc_tracker.settings import get_settings

Progress = Callable[[float], None]
SCHEMA_PATH = f"/api/v1/reports/schemas/{SCHEMA_VERSION}"


def schema_url() -> str:
    """Where the API serves this version's schema."""
    return get_settings().app_url.rstrip("/") + SCHEMA_PATH


def _value(column: Column, value: Any, tz: ZoneInfo) -> Any:
    if value is None:
        return None
    if column.type == "datetime" and isinstance(value, datetime):
        return value.astimezone(tz).isoformat()
    if column.type == "month" and isinstance(value, date):
        return value.strftime("%Y-%m")
    if column.type == "date" and isinstance(value, date):
        return value.isoformat()
    return value


def _head(report: Report, locale: str) -> dict[str, Any]:
    req, tz = report.request, ZoneInfo(report.request.tz)
    return {
        "$schema": schema_url(),
        "schemaVersion": SCHEMA_VERSION,
        "kind": report.kind,
        "locale": locale,
        "tenant": {"name": report.tenant_name},
        "period": {
            "from": req.start.isoformat(),
            "to": req.end.isoformat(),
            "firstDay": req.first_day.isoformat(),
            "lastDay": req.last_day.isoformat(),
            "timeZone": req.tz,
        },
        "scope": "tenant" if report.scope == WHOLE_TENANT else "own_and_shared",
        "filters": req.filters.to_json(),
        "generatedAt": report.generated_at.astimezone(tz).isoformat(),
        "empty": report.empty,
        "metrics": [
            {"key": m.key, "label": gettext(m.label, locale), "type": m.type, "value": m.value} for m in report.metrics
        ],
        "series": [
            {
                "key": s.key,
                "title": gettext(s.title, locale),
                "total": s.total,
                "previousTotal": s.previous_total,
                "change": None if s.change is None else round(s.change, 4),
                "points": [{"month": m.strftime("%Y-%m"), "value": v} for m, v in s.points],
            }
            for s in report.series
        ],
        "heatmap": None if report.heatmap is None else {"weekdayStart": "monday", "values": report.heatmap},
    }


def _write_table(out: IO[str], table: Table, locale: str, tz: ZoneInfo, progress: Progress) -> None:
    head = {
        "key": table.key,
        "title": gettext(table.title, locale),
        "columns": [{"key": c.key, "label": gettext(c.label, locale), "type": c.type} for c in table.columns],
        "rowCount": table.row_count,
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [')
    total = max(table.row_count, 1)
    for n, row in enumerate(table.iter_rows()):
        record = {c.key: _value(c, v, tz) for c, v in zip(table.columns, row, strict=True)}
        out.write(("," if n else "") + json.dumps(record, ensure_ascii=False))
        if n and n % 20000 == 0:
            progress(n / total)
    out.write("]}")


def render_json(report: Report, locale: str, target: Path, progress: Progress = lambda _p: None) -> Path:
    """Write the report's JSON to ``target``."""
    tz = ZoneInfo(report.request.tz)
    with target.open("w", encoding="utf-8") as out:
        out.write(json.dumps(_head(report, locale), ensure_ascii=False)[:-1] + ', "tables": [')
        for n, table in enumerate(report.tables):
            if n:
                out.write(",")
            _write_table(out, table, locale, tz, lambda f, n=n: progress(100 * (n + f) / len(report.tables)))
        out.write("]}")
    return target
