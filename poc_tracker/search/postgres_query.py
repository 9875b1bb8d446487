"""Criteria → SQL for PostgreSQL: a tsquery over both configurations, and the filters; values always bound."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from poc_tracker.search.base import Criteria
from poc_tracker.search.query import Term
from poc_tracker.search.text import pairs

PT, SIMPLE = "'public.poc_pt'::regconfig", "'public.poc_simple'::regconfig"


MAX_PARSED = 10_000
_PARSED: OrderedDict[tuple[str, bool], str] = OrderedDict()  # (words, phrase) → tsquery text, oldest first


def _key(term: Term) -> tuple[str, bool]:
    return " ".join(term.words), term.phrase


def lexeme(word: str) -> str:
    """A word as a quoted tsquery lexeme, matched as it is."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


class Sql:
    """A WHERE clause and a tsquery expression being built, with their bound parameters."""

    def __init__(self, expansions: dict[str, list[str]] | None = None) -> None:
        self.params: dict[str, Any] = {}
        self.expansions = expansions or {}
        self.resolved: dict[Term, str] = {}

    def resolve(self, session: Session, c: Criteria) -> None:
        """Parse and stem every word and phrase once, so the query carries constant tsqueries.

        A stable function such as ``plainto_tsquery`` would otherwise run again for every row rechecked
        or ranked, and the planner could not read the lexemes' statistics. The Portuguese form alone
        is used (a document holds both forms of each word; one lexeme per word lets GIN skip through
        its posting lists); the plain form only when the Portuguese one is empty (stop words). Parsed
        terms are remembered: they depend on the text search configurations alone.
        """
        terms = [t for t in [*c.query.terms(), *c.query.excluded] if not t.prefix]
        pending = list(dict.fromkeys(t for t in terms if _key(t) not in _PARSED))
        if pending:
            exprs = ", ".join(
                f"CAST({self._parsed(t, PT)} AS text), CAST({self._parsed(t, SIMPLE)} AS text)" for t in pending
            )
            values = session.execute(text(f"SELECT {exprs}"), self.params).one()
            self.params = {}
            for i, t in enumerate(pending):
                _PARSED[_key(t)] = values[2 * i] or values[2 * i + 1]
                while len(_PARSED) > MAX_PARSED:
                    _PARSED.popitem(last=False)
        self.resolved = {t: _PARSED[_key(t)] for t in terms if _key(t) in _PARSED}

    def _parsed(self, term: Term, config: str) -> str:
        fn = "phraseto_tsquery" if term.phrase else "plainto_tsquery"
        return f"{fn}({config}, {self.bind(' '.join(term.words))})"

    def bind(self, value: Any) -> str:
        """A placeholder for a value."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def term(self, term: Term) -> str:
        """A word, phrase or prefix, stemmed (Portuguese) or plain (unaccented), either matching."""
        ws = term.words
        if term.prefix:  # the tenant's words that start so (or the prefix itself: nothing then matches)
            options = " | ".join(lexeme(w) for w in self.expansions.get(ws[-1]) or [ws[-1]])
            return f"CAST({self.bind(' <-> '.join([*map(lexeme, ws[:-1]), f'({options})']))} AS tsquery)"
        if term in self.resolved:
            return f"CAST({self.bind(self.resolved[term])} AS tsquery)"
        return f"({self._parsed(term, PT)} || {self._parsed(term, SIMPLE)})"

    def tsquery(self, c: Criteria) -> str | None:
        """All clauses (each any of its terms) and none of the exclusions, for ranking; None without text."""
        parts = ["(" + " || ".join(self.term(t) for t in clause) + ")" for clause in c.query.clauses]
        parts += [f"!!{self.term(t)}" for t in c.query.excluded]
        return " && ".join(parts) if parts else None

    def matches(self, c: Criteria) -> list[str]:
        """Match conditions for the words, phrases and prefixes of the query.

        Prefixes look in names, tags and descriptions only (``tsv_meta``), as on every backend, through
        the tenant's words that start so.
        """
        full = [
            "(" + " || ".join(self.term(t) for t in clause) + ")"
            for clause in c.query.clauses
            if not any(t.prefix for t in clause)
        ]
        full += [f"!!{self.term(t)}" for t in c.query.excluded]
        out = [f"d.tsv @@ ({' && '.join(full)})"] if full else []
        for clause in c.query.clauses:
            if any(t.prefix for t in clause):
                either = [f"d.tsv_meta @@ {self.term(t)}" for t in clause if t.prefix]
                either += [f"d.tsv @@ {self.term(t)}" for t in clause if not t.prefix]
                out.append("(" + " OR ".join(either) + ")")
        # A phrase alone in its clause: only documents holding each pair of its adjacent stems.
        out += [
            f"d.pairs @> CAST({self.bind(p)} AS integer[])"
            for clause in c.query.clauses
            if len(clause) == 1 and clause[0].phrase and (p := pairs(clause[0].text))
        ]
        return out

    def one_of(self, column: str, values: list[Any], sql_type: str = "text") -> str:
        """``column`` equal to one of the values (``=`` for one: a GIN index cannot take ``= ANY``)."""
        if len(values) == 1:
            return f"{column} = CAST({self.bind(values[0])} AS {sql_type})"
        return f"{column} = ANY(CAST({self.bind(values)} AS {sql_type}[]))"

    def where(self, c: Criteria) -> str:
        """The tenant first, then the text and every filter."""
        out = [f"d.tenant_id = {self.bind(c.tenant_id)}", *self.matches(c)]
        for column, values, sql_type in (
            ("language", c.languages, "text"),
            ("status", c.statuses, "text"),
            ("decision", c.decisions, "text"),
            ("owner_id", c.owner_ids, "uuid"),
            ("created_year", c.years, "smallint"),
        ):
            if values:
                out.append(self.one_of(f"d.{column}", list(values), sql_type))
        if c.not_languages:
            out.append(f"d.language <> ALL({self.bind(list(c.not_languages))})")
        if c.tags:
            out.append(f"d.tags @> CAST({self.bind(list(c.tags))} AS text[])")
        if c.not_tags:
            out.append(f"NOT (d.tags && CAST({self.bind(list(c.not_tags))} AS text[]))")
        out += [f"(' ' || d.owner_norm) LIKE {self.bind(f'% {w}%')}" for w in c.owner_words]
        if c.date_from:
            out.append(f"d.created_at >= {self.bind(c.date_from)}")
        if c.date_to:
            out.append(f"d.created_at < {self.bind(c.date_to)}")
        return " AND ".join(out)
