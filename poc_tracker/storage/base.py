"""The FileStore interface and the key layout shared by every backend."""

from __future__ import annotations

import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path

_HASH = re.compile(r"^[0-9a-f]{64}$")


def poc_prefix(tenant_id: uuid.UUID, poc_id: uuid.UUID) -> str:
    """The folder of one POC's blobs."""
    return f"tenants/{tenant_id}/pocs/{poc_id}/blobs/"


def blob_key(tenant_id: uuid.UUID, poc_id: uuid.UUID, sha256: str) -> str:
    """The key of one blob: ``tenants/{tenant}/pocs/{poc}/blobs/{sha256}``."""
    if not _HASH.match(sha256):
        raise ValueError("a blob key needs a lower-case hex SHA-256")
    return poc_prefix(tenant_id, poc_id) + sha256


class FileStore(ABC):
    """Bytes under keys; keys are made by ``blob_key`` and never by users."""

    @abstractmethod
    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` (replacing what was there), all or nothing."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """The bytes under ``key``; FileNotFoundError when there are none."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove ``key``; no error when it is already gone."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Whether ``key`` holds bytes."""

    @abstractmethod
    def list_keys(self, prefix: str) -> list[str]:
        """Every key under ``prefix``, sorted."""

    @abstractmethod
    def url_for(self, key: str, filename: str, content_type: str = "application/octet-stream") -> str | None:
        """A short-lived download URL naming ``filename``, or None when the app must serve the bytes itself."""

    def delete_prefix(self, prefix: str) -> int:
        """Remove every key under ``prefix`` (a tenant's erasure); how many went."""
        keys = self.list_keys(prefix)
        for key in keys:
            self.delete(key)
        return len(keys)

    def put_file(self, key: str, path: Path) -> None:
        """Store the file at ``path`` under ``key``; backends stream it instead of reading it whole."""
        self.put(key, Path(path).read_bytes())

    def iter_chunks(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        """The bytes under ``key`` in pieces, for a response that streams (FileNotFoundError when none)."""
        data = self.get(key)
        for start in range(0, len(data), chunk_size):
            yield data[start : start + chunk_size]

    def size_of(self, key: str) -> int:
        """How many bytes ``key`` holds (FileNotFoundError when none)."""
        return len(self.get(key))
