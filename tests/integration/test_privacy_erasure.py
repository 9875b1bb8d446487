"""Account deletion: blocked at once, cancellable within the grace, then nothing of the person anywhere."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import timedelta

import pytest
import redis
from sqlalchemy import inspect, text

from poc_tracker.db import get_engine, session_scope, system_session
from poc_tracker.models import User
from poc_tracker.models.base import utcnow
from poc_tracker.services.job_runner import run_job
from poc_tracker.services.outbox import deliver_all
from poc_tracker.services.privacy import deletion
from poc_tracker.services.privacy.export_job import build_person_export
from poc_tracker.storage import get_file_store
from tests.personas import Persona
from tests.privacy_support import EMAIL, NAME, PASSWORD, join, seed_everything
from tests.search_support import BACKENDS

NEEDLES = [EMAIL.lower(), NAME.lower(), "zuleica", "quixabeira"]


def dump_database() -> str:
    """Every row of every table (search tables included), as text, lower-cased."""
    out = []
    with get_engine().connect() as conn:
        if conn.dialect.name == "postgresql":  # row-level security would hide every tenant's rows
            conn.execute(text("SELECT set_config('app.bypass_rls', 'on', false)"))
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                out.append(f"{table}: {row!r}")
    return "\n".join(out).lower()


def dump_files() -> str:
    """Every stored file, ZIPs opened (their entries are compressed), as text, lower-cased."""
    store, out = get_file_store(), []
    for key in store.list_keys(""):
        data = store.get(key)
        if data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                out += [zf.read(n).decode("latin-1") for n in zf.namelist()]
        out.append(data.decode("latin-1"))
    return "\n".join(out).lower()


def dump_search(backend) -> str:
    if getattr(backend, "transactional", True):
        return ""  # its documents are tables: in the database dump
    backend.refresh()
    found = backend.client.search(index=backend.alias, body={"query": {"match_all": {}}, "size": 1000})
    return json.dumps(found, ensure_ascii=False).lower()


def dump_redis(profile) -> str:
    url = profile.env.get("POC_TRACKER_REDIS_URL")
    return "\n".join(k.decode() for k in redis.Redis.from_url(url).scan_iter()).lower() if url else ""


def export_now(client, person: Persona) -> None:
    res = client.post("/api/v1/privacy/exports", json={"password": PASSWORD}, headers=person.headers)
    assert res.status_code == 202, res.text
    job_id = client.get(f"/api/v1/privacy/requests/{res.json()['requestId']}", headers=person.headers)
    assert job_id.status_code == 200
    with system_session(reason="test") as s:
        from poc_tracker.models import PrivacyRequest

        job = s.get(PrivacyRequest, uuid.UUID(res.json()["requestId"])).job_id
    assert run_job(job, uuid.UUID(person.tenant_id), build_person_export) == "done"


def erase_due() -> int:
    with system_session(reason="test") as s:
        due = deletion.due_requests(s, now=utcnow() + timedelta(days=31))
    done = 0
    for request_id, tenant_id in due:
        with session_scope(tenant_id=tenant_id) as s:
            done += deletion.complete_deletion(s, request_id=request_id)
    return done


@pytest.mark.parametrize(("profile", "search_kind"), BACKENDS, indirect=["profile"])
def test_after_the_erasure_nothing_of_the_person_is_left_but_the_team_keeps_their_pocs(
    client, indexer, profile, owner_a: Persona
):
    person = join(client, owner_a)
    seed = seed_everything(client, person)
    export_now(client, person)
    before = dump_database() + dump_files() + dump_search(indexer)
    assert all(n in before for n in NEEDLES)  # the dump would see them
    res = client.post("/api/v1/privacy/deletion", json={"password": PASSWORD}, headers=person.headers)
    assert res.status_code == 202, res.text
    assert client.get("/api/v1/privacy", headers=person.headers).status_code == 401  # signed out at once
    blocked = client.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
    assert blocked.status_code == 403 and blocked.json()["error"]["code"] == "deletion_pending"
    assert erase_due() == 1
    deliver_all("audit")
    deliver_all("search")
    after = dump_database() + dump_files() + dump_search(indexer) + dump_redis(profile)
    left = [n for n in NEEDLES if n in after]
    assert not left, [line for line in after.splitlines() if any(n in line for n in left)][:5]
    poc = client.get(f"/api/v1/pocs/{seed['pocId']}", headers=owner_a.headers)
    assert poc.status_code == 200 and poc.json()["ownerName"] == "Pessoa removida"
    gone = client.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD})
    assert gone.status_code == 401
    assert erase_due() == 0  # done once


def test_cancelling_within_the_grace_gives_the_account_back_untouched(client, owner_a: Persona):
    person = join(client, owner_a)
    seed_everything(client, person)
    with system_session(reason="test") as s:
        row = s.get(User, uuid.UUID(person.user_id)).model_dump()
    counts = dump_database().count(EMAIL)
    assert (
        client.post("/api/v1/privacy/deletion", json={"password": "errada-123"}, headers=person.headers).status_code
        == 401
    )
    assert (
        client.post("/api/v1/privacy/deletion", json={"password": PASSWORD}, headers=person.headers).status_code == 202
    )
    wrong = client.request("DELETE", "/api/v1/privacy/deletion", json={"email": EMAIL, "password": "errada-123"})
    assert wrong.status_code == 401
    res = client.request("DELETE", "/api/v1/privacy/deletion", json={"email": EMAIL, "password": PASSWORD})
    assert res.status_code == 200 and res.json()["status"] == "cancelled", res.text
    with system_session(reason="test") as s:
        assert s.get(User, uuid.UUID(person.user_id)).model_dump() == row
    assert dump_database().count(EMAIL) == counts
    assert erase_due() == 0
    assert client.post("/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD}).status_code == 200


def test_the_sole_owner_must_hand_over_the_tenant_first(client, owner_a: Persona):
    res = client.post("/api/v1/privacy/deletion", json={"password": owner_a.password}, headers=owner_a.headers)
    assert res.status_code == 409 and res.json()["error"]["code"] == "sole_owner"
    assert "única pessoa proprietária" in res.json()["error"]["message"]
