"""A deleted POC leaves the search index at once, in the request that deletes it.

On the SQL backends the index rows go in the same transaction as the delete (atomic: a rolled-back
delete keeps them). OpenSearch is outside the transaction, so the document goes right after the
commit, with a refresh, before the response is sent; the outbox's search consumer removes it again anyway
(and alone, if the process dies between the commit and that call).
"""

from __future__ import annotations

import logging
import uuid
from functools import partial

from sqlmodel import Session

from poc_tracker.search import get_search_backend
from poc_tracker.unit_of_work import on_commit

log = logging.getLogger(__name__)


def forget_pocs(session: Session, tenant_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> None:
    """Remove POCs from the search index now (SQL: in this transaction) or right after commit."""
    backend = get_search_backend()
    if backend.transactional:
        backend.delete(session, tenant_id, poc_ids)
    else:
        on_commit(session, partial(_forget_now, tenant_id, list(poc_ids)))


def _forget_now(tenant_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> None:
    try:
        get_search_backend().delete(None, tenant_id, poc_ids)
    except Exception:  # the outbox's search consumer removes it again; the POC is already gone from the database
        log.warning(
            "could not remove deleted POCs from the search index",
            exc_info=True,
            extra={"event": "search_forget_failed", "details": {"pocs": [str(p) for p in poc_ids]}},
        )
