"""Criteria → OpenSearch query DSL (tenant filter first, always)."""

from __future__ import annotations

from typing import Any

from poc_tracker.search.base import FACET_SIZE, Criteria
from poc_tracker.search.highlight import CLOSE, OPEN
from poc_tracker.search.query import Term

FIELDS = [
    "name^10",
    "name.plain^10",
    "tags.text^5",
    "description^2",
    "description.plain^2",
    "experiment^2",
    "file_content",
]
PREFIX_FIELDS = ["name.plain^10", "tags.text^5", "description.plain^2", "experiment"]  # not file content
EXACT_BOOST = 1000.0


def term_query(term: Term) -> dict[str, Any]:
    """One word, phrase or prefix over every text field."""
    text = " ".join(term.words)
    if term.prefix:
        return {"multi_match": {"query": text, "type": "phrase_prefix", "fields": PREFIX_FIELDS}}
    kind = "phrase" if term.phrase else "best_fields"
    return {"multi_match": {"query": text, "type": kind, "fields": FIELDS, "operator": "and"}}


def filters(c: Criteria) -> list[dict[str, Any]]:
    """The tenant and every filter: they never score."""
    out: list[dict[str, Any]] = [{"term": {"tenant_id": str(c.tenant_id)}}]
    if c.languages:
        out.append({"terms": {"language": list(c.languages)}})
    out += [{"term": {"tags": tag}} for tag in c.tags]
    for field, values in (
        ("status", c.statuses),
        ("decision", c.decisions),
        ("year", c.years),
        ("user_id", tuple(str(o) for o in c.owner_ids)),
    ):
        if values:
            out.append({"terms": {field: list(values)}})
    out += [{"prefix": {"owner_name": w}} for w in c.owner_words]
    if c.date_from or c.date_to:
        bounds = {k: v.isoformat() for k, v in (("gte", c.date_from), ("lt", c.date_to)) if v}
        out.append({"range": {"created_at": bounds}})
    return out


def body(c: Criteria) -> dict[str, Any]:
    """The search request: bool query, sort, page, facets and highlight with private-use markers."""
    must = [
        {"bool": {"should": [term_query(t) for t in clause], "minimum_should_match": 1}} for clause in c.query.clauses
    ]
    must_not: list[dict[str, Any]] = [term_query(t) for t in c.query.excluded]
    must_not += [{"terms": {"language": list(c.not_languages)}}] if c.not_languages else []
    must_not += [{"terms": {"tags": list(c.not_tags)}}] if c.not_tags else []
    should = (
        [{"constant_score": {"filter": {"term": {"name_norm": c.query.text}}, "boost": EXACT_BOOST}}]
        if c.query.text
        else []
    )
    query = {"bool": {"filter": filters(c), "must": must, "must_not": must_not, "should": should}}
    sort: list[Any] = {
        "relevance": ["_score", {"updated_at": "desc"}],
        "date": [{"updated_at": "desc"}],
        "name": [{"name_norm": "asc"}],
    }[c.sort if c.query.has_text or c.sort != "relevance" else "date"]
    out: dict[str, Any] = {
        "query": query,
        "sort": sort,
        "from": c.offset,
        "size": c.size,
        "track_total_hits": True,
        "_source": {"excludes": ["file_content", "name_suggest", "tag_suggest"]},
        "highlight": {
            "pre_tags": [OPEN],
            "post_tags": [CLOSE],
            "require_field_match": False,
            "fields": {
                "name": {"number_of_fragments": 0},
                "description": {"fragment_size": 320, "number_of_fragments": 1},
                "file_content": {"fragment_size": 160, "number_of_fragments": 1},
            },
        },
    }
    if c.facets:
        out["aggs"] = {
            "languages": {"terms": {"field": "language", "size": FACET_SIZE}},
            "tags": {"terms": {"field": "tags", "size": FACET_SIZE}},
            "years": {"terms": {"field": "year", "size": 100, "order": {"_key": "desc"}}},
        }
    return out


def fuzzy_body(c: Criteria) -> dict[str, Any]:
    """Names and tags of the tenant close to what was typed (did you mean)."""
    return {
        "size": 1,
        "_source": ["name", "tags"],
        "query": {
            "bool": {
                "filter": [{"term": {"tenant_id": str(c.tenant_id)}}],
                "should": [
                    {"match": {"name.plain": {"query": c.query.text, "fuzziness": "AUTO", "operator": "and"}}},
                    {"match": {"tags.text": {"query": c.query.text, "fuzziness": "AUTO"}}},
                ],
                "minimum_should_match": 1,
            }
        },
    }
