"""The privacy API: summary, consents, the ledger, the export link (its owner's alone) and tenant isolation."""

from __future__ import annotations

import io
import json
import uuid
import zipfile

from poc_tracker.db import system_session
from poc_tracker.models import PrivacyRequest
from poc_tracker.services.job_runner import run_job
from poc_tracker.services.privacy.export_job import build_person_export
from tests.personas import Persona, add_member


def ask_export(client, who: Persona) -> str:
    res = client.post("/api/v1/privacy/exports", json={"password": who.password}, headers=who.headers)
    assert res.status_code == 202, res.text
    assert res.json()["protocol"].startswith("LGPD-")
    return res.json()["requestId"]


def build(request_id: str, tenant_id: str) -> None:
    with system_session(reason="test") as s:
        job_id = s.get(PrivacyRequest, uuid.UUID(request_id)).job_id
    assert run_job(job_id, uuid.UUID(tenant_id), build_person_export) == "done"


def test_an_export_needs_the_password_and_downloads_for_its_owner_only(
    client, owner_a: Persona, member_a: Persona, owner_b: Persona
):
    bad = client.post("/api/v1/privacy/exports", json={"password": "nao-e-essa"}, headers=owner_a.headers)
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "invalid_password"
    none = client.post("/api/v1/privacy/exports", json={}, headers=owner_a.headers)
    assert none.status_code == 401 and none.json()["error"]["code"] == "password_required"
    rid = ask_export(client, owner_a)
    pending = client.get(f"/api/v1/privacy/requests/{rid}", headers=owner_a.headers).json()
    assert pending["status"] == "processing" and pending["downloadUrl"] is None
    again = client.post("/api/v1/privacy/exports", json={"password": owner_a.password}, headers=owner_a.headers)
    assert again.status_code == 409
    build(rid, owner_a.tenant_id)
    done = client.get(f"/api/v1/privacy/requests/{rid}", headers=owner_a.headers).json()
    assert done["status"] == "done" and done["downloadUrl"].endswith(f"/privacy/exports/{rid}/download")
    res = client.get(done["downloadUrl"], headers=owner_a.headers)
    assert res.status_code == 200 and res.headers["content-type"] == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(res.content)).read("data.json"))
    assert data["users"][0]["email"] == owner_a.email
    for other in (member_a, owner_b):  # the same tenant's colleague and another tenant: both 404
        assert client.get(done["downloadUrl"], headers=other.headers).status_code == 404
        assert client.get(f"/api/v1/privacy/requests/{rid}", headers=other.headers).status_code == 404
        assert client.delete(f"/api/v1/privacy/exports/{rid}", headers=other.headers).status_code == 404
    assert client.get(done["downloadUrl"]).status_code == 401
    revoked = client.delete(f"/api/v1/privacy/exports/{rid}", headers=owner_a.headers)
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert client.get(done["downloadUrl"], headers=owner_a.headers).status_code == 404


def test_the_ledger_lists_my_requests_with_protocol_and_a_15_day_due_date(client, owner_a: Persona, owner_b: Persona):
    access = client.post("/api/v1/privacy/access", headers=owner_a.headers)
    assert access.status_code == 201 and access.json()["status"] == "done"
    ledger = client.get("/api/v1/privacy/requests", headers=owner_a.headers).json()
    assert ledger["totalCount"] == 1
    row = ledger["data"][0]
    from datetime import datetime

    due = datetime.fromisoformat(row["dueAt"]) - datetime.fromisoformat(row["createdAt"])
    assert due.days == 15 and row["kind"] == "access"
    assert client.get("/api/v1/privacy/requests", headers=owner_b.headers).json()["totalCount"] == 0
    assert client.get(f"/api/v1/privacy/requests/{uuid.uuid4()}", headers=owner_a.headers).status_code == 404
    assert client.get("/api/v1/privacy/requests/not-an-id", headers=owner_a.headers).status_code in (404, 422)


def test_summary_and_consents_granted_revoked_and_a_new_notice_asks_again(client, owner_a: Persona, monkeypatch):
    summary = client.get("/api/v1/privacy", headers=owner_a.headers).json()
    assert summary["counts"]["users"] == 1 and summary["contacts"]["dpoEmail"]
    assert summary["consents"]["needsNotice"] is True  # signed up through the API without accepting
    body = {"choices": {"terms": True, "privacy_notice": True, "product_news": True}}
    res = client.put("/api/v1/privacy/consents", json=body, headers=owner_a.headers)
    assert res.status_code == 200, res.text
    assert res.json()["needsNotice"] is False
    assert (
        client.put(
            "/api/v1/privacy/consents", json={"choices": {"product_news": False}}, headers=owner_a.headers
        ).status_code
        == 200
    )
    refused = client.put("/api/v1/privacy/consents", json={"choices": {"terms": False}}, headers=owner_a.headers)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "notice_required"
    unknown = client.put("/api/v1/privacy/consents", json={"choices": {"spam": True}}, headers=owner_a.headers)
    assert unknown.status_code == 422
    state = {
        c["purpose"]: c["granted"]
        for c in client.get("/api/v1/privacy/consents", headers=owner_a.headers).json()["data"]
    }
    assert state["product_news"] is False and state["terms"] is True
    with system_session(reason="test") as s:
        from sqlmodel import select

        from poc_tracker.models import ConsentRecord

        assert len(s.exec(select(ConsentRecord).where(ConsentRecord.purpose == "product_news")).all()) == 2
    from poc_tracker.services.privacy import consents

    monkeypatch.setattr(consents, "NOTICE_VERSION", "2099-01")
    assert client.get("/api/v1/privacy/consents", headers=owner_a.headers).json()["needsNotice"] is True


def test_sign_up_with_the_notice_accepted_records_it(client, owner_a: Persona):
    member = add_member(client, owner_a, "nova", "member")
    assert client.get("/api/v1/privacy/consents", headers=member.headers).json()["needsNotice"] is True
    res = client.post(
        "/api/v1/tenants",
        json={
            "name": "Gama",
            "subdomain": "gama",
            "ownerName": "Dona Gama",
            "ownerEmail": "dona@gama.com.br",
            "ownerPassword": "senha-forte-123",
            "acceptPrivacyNotice": True,
        },
        headers={"User-Agent": "TesteAgente/1.0"},
    )
    assert res.status_code == 201
    token = {"Authorization": f"Bearer {res.json()['accessToken']}"}
    found = client.get("/api/v1/privacy/consents", headers=token).json()
    assert found["needsNotice"] is False
    with system_session(reason="test") as s:
        from sqlmodel import select

        from poc_tracker.models import ConsentRecord

        rows = s.exec(select(ConsentRecord).where(ConsentRecord.user_id == uuid.UUID(res.json()["userId"]))).all()
    assert {r.purpose for r in rows} == {"terms", "privacy_notice"}
    assert all(r.channel == "api" and len(r.user_agent_hash) == 64 and "Teste" not in r.user_agent_hash for r in rows)


def test_a_revoked_retrospectiva_notice_means_no_december_offer(client, owner_a: Persona, member_a: Persona):
    from poc_tracker.services import video_shares

    body = {"choices": {"retrospectiva_notice": False}}
    assert client.put("/api/v1/privacy/consents", json=body, headers=member_a.headers).status_code == 200
    with system_session(reason="test") as s:
        assert video_shares.offer_year(s, year=2026) == 1  # the owner only
    with system_session(reason="test") as s:
        from sqlmodel import select

        from poc_tracker.models import VideoOffer

        assert [str(o.user_id) for o in s.exec(select(VideoOffer)).all()] == [owner_a.user_id]
