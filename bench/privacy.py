"""Benchmark: a person's LGPD export ZIP and their erasure, for a prolific author (embedded profile).

Seeds one tenant and one person with --pocs POCs (one 4 KiB file each) and --audit audit rows, then prints
the time and size of the export ZIP and the time of the erasure (anonymising, scrubbing, reindexing).

    python bench/privacy.py [--pocs 2000] [--audit 20000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def seed(pocs: int, audit: int) -> tuple[uuid.UUID, uuid.UUID]:
    """A tenant, an owner, and the person with their POCs, files and audit trail."""
    from sqlalchemy import insert

    from poc_tracker.db import system_session
    from poc_tracker.models import AuditLog, Blob, Poc, PocFile, Tenant, User
    from poc_tracker.storage import get_file_store

    tenant, person, owner = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    store = get_file_store()
    with system_session(reason="bench") as s:
        s.add(Tenant(id=tenant, name="Bench", subdomain="bench"))
        s.flush()
        for uid, name in ((owner, "Dona"), (person, "Pessoa Prolífica")):
            s.add(User(id=uid, tenant_id=tenant, email=f"{uid.hex}@bench.com.br", name=name, password_hash="x"))
        s.flush()
        poc_rows, blob_rows, file_rows = [], [], []
        for i in range(pocs):
            pid, data = uuid.uuid4(), os.urandom(4096)
            digest, key = hashlib.sha256(data).hexdigest(), f"tenants/{tenant}/pocs/{pid}/blob"
            store.put(key, data)
            poc_rows.append(
                {
                    "id": pid,
                    "tenant_id": tenant,
                    "owner_id": person,
                    "name": f"POC {i}",
                    "language": "python",
                    "tags": [],
                }
            )
            blob_rows.append({"poc_id": pid, "hash": digest, "tenant_id": tenant, "size": 4096, "storage_key": key})
            file_rows.append(
                {
                    "id": uuid.uuid4(),
                    "tenant_id": tenant,
                    "poc_id": pid,
                    "path": "main.py",
                    "blob_hash": digest,
                    "size": 4096,
                }
            )
        s.execute(insert(Poc), poc_rows)
        s.execute(insert(Blob), blob_rows)
        s.execute(insert(PocFile), file_rows)
        rows = [
            {
                "tenant_id": tenant,
                "event_id": uuid.uuid4(),
                "actor_id": person,
                "action": "poc.updated",
                "target_type": "poc",
                "target_id": "x",
                "details": {"by": "Pessoa Prolífica"},
            }
            for _ in range(audit)
        ]
        s.execute(insert(AuditLog), rows)
    return tenant, person


def main() -> None:
    """Seed, export, erase; print the figures."""
    args = argparse.ArgumentParser()
    args.add_argument("--pocs", type=int, default=2000)
    args.add_argument("--audit", type=int, default=20000)
    opts = args.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-privacy-"))
    os.environ.update({"POC_TRACKER_DATA_DIR": str(data), "POC_TRACKER_DATABASE_URL": f"sqlite:///{data}/b.db"})
    from poc_tracker.db import session_scope
    from poc_tracker.migrations import upgrade
    from poc_tracker.services.privacy.erase import erase_person
    from poc_tracker.services.privacy.export import person_scope, write_export

    upgrade(os.environ["POC_TRACKER_DATABASE_URL"])
    tenant, person = seed(opts.pocs, opts.audit)
    started = time.perf_counter()
    with session_scope(tenant_id=tenant) as s:
        zip_path = write_export(s, person_scope(s, tenant_id=tenant, user_id=person), data / "export.zip")
    export_s = time.perf_counter() - started
    started = time.perf_counter()
    with session_scope(tenant_id=tenant) as s:
        erase_person(s, tenant_id=tenant, user_id=person)
    erase_s = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pocs={opts.pocs} audit_rows={opts.audit}")
    print(f"export: {export_s:.2f} s, zip {zip_path.stat().st_size / 1e6:.1f} MB")
    print(f"erasure: {erase_s:.2f} s")
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
