"""The JSON Schema (draft 2020-12) of an export's data.json, derived from the exported tables' columns."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON

from poc_tracker.services.privacy.sections import SECTIONS, Section, camel, columns_of

SCHEMA_VERSION = "1"
SCHEMA_ID = f"https://poctracker.com.br/schemas/privacy-export/{SCHEMA_VERSION}.json"


def _type_of(column: Any) -> dict[str, Any]:
    try:
        py = dict if isinstance(column.type, JSON) else column.type.python_type
    except NotImplementedError:
        py = str
    if py is uuid.UUID:
        spec: dict[str, Any] = {"type": "string", "format": "uuid"}
    elif py is datetime:
        spec = {"type": "string", "format": "date-time"}
    elif py is bool:
        spec = {"type": "boolean"}
    elif py is int:
        spec = {"type": "integer"}
    elif py in (dict, list):
        spec = {"type": ["object", "array"]}
    else:
        spec = {"type": "string"}
    if column.nullable and not column.primary_key:
        spec["type"] = [*([spec["type"]] if isinstance(spec["type"], str) else spec["type"]), "null"]
    if column.comment:
        spec["description"] = column.comment
    return spec


def _record(section: Section) -> dict[str, Any]:
    props = {camel(c.name): _type_of(c) for c in columns_of(section)}
    if section.key == "pocFiles":
        props["archivePath"] = {"type": "string", "description": "Caminho do conteúdo do arquivo dentro do ZIP"}
    return {
        "type": "array",
        "description": section.title,
        "items": {"type": "object", "properties": props, "required": list(props), "additionalProperties": False},
    }


@cache
def export_schema() -> dict[str, Any]:
    """The schema every export's data.json validates against (also served at /api/v1/privacy/schema)."""
    sections = {s.key: _record(s) for s in SECTIONS}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Exportação de dados pessoais (LGPD art. 18, V)",
        "description": "Tudo o que o POC Tracker guarda sobre a pessoa (ou a organização) exportada.",
        "type": "object",
        "properties": {
            "schemaVersion": {"const": SCHEMA_VERSION},
            "generatedAt": {"type": "string", "format": "date-time"},
            "tenantId": {"type": "string", "format": "uuid"},
            **sections,
        },
        "required": ["schemaVersion", "generatedAt", "tenantId", *sections],
        "additionalProperties": False,
    }
