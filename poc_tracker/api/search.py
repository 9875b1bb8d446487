"""Search routes: full search with filters, facets and highlights; autocomplete; popular tags."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ValidationError

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.search_schemas import (
    Aggregations,
    BucketPublic,
    Highlights,
    SearchFilters,
    SearchHitPublic,
    SearchPublic,
    SuggestionPublic,
    SuggestionsPublic,
)
from poc_tracker.errors import Invalid
from poc_tracker.search import SearchResult
from poc_tracker.services import search
from poc_tracker.services.actor import Actor

router = APIRouter(tags=["search"])
ListParam = Annotated[list[str], Query(max_length=20)]


def parse_filters(raw: str | None) -> SearchFilters:
    """The contract's ``filters`` JSON object, or 422."""
    if not raw:
        return SearchFilters()
    try:
        return SearchFilters.model_validate_json(raw)
    except ValidationError as exc:
        raise Invalid(
            "Filtros inválidos.",
            code="invalid_filters",
            details={"field": "filters", "errors": exc.errors(include_url=False, include_input=False)},
        ) from None


def owner_ids(actor: Actor, values: list[str]) -> tuple[uuid.UUID, ...]:
    """User ids ("me" is the caller)."""
    try:
        return tuple(actor.user_id if v == "me" else uuid.UUID(v) for v in values)
    except ValueError:
        raise Invalid("Identificador inválido.", code="invalid_id", details={"field": "owner"}) from None


def search_public(result: SearchResult, page: int, size: int) -> SearchPublic:
    """A search result on the wire."""

    def buckets(key: str) -> list[BucketPublic]:
        return [BucketPublic(value=b.value, count=b.count) for b in result.aggregations.get(key, [])]

    hits = [
        SearchHitPublic.model_validate(h).model_copy(update={"highlights": Highlights(**h.highlights)})
        for h in result.hits
    ]
    return SearchPublic(
        hits=hits,
        total_hits=result.total,
        search_time=round(result.took_ms, 2),
        aggregations=Aggregations(languages=buckets("languages"), tags=buckets("tags"), years=buckets("years")),
        page=page,
        size=size,
        has_more=page * size < result.total,
        did_you_mean=result.did_you_mean,
    )


@router.get("/search/pocs", response_model=SearchPublic)
def search_pocs(
    session: SessionDep,
    actor: CurrentActor,
    q: Annotated[
        str,
        Query(
            max_length=500,
            description='words, "phrases", -exclusions, OR, prefix*, and '
            "language: tag: autor: status: decisão: ano: filters",
        ),
    ] = "",
    language: ListParam = [],  # noqa: B006 - FastAPI reads the default, never mutates it
    tags: ListParam = [],  # noqa: B006
    status: ListParam = [],  # noqa: B006
    decision: ListParam = [],  # noqa: B006
    owner: Annotated[list[str], Query(max_length=10, description="user ids, or 'me'")] = [],  # noqa: B006
    date_from: Annotated[date | None, Query(alias="dateFrom")] = None,
    date_to: Annotated[date | None, Query(alias="dateTo")] = None,
    filters: Annotated[str | None, Query(max_length=4000, description="the contract's filters object, JSON")] = None,
    sort: Annotated[str, Query(max_length=20, description="relevance, date or name")] = "relevance",
    page: Annotated[int, Query(ge=1, le=10000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchPublic:
    """Search my tenant's POCs: hits with highlights, totalHits, aggregations, searchTime (ms)."""
    f = parse_filters(filters)
    dates = f.date_range or None
    request = search.SearchRequest(
        q=q,
        languages=tuple(language + f.language),
        tags=tuple(tags + f.tags),
        statuses=tuple(status + f.status),
        decisions=tuple(decision + f.decision),
        owner_ids=owner_ids(actor, owner) + ((f.user_id,) if f.user_id else ()),
        date_from=date_from or (dates.from_ if dates else None),
        date_to=date_to or (dates.to if dates else None),
        sort=sort,
        page=page,
        size=size,
    )
    return search_public(search.search_pocs(session, actor=actor, request=request), page, size)


@router.get("/search/suggest", response_model=SuggestionsPublic)
def suggest(
    session: SessionDep,
    actor: CurrentActor,
    prefix: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> SuggestionsPublic:
    """POC names and tags of my tenant that start like what is being typed (accents and case ignored)."""
    found = search.suggest(session, actor=actor, prefix=prefix, limit=limit)
    return SuggestionsPublic(data=[SuggestionPublic.model_validate(s) for s in found])


@router.get("/search/tags", response_model=list[BucketPublic])
def popular_tags(
    session: SessionDep, actor: CurrentActor, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[BucketPublic]:
    """My tenant's most used tags."""
    return [BucketPublic(value=b.value, count=b.count) for b in search.popular_tags(session, actor=actor, limit=limit)]
