"""Content-addressed blobs of a POC: each content stored once, in step with the database transaction.

A blob written during a transaction that rolls back is removed from the store; a blob scheduled for
removal (purge) leaves the store only once the transaction that dropped its row has committed.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable
from functools import partial

from sqlmodel import Session, col, select

from poc_tracker.errors import NotFound
from poc_tracker.models import Blob, Poc
from poc_tracker.storage import FileStore, blob_key
from poc_tracker.unit_of_work import on_commit, on_rollback

log = logging.getLogger(__name__)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of some bytes, lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def stored_hashes(session: Session, poc: Poc, hashes: Iterable[str]) -> set[str]:
    """Which of ``hashes`` the POC already has a blob for."""
    wanted = list(set(hashes))
    if not wanted:
        return set()
    query = select(Blob.hash).where(Blob.poc_id == poc.id, Blob.tenant_id == poc.tenant_id, col(Blob.hash).in_(wanted))
    return set(session.exec(query).all())


def put_blob(session: Session, store: FileStore, poc: Poc, sha256: str, data: bytes) -> Blob:
    """Store new content of a POC and add its row; undone in the store if the transaction rolls back."""
    if sha256_hex(data) != sha256:
        raise ValueError("content changed while it was being stored")
    key = blob_key(poc.tenant_id, poc.id, sha256)
    on_rollback(session, partial(_undo_write, store, poc.tenant_id, key), key=("blob.undo", key))
    store.put(key, data)
    blob = Blob(poc_id=poc.id, hash=sha256, tenant_id=poc.tenant_id, size=len(data), storage_key=key)
    session.add(blob)
    return blob


def read_blob(session: Session, store: FileStore, poc: Poc, sha256: str) -> bytes:
    """The content of one of the POC's blobs."""
    blob = session.exec(
        select(Blob).where(Blob.poc_id == poc.id, Blob.tenant_id == poc.tenant_id, Blob.hash == sha256)
    ).first()
    if blob is None:
        raise NotFound("Arquivo não encontrado.", code="file_not_found")
    try:
        return store.get(blob.storage_key)
    except FileNotFoundError:
        log.error("blob missing from the store", extra={"event": "blob_missing", "details": {"key": blob.storage_key}})
        raise NotFound("Arquivo não encontrado.", code="file_not_found") from None


def delete_after_commit(session: Session, store: FileStore, keys: Iterable[str]) -> None:
    """Remove keys from the store once (and only if) the current transaction commits."""
    on_commit(session, partial(_delete_keys, store, list(keys)))


def _still_referenced(tenant_id: uuid.UUID, keys: list[str]) -> set[str]:
    """Keys that a committed blob row points to (another upload may have stored the same content)."""
    from poc_tracker.db import new_session

    with new_session(tenant_id=tenant_id) as other:  # a key names its tenant: no other tenant's row can hold it
        return set(other.exec(select(Blob.storage_key).where(col(Blob.storage_key).in_(keys))).all())


def _undo_write(store: FileStore, tenant_id: uuid.UUID, key: str) -> None:
    """A transaction that ended without committing (rollback, or close) takes its new blob with it."""
    try:
        if key in _still_referenced(tenant_id, [key]):
            return
    except Exception:  # no database: keep it rather than risk losing committed content
        log.warning("could not check a blob after a rollback", exc_info=True)
        return
    try:
        store.delete(key)
    except Exception:
        log.warning("could not remove a blob after a rollback", exc_info=True, extra={"details": {"key": key}})


def _delete_keys(store: FileStore, keys: list[str]) -> None:
    for key in keys:
        try:
            store.delete(key)
        except Exception:  # an orphan in the store is harmless; the next purge lists the prefix again
            log.warning("could not delete a purged blob", exc_info=True, extra={"details": {"key": key}})
