"""Safe highlighting: escape the text first, then wrap matched words in <mark>."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from poc_tracker.search.text import WORD, fold, fold_word, stem

# Private-use characters that no POC text can carry (they are removed before indexing): the
# backends that highlight by themselves (OpenSearch) mark matches with them, then mark_safe
# turns them into <mark> after escaping.
OPEN, CLOSE = "\ue000", "\ue001"
_SENTINELS = re.compile(f"[{OPEN}{CLOSE}]")


def strip_sentinels(text: str) -> str:
    """Remove the marker characters from user text before it is indexed."""
    if not text:
        return ""
    return _SENTINELS.sub("", text) if OPEN in text or CLOSE in text else text


def mark_safe(marked: str) -> str:
    """HTML for a fragment whose matches are delimited by OPEN/CLOSE: escaped, then <mark>ed."""
    escaped = html.escape(marked, quote=True)
    return escaped.replace(OPEN, "<mark>").replace(CLOSE, "</mark>")


def _accented() -> dict[str, str]:
    """Each base letter with the accented letters that fold to it: "c" → "cçćĉċč…"."""
    out: dict[str, str] = {}
    for code in range(0xA0, 0x250):
        base = fold(chr(code))
        if len(base) == 1:
            out[base] = out.get(base, base) + chr(code)
    return out


_ACCENTED = _accented()


def _letter(c: str) -> str:
    return f"[{re.escape(_ACCENTED[c])}]" if c in _ACCENTED else re.escape(c)


def _heads(wanted: frozenset[str], prefixes: tuple[str, ...]) -> list[str]:
    """The first three letters of each wanted word, stem or prefix (a word and its stem share them)."""
    return sorted({w[:3] for w in wanted if w} | {p[:3] for p in prefixes if p}, key=len, reverse=True)


@lru_cache(maxsize=256)
def _starts(wanted: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """Where a wanted word may begin, in any case and accent (any text)."""
    heads = _heads(wanted, prefixes)
    if not heads:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![^\W_])(?:" + "|".join("".join(map(_letter, h)) for h in heads) + ")", re.IGNORECASE)


@lru_cache(maxsize=256)
def _latin_heads(wanted: frozenset[str], prefixes: tuple[str, ...]) -> list[bytes]:
    """The heads as Latin-1 bytes (a head outside Latin-1 cannot occur in a Latin-1 text)."""
    return [h.encode("latin-1") for h in _heads(wanted, prefixes) if max(h) <= "\xff"]


# Latin-1 folded byte for byte ("Ç" → "c", "A" → "a"): same positions as the text.
_LATIN_FOLD = bytes(ord(f) if len(f := fold(chr(i))) == 1 and ord(f) < 256 else i for i in range(256))


def _candidates(text: str, wanted: frozenset[str], prefixes: tuple[str, ...]) -> list[int]:
    """Sorted positions where a wanted word may begin.

    Byte searches over the folded text when it is Latin-1 (Portuguese always is), else a regex of
    accent classes.
    """
    try:
        folded = text.encode("latin-1").translate(_LATIN_FOLD)
    except UnicodeEncodeError:
        return [hit.start() for hit in _starts(wanted, prefixes).finditer(text)]
    found: set[int] = set()
    for head in _latin_heads(wanted, prefixes):
        at = folded.find(head)
        while at >= 0:
            if at == 0 or not WORD.match(text, at - 1):  # at the start of a word
                found.add(at)
            at = folded.find(head, at + 1)
    return sorted(found)


def _matches(text: str, wanted: set[str], prefixes: tuple[str, ...], size: int) -> list[tuple[int, int]]:
    """Spans of matching words; with ``size``, only those near the first match (long files stop early).

    Only the words where a match may start are folded and stemmed.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for start in _candidates(text, frozenset(wanted), prefixes):
        if start < pos or (m := WORD.match(text, start)) is None:
            continue
        if spans and size and m.start() > spans[0][0] + size:
            break
        pos = m.end()
        w = fold_word(m.group())
        if w in wanted or (prefixes and w.startswith(prefixes)) or stem(w) in wanted:
            spans.append(m.span())
    return spans


def _window(text: str, spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    if len(text) <= size or not spans:
        return 0, min(len(text), size)
    start = max(0, spans[0][0] - size // 3)
    while start > 0 and not text[start - 1].isspace() and spans[0][0] - start < size // 2:
        start -= 1
    return start, min(len(text), start + size)


def highlight(text: str, wanted: set[str], *, size: int = 0, prefixes: tuple[str, ...] = ()) -> str | None:
    """Escaped HTML of ``text`` (or of a ``size``-long fragment around the first match) with matches marked.

    ``wanted`` holds folded stems or words; returns None when nothing matches.
    """
    text = strip_sentinels(text)
    spans = _matches(text, wanted, prefixes, size)
    if not spans:
        return None
    lo, hi = _window(text, spans, size) if size else (0, len(text))
    out, pos = [], lo
    for a, b in spans:
        if a < lo or b > hi:
            continue
        out += [text[pos:a], OPEN, text[a:b], CLOSE]
        pos = b
    out.append(text[pos:hi])
    fragment = "".join(out).strip()
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return mark_safe(prefix + fragment + suffix)
