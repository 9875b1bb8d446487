"""Search: one SearchBackend interface; SQLite FTS5, PostgreSQL tsvector and OpenSearch behind it."""

from __future__ import annotations

from functools import lru_cache

from poc_tracker.search.base import (
    Bucket,
    Criteria,
    SearchBackend,
    SearchDoc,
    SearchHit,
    SearchResult,
    Suggestion,
)
from poc_tracker.settings import get_settings

KINDS = ("sqlite", "postgres", "opensearch")


@lru_cache
def backend_for(kind: str, url: str = "", index: str = "", shards: int = 1, replicas: int = 0) -> SearchBackend:
    """One backend object per configuration."""
    if kind == "sqlite":
        from poc_tracker.search.sqlite import SqliteBackend

        return SqliteBackend()
    if kind == "postgres":
        from poc_tracker.search.postgres import PostgresBackend

        return PostgresBackend()
    if kind == "opensearch":
        from poc_tracker.search.opensearch import OpenSearchBackend

        return OpenSearchBackend(url, index, shards=shards, replicas=replicas)
    raise ValueError(f"POC_TRACKER_SEARCH_BACKEND must be auto or one of {', '.join(KINDS)}, not {kind!r}")


def get_search_backend() -> SearchBackend:
    """The backend the settings in force choose; a SQL backend must match the database."""
    s = get_settings()
    kind = s.search_kind
    if kind in ("sqlite", "postgres") and (kind == "postgres") != s.is_postgres:
        raise ValueError(f"search backend {kind!r} needs a {kind} database")
    if kind == "opensearch":
        return backend_for(
            kind,
            s.opensearch_url or "http://127.0.0.1:9200",
            s.opensearch_index,
            s.opensearch_shards,
            s.opensearch_replicas,
        )
    return backend_for(kind)


__all__ = [
    "Bucket",
    "Criteria",
    "SearchBackend",
    "SearchDoc",
    "SearchHit",
    "SearchResult",
    "Suggestion",
    "backend_for",
    "get_search_backend",
]
