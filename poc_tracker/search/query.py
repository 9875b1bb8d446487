"""The search language shared by every backend: words, "phrases", -exclusions, OR, prefix*, key:value filters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from poc_tracker.search.text import fold, words

MAX_TERMS = 20
_TOKEN = re.compile(r'(-?)(?:([\w\u00C0-\u024F]+):)?(?:"([^"]*)"?|(\S+))')
FILTER_KEYS = {
    "language": "language",
    "linguagem": "language",
    "lang": "language",
    "lingua": "language",
    "tag": "tag",
    "tags": "tag",
    "autor": "owner",
    "autora": "owner",
    "author": "owner",
    "owner": "owner",
    "dono": "owner",
    "dona": "owner",
    "status": "status",
    "situacao": "status",
    "estado": "status",
    "decisao": "decision",
    "decision": "decision",
    "ano": "year",
    "year": "year",
}
STATUS_ALIASES = {
    "idea": "idea",
    "ideia": "idea",
    "in_progress": "in_progress",
    "andamento": "in_progress",
    "em_andamento": "in_progress",
    "progress": "in_progress",
    "done": "done",
    "concluida": "done",
    "concluido": "done",
    "feito": "done",
    "feita": "done",
    "archived": "archived",
    "arquivada": "archived",
    "arquivado": "archived",
}
DECISION_ALIASES = {
    "go": "go",
    "no_go": "no_go",
    "nogo": "no_go",
    "no-go": "no_go",
    "pivot": "pivot",
    "pivotar": "pivot",
    "pending": "pending",
    "pendente": "pending",
}


@dataclass(frozen=True)
class Term:
    """A word or a phrase of the query, as typed; ``prefix`` for a trailing ``*``."""

    text: str
    phrase: bool = False
    prefix: bool = False

    @property
    def words(self) -> list[str]:
        """The folded words of the term."""
        return words(self.text)


@dataclass
class ParsedQuery:
    """Clauses to match (all of them; each is satisfied by any of its terms), exclusions, inline filters."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""  # the free text without filters and operators, for the exact-name boost

    @property
    def has_text(self) -> bool:
        """Whether any word must match."""
        return bool(self.clauses)

    def terms(self) -> list[Term]:
        """Every positive term."""
        return [t for clause in self.clauses for t in clause]


def _filter_value(key: str, value: str) -> str:
    folded = fold(value.strip()).replace(" ", "_")
    if key == "status":
        return STATUS_ALIASES.get(folded, folded)
    if key == "decision":
        return DECISION_ALIASES.get(folded, folded)
    if key in ("tag", "language"):
        return " ".join(value.split()).lower()
    return folded if key == "year" else " ".join(words(value))


def _term(raw: str, quoted: str | None) -> Term | None:
    if quoted is not None:
        return Term(quoted, phrase=True) if words(quoted) else None
    prefix = raw.endswith("*") and len(raw.rstrip("*")) >= 2
    text = raw.rstrip("*")
    return Term(text, prefix=prefix) if words(text) else None


def parse(q: str | None) -> ParsedQuery:
    """Parse what a person typed; never fails (odd input becomes plain words)."""
    out = ParsedQuery()
    pending_or, free = False, []
    for m in _TOKEN.finditer((q or "")[:500]):
        neg, key, quoted, bare = m.group(1), m.group(2), m.group(3), m.group(4)
        canonical = FILTER_KEYS.get(fold(key)) if key else None
        if key and canonical is None:  # "http://…", "c++:x": not a filter, the whole token is text
            bare, quoted = f"{key}:{quoted if quoted is not None else bare or ''}", None
        elif canonical:
            value = quoted if quoted is not None else (bare or "")
            if value.strip():
                out.filters.setdefault(("-" if neg else "") + canonical, []).append(_filter_value(canonical, value))
            continue
        if quoted is None and bare == "OR" and not neg:
            pending_or = bool(out.clauses)
            continue
        term = _term(bare or "", quoted)
        if term is None or len(out.clauses) + len(out.excluded) >= MAX_TERMS:
            continue
        if neg:
            out.excluded.append(term)
        elif pending_or:
            out.clauses[-1].append(term)
        else:
            out.clauses.append([term])
            free.append(term.text)
        pending_or = False
    out.text = " ".join(words(" ".join(free)))
    return out
