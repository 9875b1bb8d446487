"""Benchmark: a tenant's export ZIP and its erasure (every store) as the tenant grows, on the embedded profile.

Builds one tenant with N POCs (each with one small file) through the API in process, delivers its events to
the audit log and the search index, then times the tenant export (ZIP written to a temp folder) and the
erasure of the tenant (rows, SQLite search documents, files), and prints the figures.

    python bench/tenant_privacy.py                 # N = 200
    python bench/tenant_privacy.py --pocs 1000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Build, export, erase; print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--pocs", type=int, default=200)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-tenant-"))
    os.environ.update(
        {
            "POC_TRACKER_DATA_DIR": str(data),
            "POC_TRACKER_DATABASE_URL": f"sqlite:///{data / 'bench.db'}",
            "POC_TRACKER_REDIS_URL": "",
            "POC_TRACKER_ENV": "test",
            "POC_TRACKER_LOG_LEVEL": "WARNING",
            "POC_TRACKER_RATE_LIMIT_PER_MINUTE": "1000000",
            "POC_TRACKER_ARGON2_TIME_COST": "1",
            "POC_TRACKER_ARGON2_MEMORY_KIB": "8192",
        }
    )
    from fastapi.testclient import TestClient

    from poc_tracker.api import create_api
    from poc_tracker.db import session_scope
    from poc_tracker.migrations import upgrade
    from poc_tracker.services import events
    from poc_tracker.services.outbox import deliver_all
    from poc_tracker.services.tenant_erasure import erase_tenant
    from poc_tracker.services.tenant_export_zip import write_tenant_export
    from tests.files_support import create_poc, upload
    from tests.personas import create_tenant

    events.nudge = lambda consumer: None  # no worker here: the consumers are delivered in process below
    upgrade(os.environ["POC_TRACKER_DATABASE_URL"])
    client = TestClient(create_api())
    owner = create_tenant(client, "bench")
    started = time.perf_counter()
    for i in range(args.pocs):
        poc = create_poc(client, owner, f"POC {i} de cache distribuído")
        upload(client, owner, poc, [(f"src/main_{i}.py", f"print({i})\n".encode() * 50)])
    for consumer in ("audit", "search"):
        deliver_all(consumer)
    print(f"built {args.pocs} POCs with a file each in {time.perf_counter() - started:.1f} s")
    tenant = uuid.UUID(owner.tenant_id)
    with session_scope(tenant_id=tenant) as session:
        started = time.perf_counter()
        path = write_tenant_export(session, tenant, data / "export.zip")
        took = time.perf_counter() - started
    print(f"export: {path.stat().st_size / 1024:.0f} KiB ZIP in {took:.2f} s")
    with session_scope(tenant_id=tenant) as session:
        started = time.perf_counter()
        erased = erase_tenant(session, tenant)
    took = time.perf_counter() - started
    print(f"erasure: {erased.rows} rows, {erased.files} files, {erased.redis_keys} Redis keys in {took:.2f} s")


if __name__ == "__main__":
    main()
