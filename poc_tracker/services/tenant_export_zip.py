"""The tenant export's ZIP: every table of the tenant (secrets left out), its files, a schema, a README, sums.

Same layout as the person export (data.json + schema.json, csv/, arquivos/, LEIA-ME.md, SHA256SUMS.txt);
meant to give way to the shared export builder (``services/privacy/export``) once both are on main.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import uuid
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, Table, select
from sqlmodel import Session

from poc_tracker.i18n import N_, gettext
from poc_tracker.models import Blob, PocFile, Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services.tenant_erasure import tenant_tables
from poc_tracker.storage import FileStore, get_file_store

SCHEMA_VERSION = "1"
# Machinery, not the organisation's data, or secrets that must never leave (tokens, sealed keys, hashes).
SKIP_TABLES = frozenset(
    {"outbox_pending", "domain_events", "account_tokens", "refresh_tokens", "mfa_challenges", "oidc_flows",
     "mfa_recovery_codes", "mfa_totp", "mail_messages", "jobs"}
)  # fmt: skip
SECRET_SUFFIXES = ("_hash", "_sealed", "_secret")
KEEP = frozenset({"blob_hash", "hash"})  # content addresses, not secrets


def camel(name: str) -> str:
    """``poc_id`` → ``pocId``."""
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def exported_columns(table: Table) -> list[Column]:
    """The columns a table exports: all but secrets."""
    return [c for c in table.c if c.name in KEEP or not c.name.endswith(SECRET_SUFFIXES)]


def sections() -> list[Table]:
    """The tables exported, parents first."""
    return [t for t in reversed(tenant_tables()) if t.name not in SKIP_TABLES]


def _value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def collect(session: Session, tenant_id: uuid.UUID) -> dict[str, Any]:
    """The tenant's data as data.json holds it."""
    tenant = session.exec(select(Tenant).where(Tenant.id == tenant_id)).one()[0]
    data: dict[str, Any] = {
        "schemaVersion": SCHEMA_VERSION,
        "generatedAt": utcnow().isoformat(),
        "tenant": {"id": str(tenant.id), "name": tenant.name, "subdomain": tenant.subdomain, "plan": tenant.plan},
    }
    for table in sections():
        cols = exported_columns(table)
        rows = session.execute(select(*cols).where(table.c.tenant_id == tenant_id)).all()
        data[camel(table.name)] = [{camel(c.name): _value(v) for c, v in zip(cols, row, strict=True)} for row in rows]
    return data


def export_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of data.json."""
    props: dict[str, Any] = {"schemaVersion": {"const": SCHEMA_VERSION}, "generatedAt": {"type": "string"}}
    props["tenant"] = {"type": "object", "required": ["id", "name", "subdomain"]}
    for table in sections():
        fields = {camel(c.name): {"type": _json_type(c)} for c in exported_columns(table)}
        props[camel(table.name)] = {"type": "array", "items": {"type": "object", "properties": fields}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "POC Tracker — exportação da organização",
        "type": "object",
        "required": list(props),
        "properties": props,
    }


def _json_type(column: Column) -> list[str]:
    if isinstance(column.type, JSON):
        return ["object", "array", "null"]  # roles, settings, details: a list or an object
    try:
        py = column.type.python_type
    except NotImplementedError:
        return ["string", "null"]
    kinds = {bool: "boolean", int: "integer", float: "number"}
    return [kinds.get(py, "string"), "null"]


def _csv(rows: list[dict[str, Any]], keys: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(keys)
    for r in rows:
        writer.writerow(["" if r.get(k) is None else _cell(r[k]) for k in keys])
    return out.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text  # a spreadsheet never runs user text


def _files(session: Session, tenant_id: uuid.UUID) -> list[tuple[str, str]]:
    """(archive path, storage key) of every current POC file."""
    rows = session.execute(
        select(PocFile.poc_id, PocFile.path, Blob.storage_key)
        .join(Blob, (Blob.poc_id == PocFile.poc_id) & (Blob.hash == PocFile.blob_hash))
        .where(PocFile.tenant_id == tenant_id)
    ).all()
    return [(f"arquivos/{poc}/{posixpath.normpath('/' + path).lstrip('/')}", key) for poc, path, key in rows]


README = N_(
    "Exportação da organização {name} ({subdomain}) no POC Tracker, gerada em {when}.\n\n"
    "- data.json: todos os dados da organização (pessoas, POCs, versões, coleções, Dojos, auditoria…);"
    " o formato está descrito em schema.json (JSON Schema).\n"
    "- csv/: as mesmas seções em CSV, uma por arquivo.\n"
    "- arquivos/: os arquivos de cada POC, em pastas com o id da POC.\n"
    "- SHA256SUMS.txt: o SHA-256 de cada arquivo desta exportação (confira com `sha256sum -c SHA256SUMS.txt`).\n\n"
    "Senhas, códigos e chaves de acesso não são exportados.\n"
)


def write_tenant_export(
    session: Session,
    tenant_id: uuid.UUID,
    dest: Path,
    locale: str = "pt_BR",
    progress: Callable[[float], None] | None = None,
    *,
    store: FileStore | None = None,
) -> Path:
    """Write the ZIP to ``dest``; every entry is listed with its SHA-256 in SHA256SUMS.txt."""
    store = store or get_file_store()
    data = collect(session, tenant_id)
    sums: list[str] = []
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, payload: bytes) -> None:
            zf.writestr(name, payload)
            sums.append(f"{hashlib.sha256(payload).hexdigest()}  {name}\n")

        put("data.json", json.dumps(data, ensure_ascii=False, indent=2).encode())
        put("schema.json", json.dumps(export_schema(), ensure_ascii=False, indent=2).encode())
        for table in sections():
            put(
                f"csv/{camel(table.name)}.csv",
                _csv(data[camel(table.name)], [camel(c.name) for c in exported_columns(table)]),
            )
        tenant = data["tenant"]
        put(
            "LEIA-ME.md",
            gettext(
                README, locale, name=tenant["name"], subdomain=tenant["subdomain"], when=data["generatedAt"]
            ).encode(),
        )
        files = _files(session, tenant_id)
        for i, (name, key) in enumerate(files, 1):
            put(name, store.get(key))
            if progress:
                progress(10 + 85 * i / len(files))
        zf.writestr("SHA256SUMS.txt", "".join(sums))
    return dest
