"""Files of a POC through the API: upload, dedup, zips, downloads, text view, delete; local folder and S3."""

from __future__ import annotations

import httpx

from tests.files_support import create_poc, make_zip, rows, upload
from tests.personas import Persona


def _versions(client, who: Persona, poc: str) -> list[int]:
    return [v["number"] for v in client.get(f"/api/v1/pocs/{poc}/versions", headers=who.headers).json()["data"]]


def _tree(client, who: Persona, poc: str) -> dict:
    res = client.get(f"/api/v1/pocs/{poc}/files", headers=who.headers)
    assert res.status_code == 200, res.text
    return res.json()


def test_upload_then_tree_download_and_text(client, file_store, member_a: Persona):
    poc = create_poc(client, member_a)
    res = upload(
        client,
        member_a,
        poc,
        [("src/app.py", b"print('oi')\n"), ("LEIA-ME.md", "# Olá\n".encode())],
        message="primeiros arquivos",
    )
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["version"] == 2 and sorted(body["added"]) == ["LEIA-ME.md", "src/app.py"]
    assert body["newBlobs"] == 2
    tree = _tree(client, member_a, poc)
    assert [f["path"] for f in tree["data"]] == ["LEIA-ME.md", "src/app.py"]
    assert tree["totalCount"] == 2 and tree["currentVersion"] == 2 and len(tree["merkleRoot"]) == 64
    folder = tree["tree"][1]
    assert folder["type"] == "dir" and folder["path"] == "src" and folder["children"][0]["name"] == "app.py"
    app = next(f for f in tree["data"] if f["path"] == "src/app.py")
    assert app["language"] == "python" and app["mimeType"] == "text/x-python"
    got = client.get(f"/api/v1/pocs/{poc}/files/{app['id']}", headers=member_a.headers, follow_redirects=False)
    if file_store.url_for("x", "y") is None:
        assert got.status_code == 200 and got.content == b"print('oi')\n"
        assert got.headers["x-content-type-options"] == "nosniff"
        disposition = got.headers["content-disposition"]
    else:  # S3: a presigned URL, valid for 15 minutes, naming the file
        assert got.status_code == 307
        location = got.headers["location"]
        assert "X-Amz-Expires=900" in location and "X-Amz-Signature=" in location
        fetched = httpx.get(location)
        assert fetched.status_code == 200 and fetched.content == b"print('oi')\n"
        disposition = fetched.headers["content-disposition"]
        assert httpx.get(location.split("?")[0]).status_code == 403  # the bucket is not public
    assert disposition.startswith("attachment") and "app.py" in disposition
    content = client.get(f"/api/v1/pocs/{poc}/files/{app['id']}/content", headers=member_a.headers).json()
    assert content["text"] == "print('oi')\n" and content["language"] == "python"
    keys = file_store.list_keys("")
    assert len(keys) == 2 and all(k.startswith(f"tenants/{member_a.tenant_id}/pocs/{poc}/blobs/") for k in keys)
    poc_row = client.get(f"/api/v1/pocs/{poc}", headers=member_a.headers).json()
    assert poc_row["fileCount"] == 2 and poc_row["totalBytes"] == len(b"print('oi')\n") + len("# Olá\n".encode())


def test_identical_content_is_stored_once_and_the_same_tree_makes_no_version(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    files = [("a.txt", b"mesmo conteudo"), ("copia/a.txt", b"mesmo conteudo"), ("b.txt", b"outro")]
    first = upload(client, owner_a, poc, files)
    assert first.status_code == 201 and first.json()["newBlobs"] == 2
    again = upload(client, owner_a, poc, files)
    assert again.status_code == 200, again.text
    assert again.json()["version"] is None and sorted(again.json()["unchanged"]) == ["a.txt", "b.txt", "copia/a.txt"]
    assert again.json()["newBlobs"] == 0
    assert rows("blobs", owner_a.tenant_id) == 2 and len(file_store.list_keys("")) == 2
    assert _versions(client, owner_a, poc) == [2, 1]


def test_uploading_a_path_again_replaces_it_and_keeps_its_id(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    upload(client, owner_a, poc, [("main.go", b"package main\n")])
    before = _tree(client, owner_a, poc)["data"][0]
    res = upload(client, owner_a, poc, [("main.go", b"package main\n\nfunc main() {}\n")])
    assert res.status_code == 201 and res.json()["updated"] == ["main.go"]
    after = _tree(client, owner_a, poc)["data"]
    assert len(after) == 1 and after[0]["id"] == before["id"] and after[0]["hash"] != before["hash"]
    assert rows("blobs", owner_a.tenant_id) == 2  # the old content stays for version 2
    assert _versions(client, owner_a, poc) == [3, 2, 1]


def test_a_zip_is_unpacked_only_when_asked(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    archive = make_zip(
        {"app/": b"", "app/main.py": b"print(1)\n", "LEIA-ME.md": b"# POC\n", "__MACOSX/._main.py": b"\x00\x05"}
    )
    kept = upload(client, owner_a, poc, [("pacote.zip", archive)])
    assert kept.status_code == 201 and kept.json()["added"] == ["pacote.zip"]
    unpacked = upload(client, owner_a, poc, [("pacote.zip", archive)], unzip="true")
    assert unpacked.status_code == 201, unpacked.text
    assert sorted(unpacked.json()["added"]) == ["LEIA-ME.md", "app/main.py"]
    assert [f["path"] for f in _tree(client, owner_a, poc)["data"]] == ["LEIA-ME.md", "app/main.py", "pacote.zip"]


def test_utf8_names_are_welcome(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    res = upload(client, owner_a, poc, [("documentação/ação.txt", "conteúdo".encode())])
    assert res.status_code == 201 and res.json()["added"] == ["documentação/ação.txt"]
    zipped = upload(client, owner_a, poc, [("z.zip", make_zip({"código/olá.py": b"x = 1\n"}))], unzip="1")
    assert zipped.status_code == 201 and zipped.json()["added"] == ["código/olá.py"]


def test_viewers_read_but_cannot_upload_and_members_only_touch_their_own(
    client, file_store, owner_a, member_a, viewer_a
):
    own = create_poc(client, owner_a, "Da dona")
    mine = create_poc(client, member_a, "Do membro")
    res = upload(client, viewer_a, mine, [("a.txt", b"a")])
    assert res.status_code == 403, res.text
    assert upload(client, member_a, own, [("a.txt", b"a")]).json()["error"]["code"] == "not_your_poc"
    assert upload(client, owner_a, mine, [("dona.txt", b"d")]).status_code == 201
    assert [f["path"] for f in _tree(client, viewer_a, mine)["data"]] == ["dona.txt"]
    assert rows("blobs", owner_a.tenant_id) == 1 and len(file_store.list_keys("")) == 1


def test_deleting_a_file_makes_a_version_and_keeps_its_content(client, file_store, owner_a, viewer_a):
    poc = create_poc(client, owner_a)
    upload(client, owner_a, poc, [("a.txt", b"a"), ("b.txt", b"b")])
    a = _tree(client, owner_a, poc)["data"][0]
    assert client.delete(f"/api/v1/pocs/{poc}/files/{a['id']}", headers=viewer_a.headers).status_code == 403
    assert client.delete(f"/api/v1/pocs/{poc}/files/{a['id']}", headers=owner_a.headers).status_code == 204
    assert [f["path"] for f in _tree(client, owner_a, poc)["data"]] == ["b.txt"]
    assert client.get(f"/api/v1/pocs/{poc}/files/{a['id']}", headers=owner_a.headers).status_code == 404
    assert client.delete(f"/api/v1/pocs/{poc}/files/{a['id']}", headers=owner_a.headers).status_code == 404
    versions = client.get(f"/api/v1/pocs/{poc}/versions", headers=owner_a.headers).json()["data"]
    assert versions[0]["number"] == 3 and versions[0]["message"] == "Arquivo removido"
    assert rows("blobs", owner_a.tenant_id) == 2 and len(file_store.list_keys("")) == 2


def test_text_view_refuses_binary_and_huge_files(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    upload(
        client,
        owner_a,
        poc,
        [
            ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
            ("grande.txt", b"a" * ((1 << 20) + 1)),
            ("Dockerfile", b"FROM python:3.11\n"),
        ],
    )
    by_path = {f["path"]: f["id"] for f in _tree(client, owner_a, poc)["data"]}
    binary = client.get(f"/api/v1/pocs/{poc}/files/{by_path['logo.png']}/content", headers=owner_a.headers)
    assert binary.status_code == 422 and binary.json()["error"]["code"] == "not_text"
    huge = client.get(f"/api/v1/pocs/{poc}/files/{by_path['grande.txt']}/content", headers=owner_a.headers)
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "text_too_large"
    docker = client.get(f"/api/v1/pocs/{poc}/files/{by_path['Dockerfile']}/content", headers=owner_a.headers)
    assert docker.json()["language"] == "docker"


def test_files_of_a_deleted_poc_are_gone_from_view(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    upload(client, owner_a, poc, [("a.txt", b"a")])
    file_id = _tree(client, owner_a, poc)["data"][0]["id"]
    client.delete(f"/api/v1/pocs/{poc}", headers=owner_a.headers)
    assert client.get(f"/api/v1/pocs/{poc}/files", headers=owner_a.headers).status_code == 404
    assert client.get(f"/api/v1/pocs/{poc}/files/{file_id}", headers=owner_a.headers).status_code == 404
    assert upload(client, owner_a, poc, [("b.txt", b"b")]).status_code == 404


def test_an_upload_is_announced_as_a_domain_event(client, file_store, owner_a):
    from sqlmodel import select

    from poc_tracker.db import new_system_session
    from poc_tracker.models import DomainEvent

    poc = create_poc(client, owner_a)
    upload(client, owner_a, poc, [("a.txt", b"a")])
    with new_system_session(reason="test") as session:
        events = session.exec(select(DomainEvent).where(DomainEvent.kind == "poc.files_changed")).all()
    assert len(events) == 1 and events[0].target_id == poc
    assert events[0].payload["added"] == ["a.txt"] and events[0].payload["version"] == 2


def test_errors_speak_the_callers_language(client, local_store, owner_a):
    poc = create_poc(client, owner_a)
    body = upload(client, owner_a, poc, [("../x.txt", b"x")]).json()["error"]
    assert body["message"] == "Caminho de arquivo não permitido: ../x.txt."
    res = client.post(
        f"/api/v1/pocs/{poc}/files",
        content=b"x",
        headers={**owner_a.headers, "Content-Type": "text/plain", "Accept-Language": "en"},
    )
    assert res.status_code == 422 and res.json()["error"]["message"] == "Send the files as multipart/form-data."
