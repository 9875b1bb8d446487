"""Shapes of search on the wire."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field

from poc_tracker.api.poc_schemas import PocPublic
from poc_tracker.api.schemas import CamelModel, shaped_like
from poc_tracker.search import SearchHit


class DateRange(CamelModel):
    """Creation dates, both ends included."""

    from_: date | None = Field(None, alias="from")
    to: date | None = None


class SearchFilters(CamelModel):
    """The ``filters`` object of the contract (a JSON query parameter)."""

    language: list[str] = Field(default_factory=list, max_length=20)
    tags: list[str] = Field(default_factory=list, max_length=20)
    status: list[str] = Field(default_factory=list, max_length=4)
    decision: list[str] = Field(default_factory=list, max_length=4)
    date_range: DateRange | None = None
    user_id: uuid.UUID | None = None


class Highlights(CamelModel):
    """Escaped HTML fragments with matches in <mark>."""

    name: str | None = None
    description: str | None = None
    content: str | None = None


class SearchHitPublic(shaped_like(SearchHit, exclude=("highlights",))):
    """One found POC: the search backend's hit, its fragments as an object."""

    highlights: Highlights


class BucketPublic(CamelModel):
    """A facet value with its count over the whole match set."""

    value: str
    count: int


class Aggregations(CamelModel):
    """Facets."""

    languages: list[BucketPublic] = Field(default_factory=list)
    tags: list[BucketPublic] = Field(default_factory=list)
    years: list[BucketPublic] = Field(default_factory=list)


class SearchPublic(CamelModel):
    """A page of search results."""

    hits: list[SearchHitPublic]
    total_hits: int
    aggregations: Aggregations
    search_time: float = Field(description="milliseconds spent in the search backend")
    page: int
    size: int
    has_more: bool
    did_you_mean: str | None = None


class SimpleSearchPublic(CamelModel):
    """The simple contract: POCs, total and whether more pages exist."""

    pocs: list[PocPublic]
    total_count: int
    has_more: bool


class SuggestionPublic(CamelModel):
    """An autocomplete entry."""

    text: str
    kind: str
    poc_id: uuid.UUID | None = None
    count: int = 0


class SuggestionsPublic(CamelModel):
    """Autocomplete entries: names first, then tags."""

    data: list[SuggestionPublic]
