"""Search use cases: find POCs, complete names and tags, popular tags, always inside the actor's tenant."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from poc_tracker.errors import Invalid
from poc_tracker.search import Bucket, Criteria, SearchResult, Suggestion, get_search_backend
from poc_tracker.search.base import SORTS
from poc_tracker.search.query import ParsedQuery, parse
from poc_tracker.services import search_log
from poc_tracker.services.actor import Actor
from poc_tracker.services.languages import canonical_language
from poc_tracker.services.pocs import DECISIONS, STATUSES, normalize_tags
from poc_tracker.settings import get_settings
from poc_tracker.telemetry import searching

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SearchRequest:
    """What a caller asks: the typed query plus explicit filters (API parameters, UI facets)."""

    q: str = ""
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    owner_ids: tuple[uuid.UUID, ...] = ()
    statuses: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = 20
    facets: bool = True


def _choices(values: list[str], allowed: tuple[str, ...], field: str) -> tuple[str, ...]:
    for value in values:
        if value not in allowed:
            raise Invalid(
                "Valor inválido para {field}.",
                code="invalid_choice",
                details={"field": field, "allowed": list(allowed)},
                field=field,
            )
    return tuple(dict.fromkeys(values))


def _years(values: list[str]) -> tuple[int, ...]:
    if not all(v.isdigit() and len(v) == 4 for v in values):
        raise Invalid("Valor inválido para {field}.", code="invalid_choice", details={"field": "year"}, field="ano")
    return tuple(int(v) for v in values)


def _start(day: date | None, days: int = 0) -> datetime | None:
    return datetime.combine(day + timedelta(days=days), time.min, tzinfo=UTC) if day else None


def _typed_language(value: str) -> str:
    """A language typed in the query: its canonical name, or as typed (it then simply matches nothing)."""
    try:
        return canonical_language(value)
    except Invalid:
        return value


def _validate(r: SearchRequest) -> None:
    if r.sort not in SORTS:
        raise Invalid("Ordenação desconhecida.", code="invalid_sort", details={"field": "sort", "allowed": list(SORTS)})
    if not 1 <= r.size <= MAX_PAGE_SIZE or not 1 <= r.page <= 10_000:
        raise Invalid("Página inválida.", code="invalid_page", details={"field": "page", "maxSize": MAX_PAGE_SIZE})
    if r.date_from and r.date_to and r.date_from > r.date_to:
        raise Invalid(
            "A data inicial deve ser anterior à final.", code="invalid_date_range", details={"field": "dateFrom"}
        )


def criteria_for(actor: Actor, r: SearchRequest) -> Criteria:
    """Merge the query's inline filters with the explicit ones; the tenant is always the actor's."""
    _validate(r)
    parsed: ParsedQuery = parse(r.q)
    inline = parsed.filters
    languages = tuple(canonical_language(v) for v in r.languages)
    languages += tuple(_typed_language(v) for v in inline.get("language", []))
    return Criteria(
        tenant_id=actor.tenant_id,
        query=parsed,
        languages=tuple(dict.fromkeys(languages)),
        tags=tuple(dict.fromkeys(normalize_tags(list(r.tags)) + inline.get("tag", []))),
        not_languages=tuple(_typed_language(v) for v in inline.get("-language", [])),
        not_tags=tuple(inline.get("-tag", [])),
        owner_ids=r.owner_ids,
        owner_words=tuple(w for v in inline.get("owner", []) for w in v.split()),
        statuses=_choices(list(r.statuses) + inline.get("status", []), STATUSES, "status"),
        decisions=_choices(list(r.decisions) + inline.get("decision", []), DECISIONS, "decision"),
        years=_years(inline.get("year", [])),
        date_from=_start(r.date_from),
        date_to=_start(r.date_to, 1),
        sort=r.sort,
        page=r.page,
        size=r.size,
        facets=r.facets,
    )


def search_pocs(session: Session, *, actor: Actor, request: SearchRequest) -> SearchResult:
    """A page of the tenant's POCs matching the request, with facets and highlights."""
    actor.require("pocs:read")
    backend = get_search_backend()
    criteria = criteria_for(actor, request)
    with searching(get_settings().search_kind, "query", tenant_id=actor.tenant_id, search__page=request.page) as span:
        result = backend.search(session if backend.transactional else None, criteria)
        span.set_attribute("search.total", result.total)
    if request.q.strip() and request.page == 1:  # a new search, not the next page of one
        search_log.record(tenant_id=actor.tenant_id, user_id=actor.user_id, query=request.q, hits=result.total)
    return result


def suggest(session: Session, *, actor: Actor, prefix: str, limit: int = 8) -> list[Suggestion]:
    """Names and tags of the tenant that start like what is being typed."""
    actor.require("pocs:read")
    if not 1 <= limit <= 20:
        raise Invalid("Limite inválido.", code="invalid_limit", details={"field": "limit", "max": 20})
    backend = get_search_backend()
    with searching(get_settings().search_kind, "suggest", tenant_id=actor.tenant_id):
        return backend.suggest(session if backend.transactional else None, actor.tenant_id, prefix[:100], limit)


def popular_tags(session: Session, *, actor: Actor, limit: int = 20) -> list[Bucket]:
    """The tenant's most used tags, from the index."""
    actor.require("pocs:read")
    backend = get_search_backend()
    return backend.popular_tags(session if backend.transactional else None, actor.tenant_id, limit)
