"""Search benchmark: load N POCs over 100 tenants into each backend, run a fixed query mix, print percentiles.

Prints p50/p95/p99 per backend and query kind (facets and highlights included: every query asks for
them), a naive ILIKE '%word%' baseline answering the same requests (count, facets, first page) over the
same PostgreSQL rows, and their ratio twice: our statements' time against the baseline's statement, and
our whole request (session, highlights) against it. Also indexing throughput (bulk load, and the
worker's path: ``backend.index`` in batches of 100).

    python bench/search.py                                    # PostgreSQL 1M, SQLite 100k, OpenSearch 100k
    python bench/search.py --pg-rows 200000 --sqlite-rows 50000 --os-rows 50000 --queries 300
    python bench/search.py --backends sqlite --sqlite-rows 100000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_PG = "postgresql://poc_tracker:poc_tracker@127.0.0.1:5432/poc_tracker_bench"


def configure(kind: str, db_url: str, opensearch_url: str = "") -> None:
    """Point the settings at a database and a search backend."""
    from poc_tracker.settings import get_settings

    os.environ.update(
        {
            "POC_TRACKER_DATABASE_URL": db_url,
            "POC_TRACKER_SEARCH_BACKEND": kind,
            "POC_TRACKER_OPENSEARCH_URL": opensearch_url,
            "POC_TRACKER_OPENSEARCH_INDEX": "bench-pocs",
            "POC_TRACKER_LOG_LEVEL": "WARNING",
        }
    )
    get_settings.cache_clear()


def ensure_database(url: str) -> None:
    """Create the benchmark database when missing (the role may create databases: scripts/services.sh)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')


def warm(url: str) -> str:
    """Read search_docs, its indexes and TOAST into memory, as on a server that has been running.

    pg_prewarm: heap and indexes into shared buffers, the TOAST (larger) into the OS cache. The
    extension needs a superuser (root here may act as the local ``postgres``); without it the figures
    are of cold caches.
    """
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        if con.execute("SELECT to_regproc('public.pg_prewarm') IS NULL").fetchone()[0] and os.geteuid() == 0:
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    "psql",
                    "-qX",
                    "-d",
                    url.rsplit("/", 1)[1],
                    "-c",
                    "CREATE EXTENSION IF NOT EXISTS pg_prewarm SCHEMA public",
                ],
                check=False,
            )
        try:
            con.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except psycopg.errors.InsufficientPrivilege:
            return "cold caches (CREATE EXTENSION pg_prewarm, as a superuser, measures warm ones)"
        tables = con.execute(  # by oid: the role may not name relations of the pg_toast schema
            "SELECT oid::int, reltoastrelid::int FROM pg_class WHERE relkind = 'r' AND (oid = 'search_docs'::regclass "
            "OR oid IN (SELECT relid FROM pg_partition_tree('search_docs')))"
        ).fetchall()
        heaps, toasts = [t for t, _ in tables], [t for _, t in tables]
        indexes = [
            r[0]
            for r in con.execute(
                "SELECT indexrelid::int FROM pg_index WHERE indrelid = ANY(%s::oid[])", (heaps + toasts,)
            )
        ]
        pages = sum(con.execute("SELECT pg_prewarm(%s::oid)", (rel,)).fetchone()[0] for rel in heaps + indexes)
        pages += sum(con.execute("SELECT pg_prewarm(%s::oid, 'read')", (rel,)).fetchone()[0] for rel in toasts)
    return f"warm caches (pg_prewarm: {pages * 8 / 2**20:,.1f} GiB read)"


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(label: str, times: dict[str, list[float]], matched: dict[str, list[int]] | None = None) -> list[float]:
    """Print percentiles per kind and for the whole mix (and the median number of matches); every time."""
    every = [t for ts in times.values() for t in ts]
    print(f"  {label:<12} {'kind':<8} {'n':>5} {'p50':>8} {'p95':>8} {'p99':>8}   (ms)   matches p50")
    for kind, ts in [*times.items(), ("ALL", every)]:
        found = f"{statistics.median(matched[kind]):>10,.0f}" if matched and kind in matched else ""
        print(
            f"  {'':<12} {kind:<8} {len(ts):>5} {pct(ts, 50):>8.1f} {pct(ts, 95):>8.1f} {pct(ts, 99):>8.1f}   {found}"
        )
    return every


class Mix(NamedTuple):
    """Per query kind: the whole request's time, its statements' time (ms) and its number of matches."""

    times: dict[str, list[float]]
    sql: dict[str, list[float]]
    matched: dict[str, list[int]]


def run_mix(count: int, tenants: int, warmup: int = 30) -> Mix:
    """The fixed query mix through the search service, each in a tenant-scoped session.

    The time of the database statements (sent, executed, read back) is summed apart through the
    engine's cursor events: the figure to set against the ILIKE baseline's bare statement.
    """
    from sqlalchemy import event

    from bench.search_data import queries, tenant_id
    from poc_tracker.db import get_engine, new_session
    from poc_tracker.services.actor import Actor
    from poc_tracker.services.search import SearchRequest, search_pocs

    mix = Mix({}, {}, {})
    clock = {"sql": 0.0, "at": 0.0}

    def before(*_: object) -> None:
        clock["at"] = time.perf_counter()

    def after(*_: object) -> None:
        clock["sql"] += time.perf_counter() - clock["at"]

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        for k, (kind, tenant, req) in enumerate(queries(count + warmup, tenants)):
            actor = Actor(user_id=uuid.uuid4(), tenant_id=tenant_id(tenant), roles=["member"])
            with new_session(tenant_id=actor.tenant_id) as session:
                clock["sql"], started = 0.0, time.perf_counter()
                result = search_pocs(session, actor=actor, request=SearchRequest(**req))
                elapsed = (time.perf_counter() - started) * 1000
            if k >= warmup:
                mix.times.setdefault(kind, []).append(elapsed)
                mix.sql.setdefault(kind, []).append(clock["sql"] * 1000)
                mix.matched.setdefault(kind, []).append(result.total)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return mix


NAIVE_KINDS = ("word", "phrase", "facets")
NAIVE = """WITH m AS MATERIALIZED (SELECT poc_id, language, tags, created_at, updated_at FROM search_docs
  WHERE tenant_id = %(t)s AND {match} AND tags @> %(tags)s::text[])
SELECT (SELECT count(*) FROM m),
  (SELECT json_agg(x) FROM (SELECT language, count(*) n FROM m GROUP BY 1 ORDER BY 2 DESC LIMIT 20) x),
  (SELECT json_agg(x) FROM (SELECT tag, count(*) n FROM (SELECT unnest(tags) tag FROM m) u GROUP BY 1
                           ORDER BY 2 DESC LIMIT 20) x),
  (SELECT json_agg(x) FROM (SELECT extract(year FROM created_at) y, count(*) FROM m GROUP BY 1) x),
  ARRAY(SELECT poc_id FROM m ORDER BY updated_at DESC LIMIT 20)"""


def ilike_baseline(url: str, count: int, tenants: int) -> dict[str, list[float]]:
    """The same requests answered naively, per kind.

    ILIKE '%text%' on name, description and file content, then the same count, facets and first page
    (by date: there is no relevance without an index).
    """
    import psycopg

    from bench.search_data import queries, tenant_id

    times: dict[str, list[float]] = {}
    with psycopg.connect(url) as con:
        con.execute("SET jit = off")
        for kind, tenant, req in queries(count, tenants):
            if kind not in NAIVE_KINDS:
                continue
            texts = [req["q"].strip('"')] if kind == "phrase" else req["q"].split()
            match = " AND ".join(
                f"(name ILIKE %(w{i})s OR description ILIKE %(w{i})s OR content ILIKE %(w{i})s)"
                for i in range(len(texts))
            )
            args = {
                "t": tenant_id(tenant),
                "tags": list(req.get("tags", ())),
                **{f"w{i}": f"%{w}%" for i, w in enumerate(texts)},
            }
            started = time.perf_counter()
            con.execute(NAIVE.format(match=match), args).fetchall()
            times.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    return times


def index_throughput(n_base: int, tenants: int, extra: int = 2000) -> float:
    """POCs/s through ``backend.index`` in batches of 100 (what the index task does), on new ids."""
    from bench.search_data import docs
    from poc_tracker.db import system_session
    from poc_tracker.search import get_search_backend

    backend = get_search_backend()
    batch: list = []
    started = time.perf_counter()
    for d in docs(n_base + extra, tenants, seed=99, start=n_base):
        d.poc_id = uuid.uuid5(d.poc_id, "extra")
        batch.append(d)
        if len(batch) == 100:
            with system_session(reason="test") as session:
                backend.index(session if backend.transactional else None, batch)
            batch = []
    return extra / (time.perf_counter() - started)


def bench_sqlite(args: argparse.Namespace) -> None:
    """SQLite FTS5 on a fresh file."""
    from bench.search_load import load_sqlite

    path = str(Path(tempfile.mkdtemp(prefix="sqlite-", dir=args.scratch)) / "bench.db")
    configure("sqlite", f"sqlite:///{path}")
    seconds = load_sqlite(path, args.sqlite_rows, args.tenants)
    print(
        f"\nSQLite FTS5, {args.sqlite_rows:,} POCs: bulk load {args.sqlite_rows / seconds:,.0f} POCs/s "
        f"({seconds:.0f} s), file {Path(path).stat().st_size / 2**20:,.0f} MiB"
    )
    mix = run_mix(args.queries, args.tenants)
    summary("sqlite", mix.times, mix.matched)
    print(f"  indexing through backend.index: {index_throughput(args.sqlite_rows, args.tenants):,.0f} POCs/s")


def bench_postgres(args: argparse.Namespace) -> None:
    """PostgreSQL on the bench database, with the ILIKE baseline."""
    from bench.search_load import load_postgres

    configure("postgres", args.pg_url)
    ensure_database(args.pg_url)
    if not args.reuse_pg:
        load_s, index_s = load_postgres(args.pg_url, args.pg_rows, args.tenants)
        print(
            f"\nPostgreSQL, {args.pg_rows:,} POCs: COPY {args.pg_rows / load_s:,.0f} POCs/s ({load_s:.0f} s), "
            f"indexes {index_s:.0f} s, overall {args.pg_rows / (load_s + index_s):,.0f} POCs/s"
        )
    else:
        print(f"\nPostgreSQL, {args.pg_rows:,} POCs (reused)")
    print(f"  {warm(args.pg_url)}")
    mix = run_mix(args.queries, args.tenants)
    summary("postgres", mix.times, mix.matched)
    summary("statements", mix.sql)
    naive = ilike_baseline(args.pg_url, args.queries, args.tenants)
    summary("ILIKE", naive)
    slow = [t for ts in naive.values() for t in ts]
    print(f"  ratio ILIKE/FTS on the same requests ({', '.join(NAIVE_KINDS)}), p50 and p95:")
    for label, times in (("statements against statement", mix.sql), ("whole request against statement", mix.times)):
        fts = [t for kind in NAIVE_KINDS for t in times[kind]]
        print(f"    {label:<32} {pct(slow, 50) / pct(fts, 50):>4.0f}x {pct(slow, 95) / pct(fts, 95):>4.0f}x")
    print(f"  indexing through backend.index: {index_throughput(args.pg_rows, args.tenants):,.0f} POCs/s")


def bench_opensearch(args: argparse.Namespace) -> None:
    """OpenSearch on a node started here (or given)."""
    from bench.search_load import load_opensearch
    from poc_tracker.search import get_search_backend
    from tests.search_support import _launcher

    proc = None
    url = args.opensearch_url
    if not url:
        os.environ.setdefault("OPENSEARCH_HEAP", "2g")
        proc = _launcher().start_node(args.os_port, Path(tempfile.mkdtemp(prefix="os-", dir=args.scratch)), timeout=240)
        url = f"http://127.0.0.1:{args.os_port}"
    try:
        db = f"sqlite:///{Path(tempfile.mkdtemp(prefix='os-db-', dir=args.scratch)) / 'db.sqlite'}"
        configure("opensearch", db, url)
        seconds = load_opensearch(get_search_backend(), args.os_rows, args.tenants)
        print(f"\nOpenSearch, {args.os_rows:,} POCs: bulk {args.os_rows / seconds:,.0f} POCs/s ({seconds:.0f} s)")
        mix = run_mix(args.queries, args.tenants)
        summary("opensearch", mix.times, mix.matched)
        print(f"  indexing through backend.index: {index_throughput(args.os_rows, args.tenants):,.0f} POCs/s")
    finally:
        if proc is not None:
            _launcher().stop_node(proc)


def main() -> None:
    """Parse arguments and run the chosen backends."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="postgres,sqlite,opensearch")
    parser.add_argument("--pg-rows", type=int, default=1_000_000)
    parser.add_argument("--sqlite-rows", type=int, default=100_000)
    parser.add_argument("--os-rows", type=int, default=100_000)
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--queries", type=int, default=600, help="queries per backend (100 of each kind)")
    parser.add_argument("--pg-url", default=os.environ.get("POC_TRACKER_BENCH_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--reuse-pg", action="store_true", help="skip the PostgreSQL load (same rows as before)")
    parser.add_argument("--opensearch-url", default="", help="an existing node; default: start one")
    parser.add_argument("--os-port", type=int, default=9215)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:  # files and nodes, removed after
        args.scratch = Path(scratch)
        for name in args.backends.split(","):
            {"sqlite": bench_sqlite, "postgres": bench_postgres, "opensearch": bench_opensearch}[name.strip()](args)


if __name__ == "__main__":
    main()
