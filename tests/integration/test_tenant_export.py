"""Tenant export: owners with their password, every person and POC in a ZIP that validates, nobody else's."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile

import jsonschema
import pytest

from poc_tracker.services import jobs, tenant_export
from poc_tracker.services.job_runner import run_job
from tests.factories import promote
from tests.files_support import create_poc, upload
from tests.personas import Persona

EXPORTS = "/api/v1/tenants/current/exports"


@pytest.fixture(autouse=True)
def no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The job runs in process here (the worker path is exercised by the browser test's worker)."""
    monkeypatch.setattr(jobs, "send_task", lambda *a, **kw: None)


def test_owners_only_and_the_password_again(client, owner_a: Persona, member_a: Persona):
    assert client.post(EXPORTS, json={"password": member_a.password}, headers=member_a.headers).status_code == 403
    admin = promote(client, owner_a, member_a, "admin")
    assert client.post(EXPORTS, json={"password": admin.password}, headers=admin.headers).status_code == 403
    wrong = client.post(EXPORTS, json={"password": "nao-e-esta"}, headers=owner_a.headers)
    assert wrong.status_code == 422 and wrong.json()["error"]["details"]["field"] == "password"
    assert client.post(EXPORTS, json={"password": owner_a.password}, headers=owner_a.headers).status_code == 202
    again = client.post(EXPORTS, json={"password": owner_a.password}, headers=owner_a.headers)
    assert again.status_code == 409  # one at a time


def test_the_zip_holds_every_person_and_poc_validates_and_is_nobody_elses(
    client, local_store, owner_a: Persona, member_a: Persona, owner_b: Persona
):
    poc = create_poc(client, member_a, "POC da membra")
    upload(client, member_a, poc, [("docs/leia.txt", b"conteudo da alfa")])
    create_poc(client, owner_b, "Segredo da beta")
    res = client.post(EXPORTS, json={"password": owner_a.password}, headers=owner_a.headers)
    export_id = res.json()["exportId"]
    assert run_job(uuid.UUID(export_id), uuid.UUID(owner_a.tenant_id), tenant_export.build_tenant_export) == "done"
    status = client.get(f"{EXPORTS}/{export_id}", headers=owner_a.headers).json()
    assert status["status"] == "done" and status["downloadUrl"].endswith("/download")
    for other in (owner_b, member_a):  # another tenant's owner, and another person of the same tenant
        assert client.get(f"{EXPORTS}/{export_id}", headers=other.headers).status_code == 404
        assert client.get(f"{EXPORTS}/{export_id}/download", headers=other.headers).status_code == 404
    got = client.get(status["downloadUrl"], headers=owner_a.headers)
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(got.content))
    data, schema = json.loads(zf.read("data.json")), json.loads(zf.read("schema.json"))
    jsonschema.validate(data, schema)
    assert {u["email"] for u in data["users"]} == {owner_a.email, member_a.email}
    assert [p["name"] for p in data["pocs"]] == ["POC da membra"]
    assert zf.read(f"arquivos/{poc}/docs/leia.txt") == b"conteudo da alfa"
    everything = b"".join(zf.read(n) for n in zf.namelist())
    assert b"Segredo da beta" not in everything and owner_b.email.encode() not in everything
    assert b"passwordHash" not in everything and b"argon2" not in everything
    for line in zf.read("SHA256SUMS.txt").decode().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(zf.read(name)).hexdigest() == digest
    assert "LEIA-ME.md" in zf.namelist() and "csv/pocs.csv" in zf.namelist()
