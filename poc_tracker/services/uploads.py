"""Reading an upload before anything is stored: names, sizes, counts, hashes, and zips opened with care.

Nothing here writes; every check counts real bytes as they are read and never trusts a zip's headers.
"""

from __future__ import annotations

import hashlib
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import BinaryIO

from poc_tracker.errors import Invalid, TooLarge
from poc_tracker.services.paths import clean_path, decode_name
from poc_tracker.services.quotas import QuotaExceeded

CHUNK = 64 * 1024
RATIO_FLOOR = 1 << 20  # below 1 MiB unpacked, a high ratio (a file of spaces) is no threat
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError, RuntimeError)
UTF8_FLAG, ENCRYPTED_FLAG = 0x800, 0x1
EOCD = struct.Struct("<4s4H2LH")  # end of central directory: signature, disks, entries, size, offset, comment
EOCD_SEARCH = EOCD.size + 0xFFFF  # the record sits within the last 22 bytes + the longest comment
MAX_ENTRY_BYTES = 46 + 1024 + 1024  # a central directory entry: fixed part, a long name, extra fields


@dataclass(frozen=True)
class UploadItem:
    """One file part the client sent: its name as sent and a seekable binary stream."""

    name: bytes | str
    stream: BinaryIO


@dataclass(frozen=True)
class Limits:
    """What one upload may hold."""

    max_files: int
    max_file_bytes: int
    zip_max_bytes: int
    zip_max_ratio: int


@dataclass(frozen=True)
class Candidate:
    """A file that passed every check: where it goes, what it holds, and how to read it again."""

    path: str
    sha256: str
    size: int
    read: Callable[[], bytes]


def _file_too_big(path: str, limits: Limits) -> QuotaExceeded:
    return QuotaExceeded(
        "Arquivo maior que o limite de {max} bytes por arquivo do plano.",
        code="quota_exceeded",
        details={"limit": "file_bytes", "max": limits.max_file_bytes, "path": path},
        max=limits.max_file_bytes,
    )


def upload_too_large(max_bytes: int) -> TooLarge:
    """An upload request past the bytes it may have."""
    return TooLarge(
        "Envio maior que o limite de {max} bytes.",
        code="upload_too_large",
        details={"max": max_bytes},
        max=max_bytes,
    )


def _too_many(limits: Limits) -> Invalid:
    return Invalid(
        "Envio com arquivos demais: o máximo é {max}.",
        code="too_many_files",
        details={"max": limits.max_files},
        max=limits.max_files,
    )


def _corrupt(name: str) -> Invalid:
    return Invalid("O arquivo {name} não é um zip válido.", code="zip_corrupt", details={"name": name}, name=name)


def _hash_stream(
    fh: BinaryIO, path: str, limits: Limits, on_chunk: Callable[[int], None] | None = None
) -> tuple[str, int]:
    """SHA-256 and size of a stream, refusing it as soon as it passes the per-file limit."""
    digest, size = hashlib.sha256(), 0
    while chunk := fh.read(CHUNK):
        size += len(chunk)
        if size > limits.max_file_bytes:
            raise _file_too_big(path, limits)
        if on_chunk:
            on_chunk(len(chunk))
        digest.update(chunk)
    return digest.hexdigest(), size


def _plain(item: UploadItem, limits: Limits) -> Candidate:
    path = clean_path(decode_name(item.name))
    item.stream.seek(0)
    sha, size = _hash_stream(item.stream, path, limits)

    def read() -> bytes:
        item.stream.seek(0)
        return item.stream.read()

    return Candidate(path, sha, size, read)


def _entry_path(info: zipfile.ZipInfo) -> str:
    """The entry's name, which must be flagged UTF-8 or be plain ASCII."""
    raw = info.orig_filename
    if not (info.flag_bits & UTF8_FLAG) and not raw.isascii():
        shown = raw.encode("cp437", "replace").decode("utf-8", "replace")
        raise Invalid(
            "O nome de arquivo {name} não está em UTF-8.", code="invalid_file_name", details={"name": shown}, name=shown
        )
    return clean_path(raw.rstrip("/") if info.is_dir() else raw)


def _check_entry(info: zipfile.ZipInfo, archive: str) -> None:
    if stat.S_ISLNK(info.external_attr >> 16):
        raise Invalid(
            "O zip {name} contém um link simbólico ({path}), o que não é permitido.",
            code="zip_symlink",
            details={"name": archive, "path": info.orig_filename},
            name=archive,
            path=info.orig_filename,
        )
    if info.flag_bits & ENCRYPTED_FLAG:
        raise Invalid(
            "O zip {name} está protegido por senha.", code="zip_encrypted", details={"name": archive}, name=archive
        )


class _Meter:
    """Counts unpacked bytes of one archive and stops a bomb as it goes off."""

    def __init__(self, archive: str, archive_size: int, limits: Limits) -> None:
        self.archive, self.archive_size, self.limits, self.total = archive, max(archive_size, 1), limits, 0

    def __call__(self, n: int) -> None:
        self.total += n
        if self.total > self.limits.zip_max_bytes:
            raise TooLarge(
                "O zip {name} descompactado passa do limite de {max} bytes.",
                code="zip_too_large",
                details={"name": self.archive, "max": self.limits.zip_max_bytes},
                name=self.archive,
                max=self.limits.zip_max_bytes,
            )
        if self.total > RATIO_FLOOR and self.total / self.archive_size > self.limits.zip_max_ratio:
            raise TooLarge(
                "O zip {name} tem taxa de compressão suspeita (mais de {max} vezes).",
                code="zip_bomb",
                details={"name": self.archive, "max": self.limits.zip_max_ratio},
                name=self.archive,
                max=self.limits.zip_max_ratio,
            )


def _check_directory_size(stream: BinaryIO, size: int, name: str, room: int, limits: Limits) -> None:
    """Refuse, before zipfile parses it into objects, a central directory too big for the files allowed."""
    tail_at = max(0, size - EOCD_SEARCH)
    stream.seek(tail_at)
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < EOCD.size:
        raise _corrupt(name)
    entries, directory_bytes = EOCD.unpack_from(tail, at)[4:6]
    if entries > room or directory_bytes > room * MAX_ENTRY_BYTES + EOCD_SEARCH:
        raise _too_many(limits)


def _open_zip(item: UploadItem, name: str, room: int, limits: Limits, stack: ExitStack) -> tuple[zipfile.ZipFile, int]:
    item.stream.seek(0, 2)
    size = item.stream.tell()
    _check_directory_size(item.stream, size, name, room, limits)
    item.stream.seek(0)
    try:
        return stack.enter_context(zipfile.ZipFile(item.stream)), size
    except UnicodeDecodeError:
        raise Invalid(
            "O nome de arquivo {name} não está em UTF-8.", code="invalid_file_name", details={"name": name}, name=name
        ) from None
    except ZIP_ERRORS:
        raise _corrupt(name) from None


def _unzip(item: UploadItem, name: str, limits: Limits, room: int, stack: ExitStack) -> list[Candidate]:
    zf, size = _open_zip(item, name, room, limits, stack)
    entries: list[tuple[zipfile.ZipInfo, str]] = []
    for info in zf.infolist():
        _check_entry(info, name)
        path = _entry_path(info)
        if info.is_dir() or path.split("/")[0] == "__MACOSX":  # folders and macOS resource forks
            continue
        entries.append((info, path))
        if len(entries) > room:
            raise _too_many(limits)
    meter, out = _Meter(name, size, limits), []
    for info, path in entries:
        try:
            with zf.open(info) as fh:
                sha, n = _hash_stream(fh, path, limits, meter)
        except ZIP_ERRORS:
            raise _corrupt(name) from None
        out.append(Candidate(path, sha, n, lambda info=info: zf.read(info)))
    return out


def read_upload(items: list[UploadItem], *, unzip: bool, limits: Limits, stack: ExitStack) -> list[Candidate]:
    """Every file of an upload, checked and hashed; ``.zip`` parts are unpacked when ``unzip`` is set."""
    if not items:
        raise Invalid("Envie ao menos um arquivo.", code="no_files")
    if len(items) > limits.max_files:
        raise _too_many(limits)
    out: list[Candidate] = []
    for item in items:
        name = decode_name(item.name)
        if unzip and name.lower().endswith(".zip"):
            clean_path(name)
            out.extend(_unzip(item, name, limits, limits.max_files - len(out), stack))
        else:
            out.append(_plain(item, limits))
        if len(out) > limits.max_files:
            raise _too_many(limits)
    if not out:
        raise Invalid("Envie ao menos um arquivo.", code="no_files")
    return out
