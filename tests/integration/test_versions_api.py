"""Versions through the API: history, one version, diffs, restore as a new version, changes since a root."""

from __future__ import annotations

from tests.files_support import create_poc, rows, upload
from tests.personas import Persona


def _tree(client, who: Persona, poc: str) -> dict:
    return client.get(f"/api/v1/pocs/{poc}/files", headers=who.headers).json()


def test_a_member_edits_diffs_and_restores_their_poc(client, local_store, member_a: Persona, viewer_a: Persona):
    poc = create_poc(client, member_a, "Fila com SQS")
    upload(client, member_a, poc, [("app.py", b"print('v1')\n"), ("logo.png", b"\x89PNG\x00\x01")])  # v2
    client.patch(
        f"/api/v1/pocs/{poc}",
        json={"name": "Fila com SQS e DLQ", "tags": ["aws"], "message": "nome"},
        headers=member_a.headers,
    )  # v3
    upload(
        client,
        member_a,
        poc,
        [("app.py", b"print('v2')\nprint('fim')\n"), ("logo.png", b"\x89PNG\x00\x02"), ("novo.txt", b"novo\n")],
        message="segunda rodada",
    )  # v4
    history = client.get(f"/api/v1/pocs/{poc}/versions", headers=viewer_a.headers).json()
    assert [v["number"] for v in history["data"]] == [4, 3, 2, 1] and history["totalCount"] == 4
    assert [v["message"] for v in history["data"]] == ["segunda rodada", "nome", "Arquivos enviados", "POC criada"]
    assert history["data"][0]["authorName"] == "Membro" and history["data"][0]["fileCount"] == 3

    v2 = client.get(f"/api/v1/pocs/{poc}/versions/2", headers=viewer_a.headers).json()
    assert v2["meta"]["name"] == "Fila com SQS" and [e["path"] for e in v2["tree"]] == ["app.py", "logo.png"]

    meta_only = client.get(f"/api/v1/pocs/{poc}/diff?from=2&to=3", headers=viewer_a.headers).json()
    assert {m["field"]: (m["before"], m["after"]) for m in meta_only["meta"]} == {
        "name": ("Fila com SQS", "Fila com SQS e DLQ"),
        "tags": ([], ["aws"]),
    }
    assert meta_only["files"] == []

    files_diff = client.get(f"/api/v1/pocs/{poc}/diff?from=3", headers=viewer_a.headers).json()
    assert files_diff["toVersion"] == 4 and files_diff["meta"] == []
    changes = {f["path"]: f for f in files_diff["files"]}
    assert changes["app.py"]["status"] == "modified" and not changes["app.py"]["binary"]
    assert "-print('v1')\n+print('v2')\n+print('fim')" in changes["app.py"]["diff"]
    assert changes["app.py"]["diff"].startswith("--- a/app.py\n+++ b/app.py\n")
    assert changes["logo.png"]["binary"] and changes["logo.png"]["diff"] is None
    assert changes["novo.txt"]["status"] == "added" and "+novo" in changes["novo.txt"]["diff"]

    restored = client.post(f"/api/v1/pocs/{poc}/versions/1/restore", headers=member_a.headers)
    assert restored.status_code == 201, restored.text
    assert restored.json()["number"] == 5 and restored.json()["message"] == "Versão 1 restaurada"
    now = client.get(f"/api/v1/pocs/{poc}", headers=member_a.headers).json()
    assert now["name"] == "Fila com SQS" and now["tags"] == [] and now["currentVersion"] == 5
    assert _tree(client, member_a, poc)["data"] == []
    assert rows("blobs", member_a.tenant_id) == 5  # content stays: older versions still point at it

    back = client.post(f"/api/v1/pocs/{poc}/versions/4/restore", json={"message": "de volta"}, headers=member_a.headers)
    assert back.status_code == 201 and back.json()["number"] == 6
    assert [f["path"] for f in _tree(client, member_a, poc)["data"]] == ["app.py", "logo.png", "novo.txt"]
    app = next(f for f in _tree(client, member_a, poc)["data"] if f["path"] == "app.py")
    text = client.get(f"/api/v1/pocs/{poc}/files/{app['id']}/content", headers=member_a.headers).json()["text"]
    assert text == "print('v2')\nprint('fim')\n"
    again = client.post(f"/api/v1/pocs/{poc}/versions/6/restore", headers=member_a.headers)
    assert again.status_code == 200 and again.json()["number"] == 6  # nothing to restore: no new version


def test_viewers_and_other_members_cannot_restore(client, local_store, owner_a, member_a, viewer_a):
    poc = create_poc(client, owner_a)
    upload(client, owner_a, poc, [("a.txt", b"a")])
    assert client.post(f"/api/v1/pocs/{poc}/versions/1/restore", headers=viewer_a.headers).status_code == 403
    res = client.post(f"/api/v1/pocs/{poc}/versions/1/restore", headers=member_a.headers)
    assert res.status_code == 403 and res.json()["error"]["code"] == "not_your_poc"
    assert client.get(f"/api/v1/pocs/{poc}", headers=owner_a.headers).json()["currentVersion"] == 2


def test_unknown_versions_are_not_found(client, local_store, owner_a):
    poc = create_poc(client, owner_a)
    for url in (
        f"/api/v1/pocs/{poc}/versions/9",
        f"/api/v1/pocs/{poc}/diff?from=1&to=9",
        f"/api/v1/pocs/{poc}/diff?from=9",
    ):
        res = client.get(url, headers=owner_a.headers)
        assert res.status_code == 404 and res.json()["error"]["code"] == "version_not_found", url
    res = client.post(f"/api/v1/pocs/{poc}/versions/9/restore", headers=owner_a.headers)
    assert res.status_code == 404
    assert client.get(f"/api/v1/pocs/{poc}/versions/0", headers=owner_a.headers).status_code == 422
    assert client.get(f"/api/v1/pocs/{poc}/diff", headers=owner_a.headers).status_code == 422
    huge = client.get(f"/api/v1/pocs/{poc}/versions/99999999999", headers=owner_a.headers)
    assert huge.status_code == 422


def test_changes_since_a_merkle_root(client, local_store, owner_a):
    poc = create_poc(client, owner_a)
    upload(client, owner_a, poc, [("a.txt", b"a"), ("b.txt", b"b"), ("c.txt", b"c")])
    root = _tree(client, owner_a, poc)["merkleRoot"]
    assert client.get(f"/api/v1/pocs/{poc}/changes?since={root}", headers=owner_a.headers).json()["added"] == []
    upload(client, owner_a, poc, [("a.txt", b"A"), ("d/e.txt", b"e")])
    c_id = next(f["id"] for f in _tree(client, owner_a, poc)["data"] if f["path"] == "c.txt")
    client.delete(f"/api/v1/pocs/{poc}/files/{c_id}", headers=owner_a.headers)
    res = client.get(f"/api/v1/pocs/{poc}/changes", params={"since": root.upper()}, headers=owner_a.headers)
    assert res.status_code == 200, res.text
    body = res.json()
    assert (body["added"], body["modified"], body["removed"]) == (["d/e.txt"], ["a.txt"], ["c.txt"])
    assert body["sinceVersion"] == 2 and body["currentVersion"] == 4
    assert body["currentRoot"] == _tree(client, owner_a, poc)["merkleRoot"] != root
    unknown = client.get(f"/api/v1/pocs/{poc}/changes?since={'0' * 64}", headers=owner_a.headers)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "root_not_found"
    bad = client.get(f"/api/v1/pocs/{poc}/changes?since=xyz", headers=owner_a.headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_root"


def test_a_root_of_another_poc_is_unknown_here(client, local_store, owner_a):
    one, other = create_poc(client, owner_a, "Uma"), create_poc(client, owner_a, "Outra")
    upload(client, owner_a, other, [("x.txt", b"so na outra")])
    root = _tree(client, owner_a, other)["merkleRoot"]
    assert client.get(f"/api/v1/pocs/{one}/changes?since={root}", headers=owner_a.headers).status_code == 404


def test_version_messages_follow_the_callers_language(client, local_store, owner_a):
    poc = create_poc(client, owner_a)
    upload(client, owner_a, poc, [("a.txt", b"a")])
    en = client.get(f"/api/v1/pocs/{poc}/versions", headers={**owner_a.headers, "Accept-Language": "en"}).json()
    assert [v["message"] for v in en["data"]] == ["Files uploaded", "POC created"]
