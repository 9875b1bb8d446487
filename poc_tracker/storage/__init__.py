"""File storage: one FileStore interface, a local folder or S3 behind it, chosen by settings."""

from __future__ import annotations

import uuid
from functools import lru_cache

from poc_tracker.settings import get_settings
from poc_tracker.storage.base import FileStore, blob_key, poc_prefix


@lru_cache
def get_file_store() -> FileStore:
    """The store of the configured backend (``local`` or ``s3``), built once per settings."""
    s = get_settings()
    if s.storage_backend == "s3":
        from poc_tracker.storage.s3 import S3FileStore

        return S3FileStore(
            bucket=s.s3_bucket, endpoint_url=s.s3_endpoint_url or None, region=s.s3_region, presign_ttl=s.presign_ttl
        )
    if s.storage_backend == "local":
        from poc_tracker.storage.local import LocalFileStore

        return LocalFileStore(s.data_dir / "files")
    raise ValueError(f"unknown storage backend: {s.storage_backend!r} (local or s3)")


def tenant_prefix(tenant_id: uuid.UUID) -> str:
    """Where every file of a tenant lives."""
    return f"tenants/{tenant_id}/"


__all__ = ["FileStore", "blob_key", "get_file_store", "poc_prefix", "tenant_prefix"]
