"""The offline bundle: one request brings favourites and opened POCs with their text files, nothing foreign."""

from __future__ import annotations

from tests.files_support import create_poc, upload
from tests.personas import Persona

SYNC = "/api/v1/offline/sync"


def test_one_request_brings_what_the_device_keeps(client, local_store, member_a: Persona, owner_b: Persona):
    fav, opened = create_poc(client, member_a, "Favorita"), create_poc(client, member_a, "Aberta")
    upload(client, member_a, fav, [("README.md", b"# Leia\n"), ("logo.png", b"\x89PNG\x00\x01"), ("a.py", b"x=1\n")])
    client.put(f"/api/v1/favorites/{fav}", headers=member_a.headers)
    gone = create_poc(client, member_a, "Excluída")
    client.delete(f"/api/v1/pocs/{gone}", headers=member_a.headers)
    foreign = create_poc(client, owner_b, "De outra organização")

    body = client.post(SYNC, json={"opened": [opened, gone, foreign]}, headers=member_a.headers).json()
    assert body["favorites"] == [fav]
    by_name = {p["poc"]["name"]: p for p in body["pocs"]}
    assert set(by_name) == {"Favorita", "Aberta"}
    assert [f["path"] for f in by_name["Favorita"]["files"]] == ["README.md", "a.py"]  # text only
    assert by_name["Favorita"]["files"][0]["text"] == "# Leia\n" and by_name["Aberta"]["files"] == []
    assert by_name["Favorita"]["poc"]["isFavorite"] is True
    assert sorted(body["gone"]) == sorted([gone, foreign])  # another tenant's POC looks deleted

    known = {p["poc"]["id"]: p["poc"]["updatedAt"] for p in body["pocs"]}
    again = client.post(SYNC, json={"opened": [opened], "known": known}, headers=member_a.headers).json()
    assert [p["files"] for p in again["pocs"]] == [None, None]  # unchanged: the device keeps its files

    only_opened = client.post(SYNC, json={"opened": [opened], "favorites": False}, headers=member_a.headers).json()
    assert [p["poc"]["name"] for p in only_opened["pocs"]] == ["Aberta"] and only_opened["favorites"] == []

    tight = client.post(SYNC, json={"maxBytes": 40}, headers=member_a.headers).json()  # a POC gets a quarter: 10
    assert [f["path"] for f in tight["pocs"][0]["files"]] == ["README.md"]  # 7 bytes; a.py's 4 would pass 10


def test_bad_sync_requests_get_clear_errors(client, member_a: Persona):
    many = [create_poc(client, member_a, "P")] * 61
    res = client.post(SYNC, json={"opened": many}, headers=member_a.headers)
    assert res.status_code == 422 and res.json()["error"]["code"]
    assert client.post(SYNC, json={"opened": ["nao-e-id"]}, headers=member_a.headers).status_code == 422
    assert client.post(SYNC, json={}).status_code == 401
