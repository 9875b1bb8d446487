"""A deleted POC leaves the search index at once, in the request that deletes it.

On the SQL backends the index rows go in the same transaction as the delete (atomic: a rolled-back
delete keeps them). OpenSearch is outside the transaction, so the document goes right after the
commit, with a refresh, before the response is sent; the ``index`` task removes it again anyway.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import event
from sqlmodel import Session

from poc_tracker.search import get_search_backend

log = logging.getLogger(__name__)
_AFTER_COMMIT = "search_forget_after_commit"


def forget_pocs(session: Session, tenant_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> None:
    """Remove POCs from the search index now (SQL: in this transaction) or right after commit."""
    backend = get_search_backend()
    if backend.transactional:
        backend.delete(session, tenant_id, poc_ids)
    else:
        session.info.setdefault(_AFTER_COMMIT, []).append((tenant_id, list(poc_ids)))


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    pending = session.info.pop(_AFTER_COMMIT, None)
    if not pending:
        return
    backend = get_search_backend()
    for tenant_id, poc_ids in pending:
        try:
            backend.delete(None, tenant_id, poc_ids)
        except Exception:  # the index task retries the removal; the POC is already gone from the database
            log.warning("could not remove deleted POCs from the search index", exc_info=True,
                        extra={"event": "search_forget_failed", "details": {"pocs": [str(p) for p in poc_ids]}})


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)
