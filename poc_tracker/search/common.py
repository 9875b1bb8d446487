"""Helpers shared by the SQL backends: highlight terms, hits, facets, did-you-mean."""

from __future__ import annotations

import difflib
import json
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from poc_tracker.search.base import FACET_SIZE, Bucket, SearchHit
from poc_tracker.search.highlight import highlight
from poc_tracker.search.query import ParsedQuery
from poc_tracker.search.text import STOP_WORDS, stem, words

FRAGMENT = 160


def wanted(query: ParsedQuery) -> tuple[set[str], tuple[str, ...]]:
    """Folded stems and words to mark, and prefixes typed with ``*``.

    Function words ("de", "para") are marked only when nothing else was typed.
    """
    typed: list[str] = []
    prefixes: list[str] = []
    for term in query.terms():
        ws = term.words
        if term.prefix and ws:
            prefixes.append(ws[-1])
            ws = ws[:-1]
        typed += ws
    if any(w not in STOP_WORDS for w in typed):
        typed = [w for w in typed if w not in STOP_WORDS]
    return {*typed, *map(stem, typed)}, tuple(prefixes)


def as_datetime(value: Any) -> datetime:
    """A timestamp from a row, aware in UTC."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_tags(value: Any) -> list[str]:
    """The tags of a row."""
    return list(json.loads(value) if isinstance(value, str) else value or [])


def make_hit(row: Any, marked: tuple[set[str], tuple[str, ...]], score: float = 0.0) -> SearchHit:
    """A hit with highlighted name, description and file content (escaped HTML); ``marked`` is ``wanted(query)``."""
    marks, prefixes = marked
    found = {
        "name": highlight(row.name, marks, prefixes=prefixes),
        "description": highlight(row.description, marks, size=FRAGMENT * 2, prefixes=prefixes),
        "content": highlight(row.content, marks, size=FRAGMENT, prefixes=prefixes),
    }
    return SearchHit(
        poc_id=uuid.UUID(str(row.poc_id)),
        name=row.name,
        description=row.description[:300],
        language=row.language,
        tags=as_tags(row.tags),
        status=row.status,
        decision=row.decision,
        owner_id=uuid.UUID(str(row.owner_id)),
        owner_name=row.owner_name,
        created_at=as_datetime(row.created_at),
        updated_at=as_datetime(row.updated_at),
        score=float(score),
        highlights={k: v for k, v in found.items() if v},
    )


def facets(rows: Iterable[tuple[str, Any, int]]) -> tuple[int, dict[str, list[Bucket]]]:
    """Total and language, tag and year buckets from (language, tags, year) rows."""
    languages: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    years: Counter[str] = Counter()
    total = 0
    for language, row_tags, year in rows:
        total += 1
        languages[language] += 1
        tags.update(as_tags(row_tags))
        years[str(int(year))] += 1
    return total, buckets(languages, tags, years)


def buckets(languages: Counter[str], tags: Counter[str], years: Counter[str]) -> dict[str, list[Bucket]]:
    """Facet buckets, most frequent first (years newest first)."""

    def top(counter: Counter[str]) -> list[Bucket]:
        return [Bucket(v, c) for v, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]]

    return {
        "languages": top(languages),
        "tags": top(tags),
        "years": [Bucket(v, c) for v, c in sorted(years.items(), reverse=True)],
    }


def _closest(word: str, options: Iterable[str], cutoff: float) -> str | None:
    """``difflib``'s closest option, trying only those whose length allows the cutoff (its first test)."""
    n = len(word)
    fit = [o for o in options if cutoff * (n + len(o)) <= 2 * min(n, len(o))]
    return next(iter(difflib.get_close_matches(word, fit, n=1, cutoff=cutoff)), None)


def did_you_mean(text: str, names: Iterable[str], tags: Iterable[str], folded: Iterable[str] = ()) -> str | None:
    """The closest name or tag to what was typed, else the query with each unknown word corrected.

    ``folded`` holds names already as ``words`` gives them (``name_norm``).
    """
    typed = " ".join(words(text))
    if not typed:
        return None
    phrases = {" ".join(words(n)) for n in names} | {" ".join(words(t)) for t in tags} | set(folded)
    phrases.discard("")
    close = _closest(typed, phrases, 0.75)
    if close and close != typed:
        return close
    vocabulary = {w for p in phrases for w in p.split()}
    fixed = [w if w in vocabulary else _closest(w, vocabulary, 0.7) or w for w in typed.split()]
    suggestion = " ".join(fixed)
    return suggestion if suggestion != typed else None


__all__ = ["as_datetime", "as_tags", "did_you_mean", "facets", "make_hit", "wanted"]
