"""SQLite FTS5 backend (embedded profile): Portuguese stems from Python, bm25 with column weights.

Each tenant has its own FTS5 table (``sql_schema.tenant_fts``): bm25's statistics (how many documents,
how many hold each word, their average length) are then the tenant's own, so another tenant's
documents can never move a score or an order.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from poc_tracker.search.base import Bucket, Criteria, SearchBackend, SearchDoc, SearchResult, Suggestion
from poc_tracker.search.common import did_you_mean, facets, make_hit, wanted
from poc_tracker.search.highlight import strip_sentinels
from poc_tracker.search.query import Term
from poc_tracker.search.sql_schema import TENANT_FTS, TENANT_FTS_TABLES, tenant_fts, tenant_fts_ddl
from poc_tracker.search.text import fold, stem, stemmed_text, words

WEIGHTS = "0, 10.0, 5.0, 2.0, 1.0"  # scope, name, tags, body, content
TEXT_COLUMNS = "{name tags body content}"
PAGE_COLUMNS = (
    "doc_id, poc_id, name, description, language, tags, status, decision, owner_id, owner_name, "
    "created_at, updated_at, content"
)


def _h(value: str) -> str:
    return hashlib.blake2b(value.encode(), digest_size=6).hexdigest()


def scope_tokens(doc: SearchDoc) -> str:
    """Tokens for the tenant and every filterable value: filters become part of the FTS MATCH."""
    tokens = [
        f"t{doc.tenant_id.hex}",
        f"l{_h(doc.language.lower())}",
        f"s{doc.status.replace('_', '')}",
        f"d{doc.decision.replace('_', '')}",
        f"y{doc.created_at.year}",
        f"o{doc.owner_id.hex}",
    ]
    tokens += [f"g{_h(tag)}" for tag in doc.tags] + [f"w{w}" for w in words(doc.owner_name)]
    return " ".join(tokens)


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _term(term: Term) -> str:
    ws = term.words
    if term.prefix:  # as on every backend: names, tags and descriptions, not file content
        return "{name tags body} : " + _quote(" ".join([stem(w) for w in ws[:-1]] + [ws[-1]])) + " *"
    return _quote(" ".join(stem(w) for w in ws))


def _any(prefix: str, values: tuple[str, ...]) -> str:
    return "(" + " OR ".join(_quote(prefix + v) for v in values) + ")"


def match_expression(c: Criteria) -> str:
    """The FTS5 MATCH string: tenant and filters in ``scope``, then the words, then the exclusions."""
    scope = [_quote(f"t{c.tenant_id.hex}")]
    if c.languages:
        scope.append(_any("l", tuple(_h(v.lower()) for v in c.languages)))
    scope += [_quote(f"g{_h(tag)}") for tag in c.tags]
    for prefix, values in (("s", c.statuses), ("d", c.decisions)):
        if values:
            scope.append(_any(prefix, tuple(v.replace("_", "") for v in values)))
    if c.years:
        scope.append(_any("y", tuple(str(y) for y in c.years)))
    if c.owner_ids:
        scope.append(_any("o", tuple(o.hex for o in c.owner_ids)))
    scope += [_quote(f"w{w}") + " *" for w in c.owner_words]
    parts = ["scope : (" + " AND ".join(scope) + ")"]
    parts += [f"{TEXT_COLUMNS} : (" + " OR ".join(_term(t) for t in clause) + ")" for clause in c.query.clauses]
    expr = " AND ".join(parts)
    negated = [f"{TEXT_COLUMNS} : ({_term(t)})" for t in c.query.excluded]
    negated += [f"scope : {_quote('l' + _h(v.lower()))}" for v in c.not_languages]
    negated += [f"scope : {_quote('g' + _h(v))}" for v in c.not_tags]
    return f"({expr}) NOT ({' OR '.join(negated)})" if negated else expr


def _order(matches: list[Any], c: Criteria, ranked: bool) -> list[Any]:
    """Matches in the requested order: an exact name first, then bm25 (lower is better); or by name; or newest."""
    if ranked:
        return sorted(matches, key=lambda m: (m.name_norm != c.query.text, m.r, m.doc_id))
    if c.sort == "name":
        return sorted(matches, key=lambda m: (m.name_norm, m.doc_id))
    return sorted(sorted(matches, key=lambda m: m.doc_id), key=lambda m: m.updated_at, reverse=True)


def stamp(moment: datetime) -> str:
    """A timestamp as stored: naive UTC, ISO, sortable as text."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ", timespec="microseconds")


def doc_row(doc: SearchDoc) -> dict[str, Any]:
    """The search_docs row of a document."""
    return {
        "poc_id": doc.poc_id.hex,
        "tenant_id": doc.tenant_id.hex,
        "owner_id": doc.owner_id.hex,
        "owner_name": doc.owner_name,
        "name": doc.name,
        "name_norm": " ".join(words(doc.name)),
        "description": doc.description,
        "language": doc.language,
        "tags": json.dumps(doc.tags, ensure_ascii=False),
        "status": doc.status,
        "decision": doc.decision,
        "year": doc.created_at.year,
        "created_at": stamp(doc.created_at),
        "updated_at": stamp(doc.updated_at),
        "content": strip_sentinels(doc.content),
    }


def fts_row(doc: SearchDoc) -> dict[str, Any]:
    """The FTS5 row of a document (stemmed text)."""
    return {
        "scope": scope_tokens(doc),
        "name": stemmed_text(doc.name),
        "tags": stemmed_text(" ".join(doc.tags)),
        "body": stemmed_text(f"{doc.description}\n{doc.experiment}"),
        "content": stemmed_text(doc.content),
    }


INSERT_DOC = text(
    "INSERT INTO search_docs (poc_id, tenant_id, owner_id, owner_name, name, name_norm, description, "
    "language, tags, status, decision, year, created_at, updated_at, content) VALUES (:poc_id, "
    ":tenant_id, :owner_id, :owner_name, :name, :name_norm, :description, :language, :tags, :status, "
    ":decision, :year, :created_at, :updated_at, :content) RETURNING doc_id"
)
INSERT_FTS = (
    "INSERT INTO {fts} (rowid, scope, name, tags, body, content) "
    "VALUES (:doc_id, :scope, :name, :tags, :body, :content)"
)


def fts_table(tenant_id: uuid.UUID) -> str:
    """The tenant's FTS5 table."""
    return tenant_fts(tenant_id.hex)


def has_table(session: Session, table: str) -> bool:
    """Whether a table exists (a tenant's FTS5 table is made with its first document)."""
    return (
        session.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": table}).first()
        is not None
    )


def tenant_tables(session: Session) -> list[str]:
    """Every tenant's FTS5 table."""
    return [n for n in session.execute(text(TENANT_FTS_TABLES)).scalars() if TENANT_FTS.fullmatch(n)]


class SqliteBackend(SearchBackend):
    """FTS5 in the app's SQLite database; writes join the caller's transaction."""

    name = "sqlite"
    transactional = True

    def ensure_schema(self, session: Session | None = None) -> None:
        """Migration 0003 creates the tables."""

    def reset(self, session: Session | None, tenant_id: uuid.UUID | None = None) -> None:
        """Forget every document (of one tenant)."""
        assert session is not None
        tables = tenant_tables(session) if tenant_id is None else [fts_table(tenant_id)]
        for table in tables:
            session.execute(text(f"DROP TABLE IF EXISTS {table}"))
        if tenant_id is None:
            session.execute(text("DELETE FROM search_docs"))
        else:
            session.execute(text("DELETE FROM search_docs WHERE tenant_id = :t"), {"t": tenant_id.hex})

    def delete(self, session: Session | None, tenant_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> None:
        """Remove documents in the caller's transaction."""
        assert session is not None
        if poc_ids and has_table(session, fts_table(tenant_id)):
            self._delete(session, tenant_id, poc_ids)

    def _delete(self, session: Session, tenant_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> None:
        where = "tenant_id = :t AND poc_id IN (SELECT value FROM json_each(:ids))"
        params = {"t": tenant_id.hex, "ids": json.dumps([p.hex for p in poc_ids])}
        session.execute(
            text(f"DELETE FROM {fts_table(tenant_id)} WHERE rowid IN (SELECT doc_id FROM search_docs WHERE {where})"),
            params,
        )
        session.execute(text(f"DELETE FROM search_docs WHERE {where}"), params)

    def index(self, session: Session | None, docs: list[SearchDoc]) -> None:
        """Replace the documents of these POCs, each in its tenant's table (made with the first one)."""
        assert session is not None
        for tenant_id in dict.fromkeys(d.tenant_id for d in docs):
            fts = fts_table(tenant_id)
            session.execute(text(tenant_fts_ddl(fts)))  # IF NOT EXISTS: a look-up in the parsed schema
            mine = list({d.poc_id: d for d in docs if d.tenant_id == tenant_id}.values())  # the last of a POC
            self._delete(session, tenant_id, [d.poc_id for d in mine])
            insert = text(INSERT_FTS.format(fts=fts))
            for doc in mine:
                doc_id = session.execute(INSERT_DOC, doc_row(doc)).scalar_one()
                session.execute(insert, {"doc_id": doc_id, **fts_row(doc)})

    def search(self, session: Session | None, criteria: Criteria) -> SearchResult:
        """Search with one MATCH in FTS5 (tenant and filters included).

        It gives every match with its weighted bm25 and what facets and order read; the page's rows are
        then read by id.
        """
        assert session is not None
        started = time.perf_counter()
        c = criteria
        fts = fts_table(c.tenant_id)
        if not has_table(session, fts):  # nothing indexed for the tenant yet
            total, aggs = facets(()) if c.facets else (0, {})
            return SearchResult(hits=[], total=total, aggregations=aggs, took_ms=(time.perf_counter() - started) * 1000)
        params: dict[str, Any] = {"m": match_expression(c)}
        dates = ""
        if c.date_from:
            dates += " AND d.created_at >= :df"
            params["df"] = stamp(c.date_from)
        if c.date_to:
            dates += " AND d.created_at < :dt"
            params["dt"] = stamp(c.date_to)
        ranked = c.sort == "relevance" and c.query.has_text
        matches = session.execute(
            text(
                f"SELECT d.doc_id, {f'bm25({fts}, {WEIGHTS})' if ranked else '0'} AS r, d.language, d.tags, "
                f"d.year, d.name_norm, d.updated_at FROM {fts} JOIN search_docs d ON d.doc_id = {fts}.rowid "
                f"WHERE {fts} MATCH :m{dates}"
            ),
            params,
        ).all()
        total, aggs = facets((m.language, m.tags, m.year) for m in matches) if c.facets else (len(matches), {})
        page = _order(matches, c, ranked)[c.offset : c.offset + c.size]
        rows = {
            r.doc_id: r
            for r in session.execute(
                text(f"SELECT {PAGE_COLUMNS} FROM search_docs WHERE doc_id IN (SELECT value FROM json_each(:ids))"),
                {"ids": json.dumps([m.doc_id for m in page])},
            ).all()
        }
        marked = wanted(c.query)
        hits = [make_hit(rows[m.doc_id], marked, -m.r) for m in page if m.doc_id in rows]
        result = SearchResult(hits=hits, total=total, aggregations=aggs)
        if total == 0 and c.query.text:
            result.did_you_mean = self._did_you_mean(session, c)
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _did_you_mean(self, session: Session, c: Criteria) -> str | None:
        names = (
            session.execute(
                text("SELECT DISTINCT name_norm FROM search_docs WHERE tenant_id = :t LIMIT 20000"),
                {"t": c.tenant_id.hex},
            )
            .scalars()
            .all()
        )
        tags = [b.value for b in self.popular_tags(session, c.tenant_id, 2000)]
        return did_you_mean(c.query.text, [], tags, folded=names)

    def indexed_ids(self, session: Session | None, tenant_id: uuid.UUID) -> set[uuid.UUID]:
        """POCs of a tenant that have a document."""
        assert session is not None
        rows = session.execute(text("SELECT poc_id FROM search_docs WHERE tenant_id = :t"), {"t": tenant_id.hex})
        return {uuid.UUID(r[0]) for r in rows}

    def suggest(self, session: Session | None, tenant_id: uuid.UUID, prefix: str, limit: int) -> list[Suggestion]:
        """Names with a word starting like the prefix (FTS prefix query), then matching tags."""
        assert session is not None
        typed, fts = words(prefix), fts_table(tenant_id)
        if not typed or not has_table(session, fts):
            return []
        expr = f"scope : {_quote('t' + tenant_id.hex)} AND name : {_quote(' '.join(typed))} *"
        rows = session.execute(
            text(
                f"SELECT d.name, d.poc_id, d.name_norm FROM {fts} f JOIN search_docs d ON d.doc_id = f.rowid "
                f"WHERE {fts} MATCH :m ORDER BY bm25({fts}) LIMIT :k"
            ),
            {"m": expr, "k": limit * 3},
        ).all()
        folded = " ".join(typed)
        rows = sorted(rows, key=lambda r: (not r.name_norm.startswith(folded), r.name_norm))
        names = [Suggestion(r.name, "name", uuid.UUID(r.poc_id)) for r in rows[:limit]]
        tags = [
            Suggestion(b.value, "tag", count=b.count)
            for b in self.popular_tags(session, tenant_id, 2000)
            if any(w.startswith(folded) for w in [fold(b.value), *words(b.value)])
        ]
        return names + tags[:limit]

    def popular_tags(self, session: Session | None, tenant_id: uuid.UUID, limit: int) -> list[Bucket]:
        """The tenant's tags by use."""
        assert session is not None
        rows = session.execute(
            text(
                "SELECT j.value, count(*) AS n FROM search_docs d, json_each(d.tags) j WHERE d.tenant_id = :t "
                "GROUP BY j.value ORDER BY n DESC, j.value LIMIT :k"
            ),
            {"t": tenant_id.hex, "k": limit},
        ).all()
        return [Bucket(r[0], int(r[1])) for r in rows]
