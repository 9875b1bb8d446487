"""Typo-tolerant prefix matching of tags: accents and case ignored, at most one edit.

Hand-written rather than a fuzzy-matching dependency: what is needed is the distance from the typed
text to the closest *prefix* of a tag (restricted Damerau-Levenshtein, bounded), about 20 lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MAX_TYPOS = 1
# Below this many typed characters one edit would match almost every tag, so only exact prefixes count.
MIN_LENGTH_FOR_TYPOS = 3


def fold(text: str) -> str:
    """Lower case without accents and with single spaces ("Autenticação " → "autenticacao")."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def prefix_distance(query: str, word: str, limit: int = MAX_TYPOS) -> int:
    """Fewest edits (insert, delete, substitute, swap two neighbours) from ``query`` to a prefix of ``word``.

    Returns ``limit + 1`` as soon as the answer is known to exceed ``limit``.
    """
    n = len(query)
    word = word[: n + limit]  # a longer prefix needs more than ``limit`` insertions
    before: list[int] = []
    row = list(range(len(word) + 1))
    for i in range(1, n + 1):
        current = [i] + [0] * len(word)
        for j in range(1, len(word) + 1):
            cost = 0 if query[i - 1] == word[j - 1] else 1
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and query[i - 1] == word[j - 2] and query[i - 2] == word[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
        if min(row) > limit:  # row minimums never decrease: no prefix can come back under the limit
            return limit + 1
    return min(min(row), limit + 1)


@dataclass(frozen=True)
class TagMatch:
    """A tag that matches what was typed, with how many POCs carry it."""

    tag: str
    count: int
    typos: int


def match_tags(prefix: str, counts: Iterable[tuple[str, int]], limit: int) -> list[TagMatch]:
    """Tags whose start matches ``prefix``: exact prefixes first, then by count, then by name."""
    query = fold(prefix)
    allowed = MAX_TYPOS if len(query) >= MIN_LENGTH_FOR_TYPOS else 0
    found: list[TagMatch] = []
    for tag, count in counts:
        typos = prefix_distance(query, fold(tag), allowed)
        if typos <= allowed:
            found.append(TagMatch(tag=tag, count=count, typos=typos))
    found.sort(key=lambda m: (m.typos, -m.count, fold(m.tag), m.tag))
    return found[:limit]
