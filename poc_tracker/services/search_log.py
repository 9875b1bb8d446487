"""Remember the searches people make, so the usage report can count them and list those that found nothing."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlmodel import col, select

from poc_tracker.db import session_scope
from poc_tracker.models import SearchQuery
from poc_tracker.models.base import utcnow

log = logging.getLogger(__name__)
SETTLE = timedelta(seconds=20)  # a query typed on within this time replaces the earlier, shorter one
MAX_QUERY = 200


def normalised(query: str) -> str:
    """How a query is counted: trimmed, single-spaced, lower-cased, at most 200 characters."""
    return " ".join(query.split()).lower()[:MAX_QUERY]


def record(*, tenant_id: uuid.UUID, user_id: uuid.UUID, query: str, hits: int) -> None:
    """Log one search in a transaction of its own; a failure here never fails the search.

    Search-as-you-type sends "rea", "reac", "react": a query that extends (or trims) the person's
    previous one within ``SETTLE`` replaces it, so one search is counted once, as it ended.
    """
    text = normalised(query)
    if not text:
        return
    try:
        with session_scope(tenant_id=tenant_id) as session:
            now = utcnow()
            last = session.exec(
                select(SearchQuery)
                .where(
                    SearchQuery.tenant_id == tenant_id,
                    SearchQuery.user_id == user_id,
                    col(SearchQuery.created_at) >= now - SETTLE,
                )
                .order_by(col(SearchQuery.created_at).desc())
                .limit(1)
            ).first()
            if last is not None and (text.startswith(last.query) or last.query.startswith(text)):
                last.query, last.hits, last.created_at = text, hits, now
                session.add(last)
            else:
                session.add(SearchQuery(tenant_id=tenant_id, user_id=user_id, query=text, hits=hits, created_at=now))
    except Exception:  # the search already answered; its statistics may miss one
        log.warning("search not logged", exc_info=True)
