"""Every file and version endpoint answers 404 when the POC or file belongs to another tenant.

The same generic check as test_tenant_isolation.py, for the file and version routes (kept in a
sibling module so both lists can grow independently).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.files_support import create_poc, multipart, upload
from tests.personas import Persona

# (method, path template, JSON body); {poc}, {file} and {root} belong to the *other* tenant.
ROUTES = [
    ("POST", "/api/v1/pocs/{poc}/files", None),
    ("GET", "/api/v1/pocs/{poc}/files", None),
    ("GET", "/api/v1/pocs/{poc}/files/{file}", None),
    ("GET", "/api/v1/pocs/{poc}/files/{file}/content", None),
    ("DELETE", "/api/v1/pocs/{poc}/files/{file}", None),
    ("GET", "/api/v1/pocs/{poc}/versions", None),
    ("GET", "/api/v1/pocs/{poc}/versions/1", None),
    ("GET", "/api/v1/pocs/{poc}/diff?from=1&to=2", None),
    ("POST", "/api/v1/pocs/{poc}/versions/1/restore", None),
    ("GET", "/api/v1/pocs/{poc}/changes?since={root}", None),
]


@dataclass
class OtherSide:
    """What tenant b has: a POC with one file, and the Merkle root of its tree."""

    poc: str
    file: str
    root: str


@pytest.fixture
def poc_b(client, local_store, owner_b: Persona) -> OtherSide:
    poc = create_poc(client, owner_b, "POC da beta")
    assert upload(client, owner_b, poc, [("segredo.txt", b"da beta")]).status_code == 201
    tree = client.get(f"/api/v1/pocs/{poc}/files", headers=owner_b.headers).json()
    return OtherSide(poc, tree["data"][0]["id"], tree["merkleRoot"])


def snapshot(client, owner_b: Persona, poc_b: OtherSide) -> list:
    """What tenant b sees of its POC, its files and its history."""
    return [
        client.get(f"/api/v1/pocs/{poc_b.poc}{suffix}", headers=owner_b.headers).json()
        for suffix in ("", "/files", "/versions", f"/files/{poc_b.file}/content")
    ]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_other_tenants_pocs_and_files_are_not_found(
    client, owner_a: Persona, owner_b: Persona, poc_b: OtherSide, method, path, body
):
    before = snapshot(client, owner_b, poc_b)
    url = path.format(poc=poc_b.poc, file=poc_b.file, root=poc_b.root)
    res = client.request(method, url, json=body, headers=owner_a.headers)
    assert res.status_code == 404, res.text
    assert res.json()["error"]["code"] == "poc_not_found"
    # and nothing changed on the other side
    assert snapshot(client, owner_b, poc_b) == before


def test_an_upload_to_another_tenants_poc_is_not_found_before_the_body_is_read(client, owner_a, owner_b, poc_b):
    body, ctype = multipart([("invasor.txt", b"x")])
    res = client.post(
        f"/api/v1/pocs/{poc_b.poc}/files", content=body, headers={**owner_a.headers, "Content-Type": ctype}
    )
    assert res.status_code == 404 and res.json()["error"]["code"] == "poc_not_found"
    assert client.get(f"/api/v1/pocs/{poc_b.poc}", headers=owner_b.headers).json()["fileCount"] == 1


def test_a_foreign_file_under_an_own_poc_is_not_found(client, owner_a: Persona, owner_b: Persona, poc_b: OtherSide):
    mine = create_poc(client, owner_a)
    for method, suffix in (("GET", ""), ("GET", "/content"), ("DELETE", "")):
        res = client.request(method, f"/api/v1/pocs/{mine}/files/{poc_b.file}{suffix}", headers=owner_a.headers)
        assert res.status_code == 404 and res.json()["error"]["code"] == "file_not_found"
    assert client.get(f"/api/v1/pocs/{poc_b.poc}", headers=owner_b.headers).json()["fileCount"] == 1


def test_a_merkle_root_of_another_tenant_is_unknown(client, owner_a: Persona, poc_b: OtherSide):
    mine = create_poc(client, owner_a)
    res = client.get(f"/api/v1/pocs/{mine}/changes?since={poc_b.root}", headers=owner_a.headers)
    assert res.status_code == 404 and res.json()["error"]["code"] == "root_not_found"
