"""What a device keeps for offline reading, in one answer: favourites and opened POCs with their text files.

The browser used to ask for each POC, each file listing and each file's text (about 37 requests for ten
favourites), enough for a few sessions in a minute to meet the rate limit. One bundle replaces them; POCs the
device already holds unchanged come without their files.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from poc_tracker.models import Poc, PocFile
from poc_tracker.services import favorites
from poc_tracker.services.actor import Actor
from poc_tracker.services.blobs import read_blob
from poc_tracker.services.files import decode_text, tree_files
from poc_tracker.services.languages import highlight_language
from poc_tracker.services.pocs import pocs_by_ids
from poc_tracker.settings import get_settings
from poc_tracker.storage import FileStore, get_file_store

MAX_FAVORITES = 100
MAX_OPENED = 60
MAX_FILES_PER_POC = 30
MAX_TEXT_FILE_BYTES = 256 * 1024
TEXT_MIME = re.compile(r"^text/|json|xml|javascript|typescript|yaml|toml|x-sh|sql|markdown")


@dataclass(frozen=True)
class OfflineFile:
    """A text file kept with its POC."""

    file: PocFile
    language: str
    text: str


@dataclass(frozen=True)
class OfflinePoc:
    """A POC to keep; ``files`` is None when the device already has this very version (keep its files)."""

    poc: Poc
    files: list[OfflineFile] | None


@dataclass(frozen=True)
class OfflineBundle:
    """Everything a device refreshes at once."""

    favorites: list[uuid.UUID]
    pocs: list[OfflinePoc]
    gone: list[uuid.UUID]  # asked for, but deleted or not visible to this user: the device drops them


def _texty(row: PocFile) -> bool:
    return bool(TEXT_MIME.search(row.mime_type or "")) or highlight_language(row.path) != "text"


def text_files(session: Session, poc: Poc, store: FileStore, budget: int) -> list[OfflineFile]:
    """Up to 30 of the POC's text files, each at most 256 KiB, within ``budget`` bytes."""
    out: list[OfflineFile] = []
    for row in tree_files(session, poc):
        if len(out) >= MAX_FILES_PER_POC:
            break
        if not _texty(row) or row.size > MAX_TEXT_FILE_BYTES or row.size > budget:
            continue
        text = decode_text(read_blob(session, store, poc, row.blob_hash))
        if text is not None:
            out.append(OfflineFile(row, highlight_language(row.path), text))
            budget -= row.size
    return out


def offline_bundle(
    session: Session,
    *,
    actor: Actor,
    opened: list[uuid.UUID],
    known: dict[uuid.UUID, datetime],
    max_bytes: int,
    with_favorites: bool = True,
    store: FileStore | None = None,
) -> OfflineBundle:
    """The actor's favourites and the POCs the device opened, newest data only, within ``max_bytes`` of text."""
    actor.require("pocs:read")
    store = store or get_file_store()
    budget = max(0, min(max_bytes, get_settings().offline_max_bytes))
    starred = favorites.list_favorites(session, actor=actor, limit=MAX_FAVORITES)[0] if with_favorites else []
    asked = list(dict.fromkeys(opened[:MAX_OPENED]))
    found = {p.id: p for p in pocs_by_ids(session, actor=actor, poc_ids=asked)}
    chosen = list({p.id: p for p in [*starred, *found.values()]}.values())
    kept: list[OfflinePoc] = []
    for poc in chosen:
        if known.get(poc.id) == poc.updated_at:
            kept.append(OfflinePoc(poc, None))
            continue
        files = text_files(session, poc, store, min(budget, max_bytes // 4)) if poc.file_count else []
        budget -= sum(f.file.size for f in files)
        kept.append(OfflinePoc(poc, files))
    return OfflineBundle([p.id for p in starred], kept, [i for i in asked if i not in found])
