"""The export ZIP: data.json (validated by schema.json), one CSV per section, the files, a README and SHA-256 sums.

Reusable for any set of people and POCs of one tenant (``ExportScope``): a person's export holds them and the
POCs they authored; a tenant's export holds everyone and every POC.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import uuid
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from poc_tracker.models import Blob, Poc, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.privacy.readme import readme_text
from poc_tracker.services.privacy.schema import SCHEMA_VERSION, export_schema
from poc_tracker.services.privacy.sections import SECTIONS, ExportScope, Section, camel, columns_of
from poc_tracker.storage import FileStore, get_file_store

FILES_DIR = "arquivos"


def person_scope(session: Session, *, tenant_id: uuid.UUID, user_id: uuid.UUID) -> ExportScope:
    """One person and the POCs they authored (deleted ones too: they are still about them)."""
    user = session.exec(select(User).where(User.id == user_id, User.tenant_id == tenant_id)).one()
    pocs = session.exec(select(Poc.id).where(Poc.tenant_id == tenant_id, Poc.owner_id == user_id)).all()
    return ExportScope(tenant_id, frozenset({user_id}), frozenset(pocs), frozenset({user.email}))


def people_scope(
    session: Session, *, tenant_id: uuid.UUID, user_ids: set[uuid.UUID], poc_ids: set[uuid.UUID]
) -> ExportScope:
    """Any people and POCs of one tenant (a tenant export passes all of them)."""
    emails = session.exec(select(User.email).where(User.tenant_id == tenant_id, col(User.id).in_(user_ids))).all()
    return ExportScope(tenant_id, frozenset(user_ids), frozenset(poc_ids), frozenset(emails))


def _json_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def section_rows(session: Session, section: Section, scope: ExportScope) -> list[dict[str, Any]]:
    """The section's records of the scope (only this tenant's rows), keyed in camelCase."""
    model = section.model
    query = select(model).where(model.tenant_id == scope.tenant_id, *section.where(scope))  # type: ignore[attr-defined]
    cols = columns_of(section)
    return [{camel(c.name): _json_value(getattr(row, c.key)) for c in cols} for row in session.exec(query).all()]


def collect(session: Session, scope: ExportScope) -> dict[str, Any]:
    """Everything in scope, as data.json holds it."""
    data: dict[str, Any] = {
        "schemaVersion": SCHEMA_VERSION,
        "generatedAt": utcnow().isoformat(),
        "tenantId": str(scope.tenant_id),
    }
    for section in SECTIONS:
        data[section.key] = section_rows(session, section, scope)
    for f in data["pocFiles"]:
        f["archivePath"] = archive_path(f["pocId"], f["path"])
    return data


def archive_path(poc_id: str, path: str) -> str:
    """Where a POC's file sits in the ZIP (its stored path is already clean; normalised again all the same)."""
    clean = posixpath.normpath("/" + path).lstrip("/")
    return f"{FILES_DIR}/{poc_id}/{clean}"


def _csv(rows: list[dict[str, Any]], section: Section) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    keys = [camel(c.name) for c in columns_of(section)]
    writer.writerow(keys)
    for r in rows:
        writer.writerow(["" if r.get(k) is None else _cell(r.get(k)) for k in keys])
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _file_blobs(session: Session, scope: ExportScope, files: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(archive path, storage key) of every current POC file in scope."""
    keys = dict(
        ((str(b.poc_id), b.hash), b.storage_key)
        for b in session.exec(
            select(Blob).where(Blob.tenant_id == scope.tenant_id, col(Blob.poc_id).in_(scope.poc_ids))
        ).all()
    )
    for f in files:
        key = keys.get((f["pocId"], f["blobHash"]))
        if key:
            yield f["archivePath"], key


def write_export(
    session: Session,
    scope: ExportScope,
    dest: Path,
    *,
    locale: str = "pt_BR",
    store: FileStore | None = None,
    progress: Callable[[float], None] | None = None,
) -> Path:
    """Write the ZIP to ``dest`` and return it; every entry is listed with its SHA-256 in SHA256SUMS.txt."""
    store = store or get_file_store()
    data = collect(session, scope)
    sums: list[tuple[str, str]] = []
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, payload: bytes) -> None:
            zf.writestr(name, payload)
            sums.append((hashlib.sha256(payload).hexdigest(), name))

        put("data.json", json.dumps(data, ensure_ascii=False, indent=2).encode())
        put("schema.json", json.dumps(export_schema(), ensure_ascii=False, indent=2).encode())
        for section in SECTIONS:
            put(f"csv/{section.key}.csv", _csv(data[section.key], section).encode("utf-8-sig"))
        put("LEIA-ME.md", readme_text(data, locale).encode())
        blobs = list(_file_blobs(session, scope, data["pocFiles"]))
        for i, (name, key) in enumerate(blobs, 1):
            put(name, store.get(key))
            if progress:
                progress(10 + 85 * i / len(blobs))
        zf.writestr("SHA256SUMS.txt", "".join(f"{h}  {n}\n" for h, n in sums))
    return dest
