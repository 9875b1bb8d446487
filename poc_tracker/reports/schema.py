"""The JSON Schema (draft 2020-12) of the reports' JSON, one per version; the API serves it."""

from __future__ import annotations

from typing import Any

from poc_tracker.reports.model import SCHEMA_VERSION

ISO_DATETIME = {"type": "string", "format": "date-time", "pattern": r"[+-]\d{2}:\d{2}$|Z$"}
COLUMN_TYPES = ["text", "int", "date", "month", "datetime", "money", "bytes", "percent"]
CELL = {"type": ["string", "number", "integer", "null"]}


def report_schema(version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """The schema of one version (only 1.0 exists: a new field means a new version)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"/api/v1/reports/schemas/{version}",
        "title": "POC Tracker report",
        "description": (
            "A usage or trends report of one tenant. Instants are ISO-8601 with their UTC offset in the tenant's "
            "time zone; days are YYYY-MM-DD, months YYYY-MM. Money is in reais (BRL), bytes are integers, "
            "percent columns are fractions (0.125 = 12.5%). Values of 'status' and 'decision' are codes."
        ),
        "type": "object",
        "required": [
            "schemaVersion",
            "kind",
            "tenant",
            "period",
            "scope",
            "generatedAt",
            "metrics",
            "series",
            "tables",
        ],
        "properties": {
            "$schema": {"type": "string"},
            "schemaVersion": {"const": version},
            "kind": {"enum": ["usage", "trends"]},
            "locale": {"enum": ["pt_BR", "en"]},
            "tenant": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
            "period": {
                "type": "object",
                "required": ["from", "to", "firstDay", "lastDay", "timeZone"],
                "properties": {
                    "from": {**ISO_DATETIME, "description": "first instant of the period"},
                    "to": {**ISO_DATETIME, "description": "first instant after the period"},
                    "firstDay": {"type": "string", "format": "date"},
                    "lastDay": {"type": "string", "format": "date"},
                    "timeZone": {"type": "string", "description": "IANA time zone of the tenant"},
                },
            },
            "scope": {"enum": ["tenant", "own_and_shared"]},
            "filters": {
                "type": "object",
                "properties": {
                    "language": {"type": ["string", "null"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "authorId": {"type": ["string", "null"], "format": "uuid"},
                    "collectionId": {"type": ["string", "null"], "format": "uuid"},
                },
            },
            "generatedAt": ISO_DATETIME,
            "empty": {"type": "boolean"},
            "metrics": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "label", "type", "value"],
                    "properties": {
                        "key": {"type": "string"},
                        "label": {"type": "string"},
                        "type": {"enum": COLUMN_TYPES},
                        "value": {"type": "number"},
                    },
                },
            },
            "series": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "title", "total", "previousTotal", "change", "points"],
                    "properties": {
                        "key": {"type": "string"},
                        "title": {"type": "string"},
                        "total": {"type": "integer"},
                        "previousTotal": {"type": "integer"},
                        "change": {"type": ["number", "null"], "description": "fraction against the previous period"},
                        "points": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["month", "value"],
                                "properties": {
                                    "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                                    "value": {"type": "integer"},
                                },
                            },
                        },
                    },
                },
            },
            "heatmap": {
                "type": ["object", "null"],
                "properties": {
                    "weekdayStart": {"const": "monday"},
                    "values": {
                        "type": "array",
                        "minItems": 7,
                        "maxItems": 7,
                        "items": {"type": "array", "minItems": 24, "maxItems": 24, "items": {"type": "integer"}},
                    },
                },
            },
            "tables": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["key", "title", "columns", "rowCount", "rows"],
                    "properties": {
                        "key": {"type": "string"},
                        "title": {"type": "string"},
                        "rowCount": {"type": "integer"},
                        "columns": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["key", "label", "type"],
                                "properties": {
                                    "key": {"type": "string"},
                                    "label": {"type": "string"},
                                    "type": {"enum": COLUMN_TYPES},
                                },
                            },
                        },
                        "rows": {"type": "array", "items": {"type": "object", "additionalProperties": CELL}},
                    },
                },
            },
        },
    }
