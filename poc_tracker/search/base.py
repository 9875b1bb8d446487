"""The SearchBackend interface and the plain records that cross it."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from poc_tracker.search.query import ParsedQuery

SORTS = ("relevance", "date", "name")
CONTENT_MAX_CHARS = 200_000  # file text kept in the index per POC
FACET_SIZE = 20


@dataclass
class SearchDoc:
    """What the index knows of one POC."""

    poc_id: uuid.UUID
    tenant_id: uuid.UUID
    owner_id: uuid.UUID
    owner_name: str
    name: str
    description: str
    experiment: str  # hypothesis, success criteria, result, learnings
    language: str
    tags: list[str]
    status: str
    decision: str
    content: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Criteria:
    """A parsed query plus every filter, for one tenant; what a backend executes."""

    tenant_id: uuid.UUID
    query: ParsedQuery
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # every one must be present
    not_languages: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()
    owner_ids: tuple[uuid.UUID, ...] = ()
    owner_words: tuple[str, ...] = ()  # folded prefixes of the owner's name ("autor:ana")
    statuses: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    date_from: datetime | None = None
    date_to: datetime | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = 20
    facets: bool = True

    @property
    def offset(self) -> int:
        """Rows skipped before the page."""
        return (self.page - 1) * self.size


@dataclass
class SearchHit:
    """One found POC with its highlighted fragments (escaped HTML with <mark>)."""

    poc_id: uuid.UUID
    name: str
    description: str
    language: str
    tags: list[str]
    status: str
    decision: str
    owner_id: uuid.UUID
    owner_name: str
    created_at: datetime
    updated_at: datetime
    score: float = 0.0
    highlights: dict[str, str] = field(default_factory=dict)


@dataclass
class Bucket:
    """A facet value and how many matching POCs have it."""

    value: str
    count: int


@dataclass
class SearchResult:
    """A page of hits, the total, facets over the whole match set, and a correction when nothing matched."""

    hits: list[SearchHit]
    total: int
    aggregations: dict[str, list[Bucket]] = field(default_factory=dict)
    did_you_mean: str | None = None
    took_ms: float = 0.0


@dataclass(frozen=True)
class Suggestion:
    """An autocomplete entry: a POC name or a tag."""

    text: str
    kind: str  # "name" | "tag"
    poc_id: uuid.UUID | None = None
    count: int = 0


class SearchBackend(ABC):
    """Where POCs are indexed and searched. SQL backends write in the caller's transaction."""

    name: str = ""
    transactional: bool = True

    @abstractmethod
    def ensure_schema(self, session: Session | None = None) -> None:
        """Create what the backend needs if missing (SQL: the migration did it)."""

    @abstractmethod
    def reset(self, session: Session | None, tenant_id: uuid.UUID | None = None) -> None:
        """Forget every document (of one tenant, or all)."""

    @abstractmethod
    def index(self, session: Session | None, docs: list[SearchDoc]) -> None:
        """Add or replace documents; idempotent."""

    @abstractmethod
    def delete(self, session: Session | None, tenant_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> None:
        """Remove documents (missing ones are fine); visible to the next search."""

    @abstractmethod
    def search(self, session: Session | None, criteria: Criteria) -> SearchResult:
        """Run a search inside ``criteria.tenant_id`` only."""

    @abstractmethod
    def suggest(self, session: Session | None, tenant_id: uuid.UUID, prefix: str, limit: int) -> list[Suggestion]:
        """Names and tags of the tenant that start like ``prefix``."""

    @abstractmethod
    def popular_tags(self, session: Session | None, tenant_id: uuid.UUID, limit: int) -> list[Bucket]:
        """The tenant's most used tags."""

    @abstractmethod
    def indexed_ids(self, session: Session | None, tenant_id: uuid.UUID) -> set[uuid.UUID]:
        """POCs of a tenant that have a document (to prune stale ones after a rebuild)."""

    def refresh(self) -> None:
        """Make every write visible now; SQL backends always are."""
        return None

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Around a full rebuild; OpenSearch fills a new index and moves the alias at the end."""
        yield
