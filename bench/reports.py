"""Benchmark: report queries on a tenant of 100,000 POCs (PostgreSQL), a 20-page PDF, a 1,000,000-row XLSX.

Prints p50/p95 of every aggregate query of both reports over a 12-month period (target p95 < 500 ms),
the time and peak memory (max RSS of a fresh process) of a ~20-page PDF (target < 30 s), and the peak
memory of an XLSX of 1,000,000 rows (target < 300 MB). The database at --database-url is EMPTIED first.

    python bench/reports.py --database-url "$POC_TRACKER_TEST_POSTGRES_URL" [--pocs 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LANGS = ("python", "go", "rust", "typescript", "java", "kotlin", "elixir", "csharp")
TAGS = ("api", "dados", "ml", "mobile", "infra", "front", "seguranca", "pagamentos")


def reset(url: str) -> None:
    """Empty schema, migrations applied."""
    from sqlalchemy import text

    from poc_tracker.db import get_engine
    from poc_tracker.migrations import upgrade

    with get_engine().begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(url)


def seed(n: int) -> tuple[uuid.UUID, uuid.UUID]:
    """One tenant, 20 people, ``n`` POCs over two years with tags, favourites, Dojos and audit rows."""
    from sqlalchemy import insert, text

    from poc_tracker.db import system_session
    from poc_tracker.models import AuditLog, Dojo, Favorite, Poc, PocTag, Tenant, User

    tenant = uuid.uuid4()
    people = [uuid.uuid4() for _ in range(20)]
    start = datetime.now(UTC) - timedelta(days=730)
    with system_session(reason="bench") as s:
        s.add(Tenant(id=tenant, name="Bench S.A.", subdomain="bench", plan="enterprise"))
        s.flush()
        for i, uid in enumerate(people):
            s.add(
                User(
                    id=uid,
                    tenant_id=tenant,
                    email=f"p{i}@bench.com.br",
                    name=f"Pessoa {i}",
                    password_hash="x",
                    roles=["admin" if i == 0 else "member"],
                )
            )
    step = timedelta(days=730) / n
    for chunk in range(0, n, 5000):
        pocs, tags, favs, audit = [], [], [], []
        for i in range(chunk, min(n, chunk + 5000)):
            pid, at = uuid.uuid4(), start + step * i
            owner = people[i % len(people)]
            pocs.append(
                {
                    "id": pid,
                    "tenant_id": tenant,
                    "owner_id": owner,
                    "name": f"POC {i:06d}",
                    "description": "",
                    "language": LANGS[i % 8],
                    "tags": [TAGS[i % 8]],
                    "status": "done",
                    "hypothesis": "",
                    "success_criteria": "",
                    "result": "",
                    "decision": ("go", "no_go", "pivot", "pending")[i % 4],
                    "learnings": "",
                    "current_version": 1,
                    "file_count": i % 9,
                    "total_bytes": 4096 * (i % 50),
                    "created_at": at,
                    "updated_at": at + timedelta(days=i % 30),
                }
            )
            tags.append({"poc_id": pid, "tag": TAGS[i % 8], "tenant_id": tenant})
            if i % 10 == 0:
                favs.append({"user_id": people[(i // 10) % 20], "poc_id": pid, "tenant_id": tenant, "created_at": at})
            audit.append(
                {
                    "id": uuid.uuid4(),
                    "tenant_id": tenant,
                    "event_id": uuid.uuid4(),
                    "actor_id": owner,
                    "action": "poc.created",
                    "target_type": "poc",
                    "target_id": str(pid),
                    "details": {},
                    "created_at": at,
                }
            )
        with system_session(reason="bench") as s:
            s.execute(insert(Poc), pocs)
            s.execute(insert(PocTag), tags)
            s.execute(insert(Favorite), favs)
            s.execute(insert(AuditLog), audit)
    with system_session(reason="bench") as s:
        for d in range(500):
            at = start + timedelta(days=d * 730 / 500)
            s.add(
                Dojo(
                    tenant_id=tenant,
                    host_id=people[d % 20],
                    title=f"Dojo {d}",
                    join_code=f"b{d:07d}",
                    status="ended",
                    created_at=at,
                    ended_at=at + timedelta(minutes=45),
                )
            )
        s.execute(text("ANALYZE"))
    return tenant, people[0]


def seeded() -> tuple[uuid.UUID, uuid.UUID] | None:
    """The tenant and admin of a previous run, if there is one."""
    from sqlmodel import select

    from poc_tracker.db import system_session
    from poc_tracker.models import Tenant, User

    with system_session(reason="bench") as s:
        tenant = s.exec(select(Tenant).where(Tenant.subdomain == "bench")).first()
        if tenant is None:
            return None
        admin = s.exec(select(User).where(User.tenant_id == tenant.id, User.email == "p0@bench.com.br")).one()
        return tenant.id, admin.id


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """p50 and p95 in ms of ``runs`` calls."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def bench_queries(tenant: uuid.UUID, admin: uuid.UUID, runs: int) -> None:
    """Every aggregate query of both reports, over the last 12 months, as the tenant's admin."""
    from poc_tracker.db import session_scope
    from poc_tracker.reports import trends, usage
    from poc_tracker.reports.build import build_report
    from poc_tracker.reports.params import parse_request, preset_days
    from poc_tracker.reports.scope import Scope
    from poc_tracker.services.users import actor_for

    first, last = preset_days("last_12_months", date.today())
    req = parse_request({"kind": "usage", "format": "pdf", "from": str(first), "to": str(last)}, tz="America/Sao_Paulo")
    with session_scope(tenant_id=tenant) as s:
        actor = actor_for(s, user_id=admin, tenant_id=tenant)
        scope = Scope(actor, req.filters)
        queries = {
            "usage.poc_metrics": lambda: usage.poc_metrics(s, scope, req),
            "usage.organise_metrics": lambda: usage.organise_metrics(s, scope, req),
            "usage.dojo_metrics": lambda: usage.dojo_metrics(s, scope, req),
            "usage.languages_table": lambda: usage.languages_table(s, scope, req),
            "usage.authors_table": lambda: usage.authors_table(s, scope, req),
            "usage.dojos_table": lambda: usage.dojos_table(s, scope, req),
            "usage.pocs_table (count + first page)": lambda: list(usage.pocs_table(s, scope, req, (1, 20)).iter_rows()),
            "trends.monthly_series": lambda: trends.monthly_series(s, scope, req),
            "trends.languages_trend": lambda: trends.languages_trend(s, scope, req),
            "trends.tags_trend": lambda: trends.tags_trend(s, scope, req),
            "trends.decisions_table": lambda: trends.decisions_table(s, scope, req),
            "trends.starred_table": lambda: trends.starred_table(s, scope),
            "trends.activity_grid": lambda: trends.activity_grid(s, scope, req),
            "whole usage report (page view)": lambda: build_report(s, actor=actor, req=req, page=(1, 20)),
            "whole trends report": lambda: build_report(
                s,
                actor=actor,
                req=parse_request(
                    {"kind": "trends", "format": "pdf", "from": str(first), "to": str(last)}, tz="America/Sao_Paulo"
                ),
            ),
        }
        print(f"{'query (12 months, 100k-POC tenant)':45} {'p50 ms':>9} {'p95 ms':>9}")
        for name, fn in queries.items():
            p50, p95 = timed(fn, runs)
            print(f"{name:45} {p50:9.1f} {p95:9.1f}")


def render_pdf_once(tenant: uuid.UUID, admin: uuid.UUID, out: Path) -> int:
    """The usage report of the last 12 months as a PDF (the POC table capped by --pdf-rows); its pages."""
    import pypdfium2

    from poc_tracker.db import session_scope
    from poc_tracker.reports.build import build_report
    from poc_tracker.reports.params import parse_request, preset_days
    from poc_tracker.reports.pdf import render_pdf
    from poc_tracker.services.users import actor_for

    first, last = preset_days("last_12_months", date.today())
    req = parse_request({"kind": "usage", "format": "pdf", "from": str(first), "to": str(last)}, tz="America/Sao_Paulo")
    with session_scope(tenant_id=tenant) as s:
        report = build_report(s, actor=actor_for(s, user_id=admin, tenant_id=tenant), req=req)
        render_pdf(report, "pt_BR", out)
    return len(pypdfium2.PdfDocument(str(out)))


def render_xlsx_once(out: Path, n: int = 1_000_000) -> int:
    """An XLSX of ``n`` rows with the POC table's columns (rows generated: the renderer's memory is measured)."""
    from poc_tracker.reports.model import Table
    from poc_tracker.reports.usage import pocs_columns
    from poc_tracker.reports.xlsx import Book, write_table

    start = datetime(2025, 1, 1, tzinfo=UTC)

    def rows():  # noqa: ANN202 - a generator of row tuples
        for i in range(n):
            at = start + timedelta(minutes=i)
            size = 4096 * (i % 50)
            yield (f"POC {i:07d}", f"Pessoa {i % 20}", "python", "done", "go", at.date(), at, i % 9, size, 0.01, i % 7)

    book = Book(out, "pt_BR", "America/Sao_Paulo")
    write_table(book, Table("pocs", "POCs", pocs_columns(), total=n, stream=rows), lambda _p: None)
    book.wb.close()
    return n


def child(what: str, tenant: str, admin: str, out: str) -> None:
    """Inside the fresh process: render, then print seconds, max RSS (MB), pages or rows, bytes."""
    t = time.perf_counter()
    if what == "pdf":
        count = render_pdf_once(uuid.UUID(tenant), uuid.UUID(admin), Path(out))
    else:
        count = render_xlsx_once(Path(out))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{time.perf_counter() - t:.1f} {peak:.0f} {count} {Path(out).stat().st_size}")


def in_child(what: str, tenant: uuid.UUID, admin: uuid.UUID, out: Path, env: dict[str, str]) -> list[str]:
    """Run one render in a fresh process: its own peak memory (max RSS), not this one's."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", what, str(tenant), str(admin), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def main() -> None:
    """Seed, time the queries, render the two files in fresh processes, print it all."""
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("POC_TRACKER_TEST_POSTGRES_URL", ""))
    parser.add_argument("--pocs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the tenant a previous run seeded")
    parser.add_argument("--only-queries", action="store_true", help="time the queries, render nothing")
    parser.add_argument("--pdf-rows", type=int, default=330, help="row cap of the PDF's POC table (about 20 pages)")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        sys.exit("--database-url must be a PostgreSQL URL (it is emptied)")
    data = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    env = {
        **os.environ,
        "POC_TRACKER_DATABASE_URL": args.database_url,
        "POC_TRACKER_DATA_DIR": str(data),
        "POC_TRACKER_LOG_LEVEL": "WARNING",
        "POC_TRACKER_REPORT_PDF_ROW_CAP": str(args.pdf_rows),
    }
    os.environ.update(env)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared with other sessions)")
    found = seeded() if args.reuse else None
    if found is None:
        reset(args.database_url)
        t = time.perf_counter()
        found = seed(args.pocs)
        print(f"seeded {args.pocs:,} POCs in {time.perf_counter() - t:.0f} s")
    tenant, admin = found
    bench_queries(tenant, admin, args.runs)
    if args.only_queries:
        return
    seconds, rss, pages, size = in_child("pdf", tenant, admin, data / "r.pdf", env)
    print(f"PDF: {pages} pages in {seconds} s, peak memory (max RSS of the process) {rss} MB, {int(size) // 1024} KiB")
    seconds, rss, rows, size = in_child("xlsx", tenant, admin, data / "r.xlsx", env)
    print(f"XLSX: {int(rows):,} rows in {seconds} s, peak memory (max RSS) {rss} MB, {int(size) // 2**20} MiB")
    print(f"load average now {os.getloadavg()[0]:.1f}; resource limits: {resource.getrlimit(resource.RLIMIT_AS)}")


if __name__ == "__main__":
    main()
