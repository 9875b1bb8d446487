"""Plain rows the search page shows: hits with safe HTML, facet buckets, suggestions, the shareable URL."""

from __future__ import annotations

import dataclasses
import html
import re
from urllib.parse import parse_qs, urlencode

from poc_tracker.i18n import format_ago, format_dt
from poc_tracker.search import Bucket, SearchHit
from state.rows import carried, plain_text

URL_KEYS = ("q", "language", "tag", "year", "sort", "page")


@dataclasses.dataclass
class HitRow:
    """A hit; the *_html fields are escaped text with <mark> around matches, safe for rx.html."""

    id: str = ""
    name_html: str = ""
    description_html: str = ""
    content_html: str = ""
    language: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    status: str = ""
    decision: str = ""
    owner_name: str = ""
    updated: str = ""
    updated_full: str = ""


@dataclasses.dataclass
class FacetRow:
    """A facet value, its count and whether it is an active filter."""

    value: str = ""
    count: int = 0
    active: bool = False


@dataclasses.dataclass
class SuggestionRow:
    """An autocomplete entry."""

    text: str = ""
    kind: str = ""


def hit_row(hit: SearchHit, locale: str) -> HitRow:
    """Map a hit: highlighted fragments when there are any, else the escaped plain text."""
    marks = hit.highlights
    return carried(
        HitRow,
        hit,
        id=str(hit.poc_id),
        name_html=marks.get("name") or html.escape(hit.name),
        description_html=plain_marked(marks.get("description") or html.escape(hit.description[:240])),
        content_html=marks.get("content", ""),
        updated=format_ago(hit.updated_at, locale),
        updated_full=format_dt(hit.updated_at, locale),
    )


_MARK = re.compile(r"(</?mark>)")


def plain_marked(marked: str) -> str:
    """Escaped text with <mark> tags, its Markdown markup dropped ("**Stack:**" reads "Stack:"); marks kept."""
    out = []
    for part in _MARK.split(marked):
        if _MARK.fullmatch(part):
            out.append(part)
        elif part:
            edge = (" " if part[:1].isspace() else "", " " if part[-1:].isspace() else "")
            text = plain_text(html.unescape(part))
            out.append(html.escape(edge[0] + text + edge[1] if text else edge[0] or edge[1]))
    return "".join(out)


def facet_rows(buckets: list[Bucket], active: list[str]) -> list[FacetRow]:
    """Facet rows with the active ones marked."""
    return [FacetRow(value=b.value, count=b.count, active=b.value in active) for b in buckets]


def read_query(query: str) -> dict[str, list[str]]:
    """The search parameters of a URL query string (repeated keys kept)."""
    parsed = parse_qs(query or "", keep_blank_values=False)
    return {k: [v[:200] for v in parsed.get(k, [])][:20] for k in URL_KEYS}


def search_url(q: str, languages: list[str], tags: list[str], years: list[str], sort: str, page: int) -> str:
    """The shareable address of a search."""
    pairs = [("q", q)] if q else []
    pairs += [("language", v) for v in languages] + [("tag", v) for v in tags] + [("year", v) for v in years]
    pairs += [("sort", sort)] if sort != "relevance" else []
    pairs += [("page", str(page))] if page > 1 else []
    return "/search" + (f"?{urlencode(pairs)}" if pairs else "")
