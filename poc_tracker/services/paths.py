"""File names users send: decoded strictly as UTF-8 and checked for anything that leaves the POC's tree."""

from __future__ import annotations

import re
import unicodedata

from poc_tracker.errors import Invalid

MAX_PATH_CHARS, MAX_SEGMENT_BYTES = 500, 255
_DRIVE = re.compile(r"^[A-Za-z]:")


def decode_name(raw: bytes | str) -> str:
    """A client-sent file name as text; non-UTF-8 bytes (or lone surrogates) are refused."""
    try:
        return raw.decode("utf-8") if isinstance(raw, bytes) else raw.encode("utf-8").decode("utf-8")
    except UnicodeError:
        shown = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw.encode("utf-8", "replace").decode()
        raise Invalid(
            "O nome de arquivo {name} não está em UTF-8.", code="invalid_file_name", details={"name": shown}, name=shown
        ) from None


def _unsafe(path: str) -> Invalid:
    return Invalid("Caminho de arquivo não permitido: {path}.", code="unsafe_path", details={"path": path}, path=path)


def clean_path(raw: str) -> str:
    """A relative POSIX path inside the POC: no ``..``, no absolute path, no backslash or drive letter."""
    if not raw:
        raise Invalid("Um arquivo veio sem nome.", code="invalid_file_name", details={"name": ""})
    if any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise _unsafe(raw.encode("unicode_escape").decode("ascii"))
    if "\\" in raw or raw.startswith("/") or _DRIVE.match(raw):
        raise _unsafe(raw)
    if any(seg in ("", ".", "..") for seg in raw.split("/")):
        raise _unsafe(raw)
    path = unicodedata.normalize("NFC", raw)
    if len(path) > MAX_PATH_CHARS or any(len(s.encode()) > MAX_SEGMENT_BYTES for s in path.split("/")):
        raise Invalid(
            "Caminho de arquivo longo demais: {path}.",
            code="path_too_long",
            details={"path": path[:80]},
            path=path[:80],
        )
    return path


def parent_dirs(path: str) -> list[str]:
    """``a/b/c.txt`` → ``["a", "a/b"]``."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def check_conflicts(paths: list[str], existing: set[str]) -> None:
    """Refuse duplicates in one upload and a path that is both a file and a folder."""
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            raise Invalid(
                "O caminho {path} aparece mais de uma vez no envio.",
                code="duplicate_path",
                details={"path": path},
                path=path,
            )
        seen.add(path)
    final = seen | existing
    dirs = {d for p in final for d in parent_dirs(p)}
    for path in paths:
        clash = path if path in dirs else next((d for d in parent_dirs(path) if d in final), None)
        if clash is not None:
            raise Invalid(
                "O caminho {path} é ao mesmo tempo arquivo e pasta.",
                code="path_conflict",
                details={"path": clash},
                path=clash,
            )
