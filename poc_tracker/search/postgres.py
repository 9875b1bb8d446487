"""PostgreSQL backend: weighted tsvectors (Portuguese stems and unaccented words), GIN, pg_trgm."""

from __future__ import annotations

import time
import uuid
from types import SimpleNamespace
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from poc_tracker.search.base import FACET_SIZE, Bucket, Criteria, SearchBackend, SearchDoc, SearchResult, Suggestion
from poc_tracker.search.common import did_you_mean, make_hit, wanted
from poc_tracker.search.highlight import strip_sentinels
from poc_tracker.search.postgres_query import Sql
from poc_tracker.search.sql_schema import TERMS_OF_DOCS
from poc_tracker.search.text import fold, pairs, words

PAGE = (
    "json_build_object('poc_id', d.poc_id, 'name', d.name, 'description', d.description, 'language', "
    "d.language, 'tags', d.tags, 'status', d.status, 'decision', d.decision, 'owner_id', d.owner_id, "
    "'owner_name', d.owner_name, 'created_at', d.created_at, 'updated_at', d.updated_at, "
    # the first 50,000 characters: whole when its bytes say so, without counting its characters
    "'content', CASE WHEN octet_length(d.content) <= 50000 THEN d.content ELSE left(d.content, 50000) END)"
)
COLUMNS = (
    "poc_id",
    "tenant_id",
    "owner_id",
    "owner_name",
    "owner_norm",
    "name",
    "name_norm",
    "description",
    "experiment",
    "language",
    "tags",
    "tags_text",
    "status",
    "decision",
    "created_at",
    "updated_at",
    "content",
    "pairs",
)
UPSERT = text(
    f"INSERT INTO search_docs ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)}) "
    "ON CONFLICT (poc_id, tenant_id) DO UPDATE SET "  # the key holds the tenant: never across tenants
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c not in ("poc_id", "tenant_id"))
)
MAX_EXPANSIONS = 100  # words a prefix stands for, shortest first
AGGREGATIONS = ("languages", "tags", "years")
# The match set once (keys of the order, facet columns), then its count, facets and the page's rows.
MATCHES = """WITH m AS MATERIALIZED (SELECT d.poc_id, d.language, d.tags, d.created_year, {keys}
  FROM search_docs d WHERE {where}),
top AS MATERIALIZED (SELECT * FROM m ORDER BY {by} LIMIT {size} OFFSET {offset})
SELECT (SELECT count(*) FROM m) AS total{facets},
  (SELECT coalesce(json_agg({page} ORDER BY {by}), '[]') FROM top JOIN search_docs d
    ON d.tenant_id = {tenant} AND d.poc_id = top.poc_id)
  AS page"""
FACETS = """,
  (SELECT coalesce(json_agg(x), '[]') FROM (SELECT language AS v, count(*) AS n FROM m GROUP BY 1
    ORDER BY n DESC, v LIMIT {size}) x) AS languages,
  (SELECT coalesce(json_agg(x), '[]') FROM (SELECT v, count(*) AS n FROM (SELECT unnest(tags) AS v FROM m) u
    GROUP BY 1 ORDER BY n DESC, v LIMIT {size}) x) AS tags,
  (SELECT coalesce(json_agg(x), '[]') FROM (SELECT created_year AS v, count(*) AS n FROM m GROUP BY 1
    ORDER BY v DESC) x) AS years"""


def row(doc: SearchDoc) -> dict[str, Any]:
    """The search_docs row of a document (the tsvectors are generated columns)."""
    return {
        "poc_id": doc.poc_id,
        "tenant_id": doc.tenant_id,
        "owner_id": doc.owner_id,
        "owner_name": doc.owner_name,
        "owner_norm": " ".join(words(doc.owner_name)),
        "name": strip_sentinels(doc.name),
        "name_norm": " ".join(words(doc.name)),
        "description": strip_sentinels(doc.description),
        "experiment": strip_sentinels(doc.experiment),
        "language": doc.language,
        "tags": doc.tags,
        "tags_text": " ".join(doc.tags),
        "status": doc.status,
        "decision": doc.decision,
        "created_at": doc.created_at,
        "updated_at": doc.updated_at,
        "content": strip_sentinels(doc.content).replace("\x00", ""),
        "pairs": pairs(doc.name, *doc.tags, doc.description, doc.experiment, doc.content),
    }


class PostgresBackend(SearchBackend):
    """search_docs in the app's database; writes join the caller's transaction."""

    name = "postgres"
    transactional = True

    def ensure_schema(self, session: Session | None = None) -> None:
        """Migration 0003 creates the table, configurations and indexes."""

    def reset(self, session: Session | None, tenant_id: uuid.UUID | None = None) -> None:
        """Forget every document (of one tenant)."""
        assert session is not None
        for table in ("search_docs", "search_terms"):
            if tenant_id is None:
                session.execute(text(f"DELETE FROM {table}"))
            else:
                session.execute(text(f"DELETE FROM {table} WHERE tenant_id = :t"), {"t": tenant_id})

    def index(self, session: Session | None, docs: list[SearchDoc]) -> None:
        """Insert or replace documents (never across tenants), and remember their words."""
        assert session is not None
        if docs:
            session.execute(UPSERT, [row(d) for d in docs])
            session.execute(
                text(TERMS_OF_DOCS.format(where="d.tenant_id = ANY(:tenants) AND d.poc_id = ANY(:ids)")),
                {"tenants": list({d.tenant_id for d in docs}), "ids": [d.poc_id for d in docs]},
            )

    def delete(self, session: Session | None, tenant_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> None:
        """Remove documents in the caller's transaction."""
        assert session is not None
        if poc_ids:
            session.execute(
                text("DELETE FROM search_docs WHERE tenant_id = :t AND poc_id = ANY(:ids)"),
                {"t": tenant_id, "ids": list(poc_ids)},
            )

    def indexed_ids(self, session: Session | None, tenant_id: uuid.UUID) -> set[uuid.UUID]:
        """POCs of a tenant that have a document."""
        assert session is not None
        return set(
            session.execute(text("SELECT poc_id FROM search_docs WHERE tenant_id = :t"), {"t": tenant_id}).scalars()
        )

    def search(self, session: Session | None, criteria: Criteria) -> SearchResult:
        """One query: the tenant's matches (one GIN scan) give the count, facets, order and the page's rows."""
        assert session is not None
        started, c = time.perf_counter(), criteria
        sql = Sql(self._expansions(session, c))
        sql.resolve(session, c)
        tsq, where = sql.tsquery(c), sql.where(c)
        if c.sort == "relevance" and tsq:
            keys = [
                (f"d.name_norm = {sql.bind(c.query.text)}", "DESC"),
                (f"ts_rank(d.tsv_meta, {tsq})", "DESC"),
                ("d.updated_at", "DESC"),
                ("d.poc_id", "ASC"),
            ]
        else:
            keys = (
                [("d.name_norm", "ASC"), ("d.poc_id", "ASC")]
                if c.sort == "name"
                else [("d.updated_at", "DESC"), ("d.poc_id", "ASC")]
            )
        inner = ", ".join(f"{e} AS k{i}" for i, (e, _) in enumerate(keys))
        by = ", ".join(f"k{i} {d}" for i, (_, d) in enumerate(keys))
        found = session.execute(
            text(
                MATCHES.format(
                    keys=inner,
                    where=where,
                    by=by,
                    tenant=sql.bind(c.tenant_id),
                    size=int(c.size),
                    offset=int(c.offset),
                    page=PAGE,
                    facets=FACETS.format(size=FACET_SIZE) if c.facets else "",
                )
            ),
            sql.params,
        ).one()
        aggs = (
            {k: [Bucket(str(b["v"]), int(b["n"])) for b in getattr(found, k)] for k in AGGREGATIONS} if c.facets else {}
        )
        marked = wanted(c.query)
        result = SearchResult(
            hits=[make_hit(SimpleNamespace(**r), marked) for r in found.page], total=int(found.total), aggregations=aggs
        )
        if result.total == 0 and c.query.text:
            result.did_you_mean = self._did_you_mean(session, c)
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _expansions(self, session: Session, c: Criteria) -> dict[str, list[str]]:
        """The tenant's words that start like each prefix of the query (B-tree range over search_terms)."""
        out: dict[str, list[str]] = {}
        for term in [*c.query.terms(), *c.query.excluded]:
            if term.prefix and term.words and term.words[-1] not in out:
                start = term.words[-1]
                out[start] = list(
                    session.execute(
                        text(
                            "SELECT term FROM search_terms WHERE tenant_id = :t AND term >= :lo AND term < :hi "
                            "ORDER BY length(term), term LIMIT :k"
                        ),
                        {"t": c.tenant_id, "lo": start, "hi": start + "\U0010ffff", "k": MAX_EXPANSIONS},
                    ).scalars()
                )
        return out

    def _did_you_mean(self, session: Session, c: Criteria) -> str | None:
        """The tenant's words closest to each typed word (pg_trgm similarity, GIN over tenant and term)."""
        close: list[str] = []
        for word in dict.fromkeys(words(c.query.text)):
            close += session.execute(
                text(
                    "SELECT term FROM search_terms WHERE tenant_id = :t AND term % :w "
                    "ORDER BY similarity(term, :w) DESC, term LIMIT 5"
                ),
                {"t": c.tenant_id, "w": word},
            ).scalars()
        return did_you_mean(c.query.text, [], close)

    def suggest(self, session: Session | None, tenant_id: uuid.UUID, prefix: str, limit: int) -> list[Suggestion]:
        """Names with a word starting like the prefix, then tags."""
        assert session is not None
        typed = " ".join(words(prefix))
        if not typed:
            return []
        params = {"t": tenant_id, "start": f"{typed}%", "word": f"% {typed}%", "k": limit}
        names = session.execute(
            text(
                "SELECT name, poc_id FROM search_docs WHERE tenant_id = :t AND (name_norm LIKE :start OR name_norm "
                "LIKE :word) ORDER BY (name_norm LIKE :start) DESC, name_norm LIMIT :k"
            ),
            params,
        ).all()
        tags = session.execute(
            text(
                "SELECT tag, count(*) AS n FROM search_docs d, unnest(d.tags) AS tag WHERE d.tenant_id = :t AND "
                "(lower(public.unaccent(tag)) LIKE :start OR lower(public.unaccent(tag)) LIKE :word) "
                "GROUP BY tag ORDER BY n DESC, tag LIMIT :k"
            ),
            params,
        ).all()
        return [Suggestion(n, "name", p) for n, p in names] + [
            Suggestion(t, "tag", count=int(n)) for t, n in tags if fold(t)
        ]

    def popular_tags(self, session: Session | None, tenant_id: uuid.UUID, limit: int) -> list[Bucket]:
        """The tenant's tags by use."""
        assert session is not None
        rows = session.execute(
            text(
                "SELECT tag, count(*) AS n FROM search_docs d, unnest(d.tags) AS tag WHERE d.tenant_id = :t "
                "GROUP BY tag ORDER BY n DESC, tag LIMIT :k"
            ),
            {"t": tenant_id, "k": limit},
        ).all()
        return [Bucket(t, int(n)) for t, n in rows]
