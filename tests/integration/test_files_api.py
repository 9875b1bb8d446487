"""Files of a POC through the API: upload, dedup, zips, downloads, text view, delete; local folder and S3."""

from __future__ import annotations

import httpx

from tests.files_support import create_poc, make_zip, rows, upload
from tests.personas import Persona


def test_upload_then_tree_download_and_text(client, file_store, member_a: Persona):
    poc = create_poc(client, member_a)
    res = upload(client, member_a, poc, [("src/app.py", b"print('oi')\n"), ("LEIA-ME.md", "# Olá\n".encode())],
                 message="primeiros arquivos")
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["version"] == 2 and sorted(body["added"]) == ["LEIA-ME.md", "src/app.py"]
    tree = client.get(f"/api/v1/pocs/{poc}/files", headers=member_a.headers).json()
    assert [f["path"] for f in tree["data"]] == ["LEIA-ME.md", "src/app.py"]
    assert tree["tree"][1]["type"] == "dir" and tree["tree"][1]["children"][0]["name"] == "app.py"
    app = next(f for f in tree["data"] if f["path"] == "src/app.py")
    got = client.get(f"/api/v1/pocs/{poc}/files/{app['id']}", headers=member_a.headers, follow_redirects=False)
    if file_store.url_for("x", "y") is None:
        assert got.status_code == 200 and got.content == b"print('oi')\n"
        disposition = got.headers["content-disposition"]
    else:
        assert got.status_code == 307
        fetched = httpx.get(got.headers["location"])
        assert fetched.status_code == 200 and fetched.content == b"print('oi')\n"
        disposition = fetched.headers["content-disposition"]
    assert "app.py" in disposition and disposition.startswith("attachment")
    content = client.get(f"/api/v1/pocs/{poc}/files/{app['id']}/content", headers=member_a.headers).json()
    assert content["text"] == "print('oi')\n" and content["language"] == "python"
    assert len(file_store.list_keys("")) == 2
    assert rows("blobs", member_a.tenant_id) == 2


def test_zip(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    res = upload(client, owner_a, poc, [("p.zip", make_zip({"a/": b"", "a/b.txt": b"b", "c.txt": b"c"}))], unzip="true")
    assert res.status_code == 201, res.text
    assert sorted(res.json()["added"]) == ["a/b.txt", "c.txt"]
