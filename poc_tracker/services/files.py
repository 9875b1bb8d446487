"""A POC's files: upload (files or an unpacked zip), tree, download, text view, delete; each change a version."""

from __future__ import annotations

import mimetypes
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from poc_tracker.errors import Conflict, Invalid, NotFound, TooLarge
from poc_tracker.i18n import N_
from poc_tracker.models import Poc, PocFile, PocVersion, Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services import quotas
from poc_tracker.services.actor import Actor
from poc_tracker.services.blobs import put_blob, read_blob, stored_hashes
from poc_tracker.services.events import emit
from poc_tracker.services.languages import highlight_language
from poc_tracker.services.paths import check_conflicts
from poc_tracker.services.pocs import access_poc_by_id, require_edit
from poc_tracker.services.uploads import Candidate, Limits, UploadItem, read_upload
from poc_tracker.services.versions import record_version
from poc_tracker.settings import get_settings
from poc_tracker.storage import FileStore, blob_key, get_file_store

TEXT_MAX_BYTES = 1 << 20
EVENT_PATHS = 50  # paths named in one event; the counts are always whole


@dataclass
class UploadResult:
    """What an upload changed."""

    poc: Poc
    version: PocVersion | None
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    files: list[PocFile] = field(default_factory=list)
    new_blobs: int = 0


@dataclass(frozen=True)
class Download:
    """How to hand a file over: a URL to redirect to, or the bytes themselves."""

    filename: str
    mime_type: str
    size: int
    url: str | None
    data: bytes | None


@dataclass(frozen=True)
class TextContent:
    """A text file's content with its highlighting language."""

    file: PocFile
    language: str
    text: str


def mime_for(path: str) -> str:
    """The MIME type guessed from the name (never from what the client claims)."""
    return (mimetypes.guess_type(path, strict=False)[0] or "application/octet-stream")[:100]


def lock_poc(session: Session, poc: Poc) -> None:
    """Serialise writers of one POC (version numbers, tree) with a row lock on PostgreSQL."""
    session.refresh(poc, with_for_update=True)


def editable_poc(session: Session, actor: Actor, poc_id: uuid.UUID) -> Poc:
    """The POC if the actor may change it: NotFound for others' tenants, Forbidden for others' POCs."""
    poc = access_poc_by_id(session, actor, poc_id)
    require_edit(actor, poc)
    return poc


def access_file(session: Session, actor: Actor, poc_id: uuid.UUID, file_id: uuid.UUID) -> tuple[Poc, PocFile]:
    """A file of a POC of the actor's tenant; missing and foreign look the same."""
    poc = access_poc_by_id(session, actor, poc_id)
    found = session.exec(
        select(PocFile).where(PocFile.id == file_id, PocFile.poc_id == poc.id, PocFile.tenant_id == actor.tenant_id)
    ).first()
    if found is None:
        raise NotFound("Arquivo não encontrado.", code="file_not_found")
    return poc, found


def tree_files(session: Session, poc: Poc) -> list[PocFile]:
    """The POC's current files, sorted by path."""
    return list(
        session.exec(
            select(PocFile)
            .where(PocFile.poc_id == poc.id, PocFile.tenant_id == poc.tenant_id)
            .order_by(col(PocFile.path))
        ).all()
    )


def list_files(session: Session, *, actor: Actor, poc_id: uuid.UUID) -> tuple[Poc, list[PocFile]]:
    """A POC and its current files."""
    poc = access_poc_by_id(session, actor, poc_id)
    return poc, tree_files(session, poc)


def _limits(session: Session, actor: Actor) -> Limits:
    # Only the plan here (cheap); check_storage_quota sums the tenant's storage once, after reading.
    s = get_settings()
    plan = session.exec(select(Tenant.plan).where(Tenant.id == actor.tenant_id)).one()
    return Limits(
        max_files=s.upload_max_files,
        max_file_bytes=quotas.limits_for(plan)["file_bytes"],
        zip_max_bytes=s.zip_max_bytes,
        zip_max_ratio=s.zip_max_ratio,
    )


def _apply(
    session: Session, poc: Poc, candidates: list[Candidate], existing: dict[str, PocFile], result: UploadResult
) -> None:
    now = utcnow()
    for c in candidates:
        row = existing.get(c.path)
        if row is not None and row.blob_hash == c.sha256:
            result.unchanged.append(c.path)
            continue
        if row is None:
            row = PocFile(
                tenant_id=poc.tenant_id,
                poc_id=poc.id,
                path=c.path,
                blob_hash=c.sha256,
                size=c.size,
                mime_type=mime_for(c.path),
            )
            result.added.append(c.path)
        else:
            row.blob_hash, row.size, row.mime_type, row.updated_at = c.sha256, c.size, mime_for(c.path), now
            result.updated.append(c.path)
        session.add(row)
        result.files.append(row)


def _changed(session: Session, actor: Actor, poc: Poc, message: str, **payload: Any) -> PocVersion | None:
    """Record a version and tell the world, when the tree really changed."""
    poc.updated_at = utcnow()
    version = record_version(session, actor=actor, poc=poc, message=message)
    if version is not None:
        emit(
            session,
            tenant_id=poc.tenant_id,
            actor_id=actor.user_id,
            kind="poc.files_changed",
            target_type="poc",
            target_id=poc.id,
            version=version.number,
            **payload,
        )
    return version


def upload_files(
    session: Session,
    *,
    actor: Actor,
    poc_id: uuid.UUID,
    items: list[UploadItem],
    unzip: bool = False,
    message: str = "",
    store: FileStore | None = None,
) -> UploadResult:
    """Add or replace files; with ``unzip``, ``*.zip`` parts are unpacked at the root of the tree.

    Everything is checked before the first byte is stored; identical content is stored once per POC.
    """
    poc = editable_poc(session, actor, poc_id)
    lock_poc(session, poc)
    store = store or get_file_store()
    result = UploadResult(poc=poc, version=None)
    with ExitStack() as stack:
        candidates = read_upload(items, unzip=unzip, limits=_limits(session, actor), stack=stack)
        existing = {f.path: f for f in tree_files(session, poc)}
        check_conflicts([c.path for c in candidates], set(existing))
        known = stored_hashes(session, poc, (c.sha256 for c in candidates))
        new = {c.sha256: c for c in candidates if c.sha256 not in known}
        quotas.check_storage_quota(
            session,
            actor=actor,
            new_bytes=sum(c.size for c in new.values()),
            largest_file=max(c.size for c in candidates),
        )
        for c in new.values():
            put_blob(session, store, poc, c.sha256, c.read())
        result.new_blobs = len(new)
        _apply(session, poc, candidates, existing, result)
    if result.added or result.updated:
        session.flush()
        result.version = _changed(
            session,
            actor,
            poc,
            message or N_("Arquivos enviados"),
            added=result.added[:EVENT_PATHS],
            updated=result.updated[:EVENT_PATHS],
            removed=[],
            counts={"added": len(result.added), "updated": len(result.updated)},
        )
    return result


def delete_file(
    session: Session, *, actor: Actor, poc_id: uuid.UUID, file_id: uuid.UUID, message: str = ""
) -> PocVersion | None:
    """Remove a file from the tree (its content stays for older versions until the POC is purged)."""
    poc, row = access_file(session, actor, poc_id, file_id)
    require_edit(actor, poc)
    lock_poc(session, poc)
    session.delete(row)
    session.flush()
    return _changed(
        session,
        actor,
        poc,
        message or N_("Arquivo removido"),
        added=[],
        updated=[],
        removed=[row.path],
        counts={"removed": 1},
    )


def set_tree(session: Session, poc: Poc, tree: list[dict[str, Any]]) -> None:
    """Make the current tree equal to a version's tree (ids of kept paths stay)."""
    missing = {e["hash"] for e in tree} - stored_hashes(session, poc, (e["hash"] for e in tree))
    if missing:
        raise Conflict(
            "O conteúdo desta versão não está mais disponível.",
            code="blob_missing",
            details={"hashes": sorted(missing)[:10]},
        )
    wanted = {e["path"]: e for e in tree}
    now = utcnow()
    for row in tree_files(session, poc):
        entry = wanted.pop(row.path, None)
        if entry is None:
            session.delete(row)
        elif entry["hash"] != row.blob_hash:
            row.blob_hash, row.size, row.mime_type, row.updated_at = entry["hash"], entry["size"], entry["mime"], now
            session.add(row)
    for path, e in wanted.items():
        session.add(
            PocFile(
                tenant_id=poc.tenant_id,
                poc_id=poc.id,
                path=path,
                blob_hash=e["hash"],
                size=e["size"],
                mime_type=e["mime"],
            )
        )
    session.flush()


def download(
    session: Session, *, actor: Actor, poc_id: uuid.UUID, file_id: uuid.UUID, store: FileStore | None = None
) -> Download:
    """A presigned URL when the store has them (S3), else the bytes."""
    store = store or get_file_store()
    poc, row = access_file(session, actor, poc_id, file_id)
    url = store.url_for(blob_key(poc.tenant_id, poc.id, row.blob_hash), row.path, row.mime_type)
    data = None if url else read_blob(session, store, poc, row.blob_hash)
    return Download(row.path.rsplit("/", 1)[-1], row.mime_type, row.size, url, data)


def decode_text(data: bytes) -> str | None:
    """UTF-8 text without NUL bytes, or None for anything binary."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_text(
    session: Session, *, actor: Actor, poc_id: uuid.UUID, file_id: uuid.UUID, store: FileStore | None = None
) -> TextContent:
    """A text file's content (UTF-8, up to 1 MiB) and the language to highlight it as."""
    poc, row = access_file(session, actor, poc_id, file_id)
    if row.size > TEXT_MAX_BYTES:
        raise TooLarge(
            "Arquivo grande demais para exibir (máximo de {max} bytes).",
            code="text_too_large",
            details={"max": TEXT_MAX_BYTES, "size": row.size},
            max=TEXT_MAX_BYTES,
        )
    text = decode_text(read_blob(session, store or get_file_store(), poc, row.blob_hash))
    if text is None:
        raise Invalid("Este arquivo não é texto UTF-8; baixe-o para ver.", code="not_text", details={"path": row.path})
    return TextContent(row, highlight_language(row.path), text)
