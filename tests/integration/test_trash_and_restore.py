"""Restoring a version says first what it changes; the bin lists, restores and purges now, in one tenant only."""

from __future__ import annotations

from tests.files_support import create_poc, rows, upload
from tests.personas import Persona


def test_restoring_an_early_version_says_which_files_leave(client, local_store, member_a: Persona, owner_b: Persona):
    poc = create_poc(client, member_a, "Fila com SQS")  # v1: no files
    upload(client, member_a, poc, [("app.py", b"print(1)\n"), ("README.md", b"# Fila\n")])  # v2
    client.patch(f"/api/v1/pocs/{poc}", json={"decision": "go"}, headers=member_a.headers)  # v3
    url = f"/api/v1/pocs/{poc}/versions/1/restore-preview"
    preview = client.get(url, headers=member_a.headers).json()
    assert preview["removed"] == ["README.md", "app.py"] and preview["added"] == [] and preview["filesAfter"] == 0
    assert preview["fields"] == ["decision"] and preview["current"] == 3
    assert client.get(f"/api/v1/pocs/{poc}/files", headers=member_a.headers).json()["totalCount"] == 2  # unchanged
    assert client.get(url, headers=owner_b.headers).status_code == 404
    back = client.get(f"/api/v1/pocs/{poc}/versions/2/restore-preview", headers=member_a.headers).json()
    assert back["removed"] == [] and back["added"] == [] and back["fields"] == ["decision"]


def test_the_bin_lists_restores_and_purges_now(client, local_store, member_a: Persona, owner_a: Persona, owner_b):
    keep, doomed = create_poc(client, member_a, "Volta"), create_poc(client, member_a, "Some")
    upload(client, member_a, doomed, [("a.txt", b"conteudo que some")])
    for poc in (keep, doomed):
        assert client.delete(f"/api/v1/pocs/{poc}", headers=member_a.headers).status_code == 204
    listed = client.get("/api/v1/pocs?deleted=true&sort=deleted", headers=owner_a.headers).json()
    assert [p["name"] for p in listed["data"]] == ["Some", "Volta"]
    assert client.get("/api/v1/pocs?deleted=true", headers=owner_b.headers).json()["totalCount"] == 0
    assert client.delete(f"/api/v1/pocs/{doomed}/purge", headers=owner_b.headers).status_code == 404
    assert client.delete(f"/api/v1/pocs/{doomed}/purge", headers=member_a.headers).status_code == 204
    assert rows("poc_files", member_a.tenant_id) == 0 and rows("pocs", member_a.tenant_id) == 1
    assert client.post(f"/api/v1/pocs/{doomed}/restore", headers=member_a.headers).status_code == 404
    live = client.post(f"/api/v1/pocs/{keep}/restore", headers=member_a.headers)
    assert live.status_code == 200 and live.json()["name"] == "Volta"
    refused = client.delete(f"/api/v1/pocs/{keep}/purge", headers=member_a.headers)  # not in the bin
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_in_trash"
