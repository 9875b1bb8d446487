"""Bulk loads for the search benchmark: straight into the search tables (COPY on PostgreSQL)."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from itertools import islice

from sqlalchemy import text

from bench.search_data import docs
from poc_tracker.db import engine_for
from poc_tracker.migrations import upgrade
from poc_tracker.search import sql_schema
from poc_tracker.search.postgres import COLUMNS, row
from poc_tracker.search.sqlite import INSERT_FTS, doc_row, fts_row, fts_table


def load_sqlite(path: str, n: int, tenants: int) -> float:
    """A fresh SQLite database with n POCs in search_docs and the tenants' FTS5 tables; returns seconds."""
    upgrade(f"sqlite:///{path}")
    started = time.perf_counter()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    it = docs(n, tenants)
    doc_id, tables = 0, set()
    while batch := list(islice(it, 5000)):
        doc_rows, fts_rows = [], {}
        for d in batch:
            doc_id += 1
            doc_rows.append({"doc_id": doc_id, **doc_row(d)})
            fts_rows.setdefault(fts_table(d.tenant_id), []).append({"doc_id": doc_id, **fts_row(d)})
        cols = ", ".join(doc_rows[0])
        con.executemany(
            f"INSERT INTO search_docs ({cols}) VALUES ({', '.join(':' + c for c in doc_rows[0])})", doc_rows
        )
        for table, rows in fts_rows.items():
            if table not in tables:
                con.execute(sql_schema.tenant_fts_ddl(table))
                tables.add(table)
            con.executemany(INSERT_FTS.format(fts=table), rows)
        con.commit()
    for table in tables:
        con.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return time.perf_counter() - started


def _copy_part(args: tuple[str, int, int, int, int]) -> None:
    url, n, tenants, part, parts = args
    import psycopg

    with psycopg.connect(url) as con, con.cursor() as cur:
        cur.execute("SELECT set_config('app.bypass_rls', 'on', false)")
        with cur.copy(f"COPY search_docs ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for d in docs(n * (part + 1) // parts, tenants, start=n * part // parts):
                r = row(d)
                copy.write_row([r[c] for c in COLUMNS])


def load_postgres(url: str, n: int, tenants: int, parts: int = 2) -> tuple[float, float]:
    """Empty schema, migrations, COPY from ``parts`` processes, then the indexes; (load s, index s)."""
    eng = engine_for(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(url)
    with eng.begin() as conn:  # the migrations' secondary indexes, rebuilt after the load
        indexes = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_docs' "
                "AND indexname <> 'search_docs_pkey'"
            )
        ).all()
        for name, _ in indexes:
            conn.execute(text(f"DROP INDEX {name}"))
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(parts) as pool:
        pool.map(_copy_part, [(url, n, tenants, p, parts) for p in range(parts)])
    loaded = time.perf_counter()
    with eng.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:  # CLUSTER of partitions
        conn.execute(text("SET maintenance_work_mem = '1GB'"))
        # Rows of a tenant together on disk, as a periodic CLUSTER keeps them
        # (before the GIN indexes, which CLUSTER would otherwise rebuild).
        conn.execute(text("CREATE INDEX bench_tenant ON search_docs (tenant_id)"))
        conn.execute(text("CLUSTER search_docs USING bench_tenant"))
        conn.execute(text("DROP INDEX bench_tenant"))
        for _, definition in indexes:  # pg_indexes says ON ONLY for a partitioned table: not its partitions
            conn.execute(text(definition.replace(" ON ONLY ", " ON ")))
        conn.execute(text(sql_schema.TERMS_OF_DOCS.format(where="true")))
        conn.execute(text("ANALYZE search_docs"))
        conn.execute(text("ANALYZE search_terms"))
    return loaded - started, time.perf_counter() - loaded


def load_opensearch(backend, n: int, tenants: int) -> float:  # noqa: ANN001 - OpenSearchBackend
    """Reset the alias and bulk-index n POCs (refresh off during the load); returns seconds."""
    from opensearchpy import helpers

    from poc_tracker.search.opensearch import source

    backend.reset(None)
    client, alias = backend.client, backend.alias
    client.indices.put_settings(index=alias, body={"index": {"refresh_interval": "-1"}})
    started = time.perf_counter()
    actions = (
        {"_index": alias, "_id": str(d.poc_id), "_routing": str(d.tenant_id), "_source": source(d)}
        for d in docs(n, tenants)
    )
    for ok, item in helpers.streaming_bulk(
        client, actions, chunk_size=1000, max_chunk_bytes=20 << 20, raise_on_error=True, request_timeout=120
    ):
        assert ok, item
    client.indices.put_settings(index=alias, body={"index": {"refresh_interval": "1s"}})
    client.indices.refresh(index=alias)
    client.indices.forcemerge(index=alias, max_num_segments=1, request_timeout=600)
    return time.perf_counter() - started
