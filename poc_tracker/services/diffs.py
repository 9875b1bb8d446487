"""Differences between two versions of a POC: metadata field by field, text files as unified diffs."""

from __future__ import annotations

import difflib
import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from poc_tracker.models import Poc, PocVersion
from poc_tracker.services.actor import Actor
from poc_tracker.services.blobs import read_blob
from poc_tracker.services.files import TEXT_MAX_BYTES, decode_text
from poc_tracker.services.history import access_version
from poc_tracker.services.pocs import access_poc_by_id
from poc_tracker.services.versions import META_FIELDS
from poc_tracker.storage import FileStore, get_file_store

DIFF_BUDGET_BYTES = 16 << 20  # content read for one diff; past it files are reported without their text diff


@dataclass(frozen=True)
class MetaChange:
    """One metadata field that differs."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class FileChange:
    """One path that differs; ``diff`` is None for binary or very large files."""

    path: str
    status: str  # added, removed, modified
    binary: bool
    diff: str | None
    before_size: int | None
    after_size: int | None


@dataclass(frozen=True)
class VersionDiff:
    """Everything that differs from one version to another."""

    before: PocVersion
    after: PocVersion
    meta: list[MetaChange]
    files: list[FileChange]


class _Reader:
    """Reads blobs as text within a byte budget."""

    def __init__(self, session: Session, store: FileStore, poc: Poc) -> None:
        self.session, self.store, self.poc, self.left = session, store, poc, DIFF_BUDGET_BYTES

    def text(self, entry: dict[str, Any] | None) -> tuple[list[str] | None, bool]:
        """(lines, binary): empty lines for no file, None when the text cannot be shown."""
        if entry is None:
            return [], False
        if entry["size"] > TEXT_MAX_BYTES or entry["size"] > self.left:
            return None, False
        self.left -= entry["size"]
        text = decode_text(read_blob(self.session, self.store, self.poc, entry["hash"]))
        return (None, True) if text is None else (text.splitlines(keepends=True), False)


def _file_change(reader: _Reader, path: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> FileChange:
    status = "added" if old is None else "removed" if new is None else "modified"
    (a, a_bin), (b, b_bin) = reader.text(old), reader.text(new)
    diff = None
    if a is not None and b is not None:
        diff = "".join(
            difflib.unified_diff(
                a, b, fromfile=f"a/{path}" if old else "/dev/null", tofile=f"b/{path}" if new else "/dev/null"
            )
        )
    return FileChange(path, status, a_bin or b_bin, diff, old["size"] if old else None, new["size"] if new else None)


def diff_versions(
    session: Session,
    *,
    actor: Actor,
    poc_id: uuid.UUID,
    before: int,
    after: int | None = None,
    store: FileStore | None = None,
) -> VersionDiff:
    """What differs from version ``before`` to version ``after`` (the latest when None)."""
    poc = access_poc_by_id(session, actor, poc_id)
    old = access_version(session, poc, before)
    new = access_version(session, poc, after if after is not None else poc.current_version)
    meta = [MetaChange(f, old.meta.get(f), new.meta.get(f)) for f in META_FIELDS if old.meta.get(f) != new.meta.get(f)]
    a, b = {e["path"]: e for e in old.tree}, {e["path"]: e for e in new.tree}
    reader = _Reader(session, store or get_file_store(), poc)
    files = [
        _file_change(reader, p, a.get(p), b.get(p))
        for p in sorted(a.keys() | b.keys())
        if a.get(p, {}).get("hash") != b.get(p, {}).get("hash")
    ]
    return VersionDiff(old, new, meta, files)
