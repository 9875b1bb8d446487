"""Tenant deletion: owners only, typed confirmation, read-only grace, cancel restores, erasure leaves nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import redis
from sqlalchemy import inspect, text
from sqlmodel import select

from poc_tracker.db import get_engine, system_session
from poc_tracker.models import MailMessage
from poc_tracker.models.base import utcnow
from poc_tracker.services import jobs, reports
from poc_tracker.services.job_runner import run_job
from poc_tracker.services.outbox import deliver_all
from poc_tracker.settings import get_settings
from tasks.tenants import erase_due_tenants
from tests.factories import promote
from tests.files_support import create_poc, upload
from tests.personas import Persona
from tests.search_support import BACKENDS

DELETION = "/api/v1/tenants/current/deletion"


@pytest.fixture(autouse=True)
def no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Report jobs run in process here (the worker path has its own tests)."""
    monkeypatch.setattr(jobs, "send_task", lambda *a, **kw: None)


def test_only_owners_with_the_typed_subdomain_schedule_it(client, owner_a: Persona, member_a: Persona):
    assert client.post(DELETION, json={"confirmation": "alfa"}, headers=member_a.headers).status_code == 403
    admin = promote(client, owner_a, member_a, "admin")
    assert client.post(DELETION, json={"confirmation": "alfa"}, headers=admin.headers).status_code == 403
    assert client.get(DELETION, headers=admin.headers).json()["pending"] is False  # admins may read it
    wrong = client.post(DELETION, json={"confirmation": "Empresa alfa"}, headers=owner_a.headers)
    assert wrong.status_code == 422 and wrong.json()["error"]["details"]["field"] == "confirmation"
    assert "alfa" in wrong.json()["error"]["message"]
    res = client.post(DELETION, json={"confirmation": " ALFA "}, headers=owner_a.headers)
    assert res.status_code == 202, res.text
    body = res.json()
    assert body["pending"] and body["requestedBy"] == "Dona alfa"
    with system_session(reason="test") as session:
        mails = session.exec(select(MailMessage).where(MailMessage.template == "tenant_deletion_scheduled")).all()
        assert {m.to_address for m in mails} == {owner_a.email, member_a.email}  # everyone whose data goes
        assert all("Dona alfa" in m.text_body and "Empresa alfa" in m.subject for m in mails)
    assert client.post(DELETION, json={"confirmation": "alfa"}, headers=owner_a.headers).status_code == 409


def test_grace_is_read_only_for_owners_closed_to_the_others_and_cancel_restores(
    client, owner_a: Persona, member_a: Persona
):
    poc = create_poc(client, member_a, "Antes")
    assert client.post(DELETION, json={"confirmation": "alfa"}, headers=owner_a.headers).status_code == 202
    blocked = client.get("/api/v1/pocs", headers=member_a.headers)
    assert blocked.status_code == 403 and blocked.json()["error"]["code"] == "tenant_pending_deletion"
    login = client.post("/api/v1/auth/login", json={"email": member_a.email, "password": member_a.password})
    assert login.status_code == 403 and login.json()["error"]["code"] == "tenant_pending_deletion"
    assert client.get(f"/api/v1/pocs/{poc}", headers=owner_a.headers).status_code == 200  # reading stays
    edit = client.patch(f"/api/v1/pocs/{poc}", json={"name": "Depois"}, headers=owner_a.headers)
    assert edit.status_code == 403
    assert client.patch("/api/v1/tenants/current", json={"name": "X"}, headers=owner_a.headers).status_code == 403
    favorite = client.put(f"/api/v1/favorites/{poc}", headers=owner_a.headers)  # guarded by the event wall
    assert favorite.status_code == 403 and favorite.json()["error"]["code"] == "tenant_read_only"
    assert client.delete(DELETION, headers=owner_a.headers).json()["pending"] is False
    assert client.get(f"/api/v1/pocs/{poc}", headers=member_a.headers).json()["name"] == "Antes"
    assert client.patch(f"/api/v1/pocs/{poc}", json={"name": "Depois"}, headers=member_a.headers).status_code == 200
    assert client.delete(DELETION, headers=owner_a.headers).status_code == 409
    with system_session(reason="test") as session:
        erase_due_tenants(utcnow() + timedelta(days=60))  # cancelled: nothing is due
        assert session.execute(text("SELECT count(*) FROM pocs")).scalar() == 1


def dump(needles: list[str]) -> list[str]:
    """Every table (search ones too) as text; the rows that mention one of ``needles``."""
    engine = get_engine()
    found = []
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT set_config('app.bypass_rls', 'on', false)"))
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                line = " ".join(str(v.hex if isinstance(v, uuid.UUID) else v) + f" {v}" for v in row)
                if any(n.lower() in line.lower() for n in needles):
                    found.append(f"{table}: {line[:200]}")
    return found


@pytest.mark.parametrize(("profile", "search_kind"), BACKENDS, indirect=["profile"])
def test_erasure_leaves_no_row_file_document_or_key_of_the_tenant_and_spares_the_other(
    client, indexer, local_store, owner_a: Persona, member_a: Persona, owner_b: Persona
):
    a_poc = create_poc(client, member_a, "Cache secreto da alfa")
    upload(client, member_a, a_poc, [("notas.txt", b"anotacoes da alfa")])
    client.get("/api/v1/search/pocs", params={"q": "secreto"}, headers=member_a.headers)  # a search log row
    b_poc = create_poc(client, owner_b, "Cache da beta")
    upload(client, owner_b, b_poc, [("beta.txt", b"da beta")])
    rid = client.post(
        "/api/v1/reports",
        json={"kind": "usage", "format": "json", "from": "2026-01-01", "to": "2026-12-31"},
        headers=owner_a.headers,
    ).json()["reportId"]
    assert run_job(uuid.UUID(rid), uuid.UUID(owner_a.tenant_id), reports.render) == "done"
    deliver_all("audit")
    assert client.post(DELETION, json={"confirmation": "alfa"}, headers=owner_a.headers).status_code == 202
    store, tid = local_store, owner_a.tenant_id
    client.get("/api/v1/pocs", headers=owner_b.headers)  # a rate-limit counter of the other tenant
    assert store.list_keys(f"tenants/{tid}/") and indexed(indexer, tid)

    needles = [tid, uuid.UUID(tid).hex, owner_a.email, member_a.email, "Empresa alfa", "secreto da alfa"]
    assert len(dump(needles)) > 10  # the dump does see the tenant while it exists
    assert erase_due_tenants(utcnow() + timedelta(days=29)) == 0  # still in its grace
    assert erase_due_tenants(utcnow() + timedelta(days=31)) == 1
    indexer.refresh()

    assert dump(needles) == []
    assert store.list_keys(f"tenants/{tid}/") == []
    assert not (get_settings().data_dir / "files" / "tenants" / tid).exists()
    assert indexed(indexer, tid) == set()
    if get_settings().redis_url:
        keys = list(redis.Redis.from_url(get_settings().redis_url).scan_iter(count=1000))
        mine = (owner_a.user_id, member_a.user_id, owner_a.email, member_a.email)
        assert [k for k in keys if any(m.encode() in k for m in mine)] == []
        assert any(owner_b.user_id.encode() in k for k in keys)  # the other tenant's counters stay
    # the other tenant is untouched
    assert client.get(f"/api/v1/pocs/{b_poc}", headers=owner_b.headers).json()["name"] == "Cache da beta"
    assert store.list_keys(f"tenants/{owner_b.tenant_id}/")
    found = client.get("/api/v1/search/pocs", params={"q": "cache"}, headers=owner_b.headers).json()
    assert [h["pocId"] for h in found["hits"]] == [b_poc]
    assert (
        client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": owner_a.password}).status_code
        == 401
    )


def indexed(backend, tenant_id: str) -> set[uuid.UUID]:
    """The tenant's POCs that have a search document."""
    with system_session(reason="test") as session:
        return backend.indexed_ids(session if backend.transactional else None, uuid.UUID(tenant_id))
