"""Helpers for file tests: raw multipart bodies, zips (honest and hostile), rows and stored keys."""

from __future__ import annotations

import io
import os
import stat
import struct
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.personas import Persona

BOUNDARY = "----poc-tracker-test-boundary"


def multipart(
    files: list[tuple[str | bytes, bytes]], fields: dict[str, str] | None = None, field_name: str = "files"
) -> tuple[bytes, str]:
    """A multipart/form-data body with file names exactly as given (bytes go on the wire untouched)."""
    out = io.BytesIO()
    for name, value in (fields or {}).items():
        out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for filename, content in files:
        raw = filename if isinstance(filename, bytes) else filename.encode()
        out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field_name}"; filename="'.encode())
        out.write(raw + b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + content + b"\r\n")
    out.write(f"--{BOUNDARY}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={BOUNDARY}"


def upload(client: TestClient, who: Persona, poc_id: str, files: list[tuple[str | bytes, bytes]], **fields: str):
    """POST files to a POC."""
    body, ctype = multipart(files, fields)
    return client.post(f"/api/v1/pocs/{poc_id}/files", content=body, headers={**who.headers, "Content-Type": ctype})


def create_poc(client: TestClient, who: Persona, name: str = "Cache com Redis") -> str:
    """A POC of ``who``; returns its id."""
    res = client.post("/api/v1/pocs", json={"name": name, "language": "python"}, headers=who.headers)
    assert res.status_code == 201, res.text
    return res.json()["id"]


def make_zip(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``path → content``; paths ending in / are folders."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for path, content in entries.items():
            zf.writestr(path, content)
    return buf.getvalue()


def symlink_zip() -> bytes:
    """A zip holding a symbolic link to /etc/passwd next to a normal file."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ok.txt", b"ok")
        info = zipfile.ZipInfo("link")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, b"/etc/passwd")
    return buf.getvalue()


def cp437_name_zip() -> bytes:
    """A zip entry named with a non-ASCII byte and no UTF-8 flag (an old Windows zip)."""
    data = make_zip({"caf#.txt": b"cafe"})
    return data.replace(b"caf#.txt", b"caf\x82.txt")


def _patch_headers(data: bytes, *, size: int | None = None, flags: int | None = None) -> bytes:
    """Rewrite the uncompressed size and/or the flags in every local and central header."""
    buf = bytearray(data)
    for sig, size_at, flags_at in ((b"PK\x03\x04", 22, 6), (b"PK\x01\x02", 24, 8)):
        pos = buf.find(sig)
        while pos >= 0:
            if size is not None:
                buf[pos + size_at : pos + size_at + 4] = struct.pack("<I", size)
            if flags is not None:
                old = struct.unpack("<H", buf[pos + flags_at : pos + flags_at + 2])[0]
                buf[pos + flags_at : pos + flags_at + 2] = struct.pack("<H", old | flags)
            pos = buf.find(sig, pos + 4)
    return bytes(buf)


def lying_zip() -> bytes:
    """3 MiB of zeros whose headers claim 100 bytes."""
    return _patch_headers(make_zip({"small.txt": b"\0" * (3 << 20)}), size=100)


def understated_zip(entries: dict[str, bytes], claimed: int) -> bytes:
    """A zip whose end record claims fewer entries than its central directory holds."""
    buf = bytearray(make_zip(entries))
    at = buf.rfind(b"PK\x05\x06")
    buf[at + 8 : at + 12] = struct.pack("<HH", claimed, claimed)
    return bytes(buf)


def encrypted_zip() -> bytes:
    """A zip whose entry says it is encrypted."""
    return _patch_headers(make_zip({"secret.txt": b"segredo"}), flags=0x1)


def rows(table: str, tenant_id: str | None = None) -> int:
    """How many rows a table has (for one tenant when given)."""
    from poc_tracker.db import new_system_session

    with new_system_session(reason="test") as session:
        query = f"SELECT count(*) FROM {table}"
        if tenant_id is None:
            return int(session.execute(text(query)).scalar_one())
        tid = uuid.UUID(tenant_id)
        value = tid.hex if session.bind.dialect.name == "sqlite" else str(tid)
        return int(session.execute(text(query + " WHERE tenant_id = :t"), {"t": value}).scalar_one())


@contextmanager
def settings_env(**values: str) -> Iterator[None]:
    """Run with some POC_TRACKER_* settings changed."""
    from tests.conftest import clear_caches

    keys = {f"POC_TRACKER_{k.upper()}": v for k, v in values.items()}
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update(keys)
    clear_caches()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        clear_caches()
