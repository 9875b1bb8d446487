"""Text analysis shared by the SQL backends: fold accents and case, split words, stem in Portuguese."""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache
from itertools import pairwise

import snowballstemmer

WORD = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits; "_" splits, as in FTS5 and PostgreSQL
_STEMMER = snowballstemmer.stemmer("portuguese")
MAX_WORD = 60  # longer "words" (hashes, base64) are kept whole, never stemmed
# Portuguese function words (folded): not highlighted when a query has other words, as OpenSearch's analyzer.
STOP_WORDS = frozenset(
    {
        "a",
        "ao",
        "aos",
        "as",
        "com",
        "da",
        "das",
        "de",
        "do",
        "dos",
        "e",
        "em",
        "na",
        "nas",
        "no",
        "nos",
        "o",
        "os",
        "ou",
        "para",
        "pela",
        "pelas",
        "pelo",
        "pelos",
        "por",
        "que",
        "se",
        "sem",
        "um",
        "uma",
        "umas",
        "uns",
    }
)


def fold(text: str) -> str:
    """Lower case without accents: "Ação" → "acao"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=500_000)
def fold_word(word: str) -> str:
    """``fold`` of one word, cached (texts repeat their words)."""
    return fold(word) if not word.isascii() else word.lower()


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    if not text:
        return []
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return [w for raw in WORD.findall(text) for w in WORD.findall(fold_word(raw))]


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """The Portuguese stem of a folded word ("testes" → "test")."""
    if len(word) > MAX_WORD or not word.isalpha():
        return word
    return _STEMMER.stemWord(word)


def stems(text: str) -> list[str]:
    """Stems of every word of a text, in order (the indexed form on SQLite)."""
    return [stem(w) for w in words(text)]


def stemmed_text(text: str) -> str:
    """A text as the SQLite index stores it: stems separated by spaces."""
    return " ".join(stems(text))


def normalized_name(text: str) -> str:
    """A name as compared for an exact match: folded words joined by single spaces."""
    return " ".join(words(text))


def pair_hash(first: str, second: str) -> int:
    """A signed 32-bit number for two adjacent stems (an ``integer`` on PostgreSQL)."""
    value = zlib.crc32(f"{first} {second}".encode())
    return value - (1 << 32) if value >= 1 << 31 else value


def pairs(*texts: str) -> list[int]:
    """The distinct pairs of adjacent stems of each text (never across texts), sorted.

    An index of them answers a phrase query without reading every document holding its words
    (the "index phrases" idea of Lucene's shingles).
    """
    out: set[int] = set()
    for text in texts:
        found = stems(text)
        out.update(pair_hash(a, b) for a, b in pairwise(found))
    return sorted(out)
