"""The OpenSearch index template: the architecture document's mapping, with Portuguese analysis.

Differences from the document, on purpose: file content uses the Portuguese analyzer instead of a
keyword tokenizer (a whole file as one token can never be found by a word); completion suggesters
carry a ``tenant`` context, since a suggester ignores query filters and would otherwise complete
other tenants' names; ``name_norm`` (folded name) gives the exact-name boost; ``year`` feeds the facet.

Relevance is BM25 without its corpus statistics: tenants share shards, and BM25's IDF and average
lengths would let one tenant's documents move another's scores (a side channel on the words other
tenants use). Scripted similarities keep BM25's term-frequency saturation and length normalisation
against a fixed typical length per kind of field, and read nothing but the document itself.
"""

from __future__ import annotations

from typing import Any

ANALYSIS = {
    "filter": {"pt_stem": {"type": "stemmer", "language": "light_portuguese"}},
    "analyzer": {
        "pt_folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding", "pt_stem"]},
        "folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
        "code_analyzer": {"type": "custom", "tokenizer": "keyword", "filter": ["lowercase", "trim"]},
    },
}
K1, B = 1.2, 0.75  # BM25's defaults


def saturation(typical_length: int) -> dict[str, Any]:
    """A similarity scoring a term by its frequency and the field's length in this document alone."""
    source = (
        f"double tf = doc.freq; double norm = {K1} * (1 - {B} + {B} * doc.length / {typical_length}.0); "
        f"return query.boost * tf * {K1 + 1} / (tf + norm);"
    )
    return {"type": "scripted", "script": {"source": source}}


# "default" serves every text field without its own: descriptions and experiments.
SIMILARITY = {"default": saturation(40), "short": saturation(4), "files": saturation(400)}
_TEXT = {"type": "text", "analyzer": "pt_folded", "fields": {"plain": {"type": "text", "analyzer": "folded"}}}
_SUGGEST = {
    "type": "completion",
    "analyzer": "folded",
    "search_analyzer": "folded",
    "preserve_separators": False,
    "contexts": [{"name": "tenant", "type": "category", "path": "tenant_id"}],
}

MAPPINGS: dict[str, Any] = {
    "dynamic": False,
    "properties": {
        "tenant_id": {"type": "keyword"},
        "poc_id": {"type": "keyword"},
        "user_id": {"type": "keyword"},
        "owner_name": {"type": "text", "analyzer": "folded", "fields": {"keyword": {"type": "keyword"}}},
        "name": {
            **_TEXT,
            "similarity": "short",
            "fields": {"plain": {**_TEXT["fields"]["plain"], "similarity": "short"}, "keyword": {"type": "keyword"}},
        },
        "name_norm": {"type": "keyword"},
        "name_suggest": _SUGGEST,
        "description": _TEXT,
        "experiment": _TEXT,
        "language": {"type": "keyword"},
        "tags": {
            "type": "keyword",
            "fields": {"text": {"type": "text", "analyzer": "pt_folded", "similarity": "short"}},
        },
        "tag_suggest": _SUGGEST,
        "status": {"type": "keyword"},
        "decision": {"type": "keyword"},
        "file_content": {"type": "text", "analyzer": "pt_folded", "index_options": "offsets", "similarity": "files"},
        "created_at": {"type": "date"},
        "updated_at": {"type": "date"},
        "year": {"type": "integer"},
        "popularity_score": {"type": "float"},
    },
}


def template(alias: str, shards: int, replicas: int) -> dict[str, Any]:
    """The index template for every ``ALIAS-vN`` index."""
    return {
        "index_patterns": [f"{alias}-v*"],
        "template": {
            "settings": {
                "number_of_shards": shards,
                "number_of_replicas": replicas,
                "refresh_interval": "1s",
                "analysis": ANALYSIS,
                "similarity": SIMILARITY,
            },
            "mappings": MAPPINGS,
        },
    }
