"""Every bad upload is refused with a 4xx and its own code, and leaves nothing behind: no blob, no row."""

from __future__ import annotations

import json

import pytest

from tests.files_support import (
    cp437_name_zip,
    create_poc,
    encrypted_zip,
    lying_zip,
    make_zip,
    multipart,
    rows,
    settings_env,
    symlink_zip,
    understated_zip,
    upload,
)

Z = {"unzip": "true"}
CASES = {
    "dot-dot": ([("../fora.txt", b"x")], {}, 422, "unsafe_path"),
    "dot-dot-inside": ([("src/../../fora.txt", b"x")], {}, 422, "unsafe_path"),
    "absolute": ([("/etc/passwd", b"x")], {}, 422, "unsafe_path"),
    "backslash": ([(b"src\\app.py", b"x")], {}, 422, "unsafe_path"),
    "windows-path": ([(b"C:\\Windows\\win.ini", b"x")], {}, 422, "unsafe_path"),
    "drive-letter": ([("C:/boot.ini", b"x")], {}, 422, "unsafe_path"),
    "empty-segment": ([("src//app.py", b"x")], {}, 422, "unsafe_path"),
    "dot-segment": ([("./app.py", b"x")], {}, 422, "unsafe_path"),
    "trailing-slash": ([("src/", b"x")], {}, 422, "unsafe_path"),
    "control-char": ([("a\x01b.txt", b"x")], {}, 422, "unsafe_path"),
    "empty-name": ([("", b"x")], {}, 422, "invalid_file_name"),
    "non-utf8-name": ([(b"caf\xe9.txt", b"x")], {}, 422, "invalid_file_name"),
    "duplicate-path": ([("a.txt", b"1"), ("a.txt", b"2")], {}, 422, "duplicate_path"),
    "file-and-folder": ([("a", b"1"), ("a/b.txt", b"2")], {}, 422, "path_conflict"),
    "no-files": ([], {}, 422, "no_files"),
    "zip-dot-dot": ([("p.zip", make_zip({"ok.txt": b"ok", "../../fora.txt": b"x"}))], Z, 422, "unsafe_path"),
    "zip-absolute": ([("p.zip", make_zip({"/etc/cron.d/x": b"x"}))], Z, 422, "unsafe_path"),
    "zip-backslash": ([("p.zip", make_zip({"..\\fora.txt": b"x"}))], Z, 422, "unsafe_path"),
    "zip-symlink": ([("p.zip", symlink_zip())], Z, 422, "zip_symlink"),
    "zip-cp437-name": ([("p.zip", cp437_name_zip())], Z, 422, "invalid_file_name"),
    "zip-bomb-ratio": ([("p.zip", make_zip({"zeros.bin": b"\0" * (4 << 20)}))], Z, 413, "zip_bomb"),
    "zip-lying-sizes": ([("p.zip", lying_zip())], Z, 422, "zip_corrupt"),
    "zip-corrupt": ([("p.zip", b"PK\x03\x04 isto nao e um zip" * 10)], Z, 422, "zip_corrupt"),
    "zip-truncated": ([("p.zip", make_zip({"a.txt": b"a" * 5000})[:-30])], Z, 422, "zip_corrupt"),
    "zip-encrypted": ([("p.zip", encrypted_zip())], Z, 422, "zip_encrypted"),
    "zip-empty": ([("p.zip", make_zip({}))], Z, 422, "no_files"),
    "good-and-bad": ([("bom.txt", b"bom"), ("../ruim.txt", b"x")], {}, 422, "unsafe_path"),
    "good-then-bad-zip": ([("bom.txt", b"bom"), ("p.zip", symlink_zip())], Z, 422, "zip_symlink"),
    "bad-unzip-flag": ([("a.txt", b"a")], {"unzip": "talvez"}, 422, "invalid"),
}


def assert_nothing_left(client, who, poc: str, store) -> None:
    assert store.list_keys("") == []
    assert rows("blobs", who.tenant_id) == 0
    assert rows("poc_files", who.tenant_id) == 0
    assert rows("poc_versions", who.tenant_id) == 1  # only the creation
    assert client.get(f"/api/v1/pocs/{poc}", headers=who.headers).json()["currentVersion"] == 1


S3_CASES = ["good-and-bad", "good-then-bad-zip", "zip-bomb-ratio", "zip-lying-sizes", "non-utf8-name"]
NAME_CASES = [c for c in CASES if not c.startswith(("zip-", "good-"))]
ZIP_CASES = [c for c in CASES if c not in NAME_CASES]


def _refused(client, who, poc: str, case: str, store) -> None:
    files, fields, status, code = CASES[case]
    res = upload(client, who, poc, files, **fields)
    assert res.status_code == status, f"{case}: {res.text}"
    error = res.json()["error"]
    assert error["code"] == code and error["message"], case
    assert_nothing_left(client, who, poc, store)


def test_bad_names_are_refused_and_leave_nothing(client, local_store, owner_a):
    poc = create_poc(client, owner_a)
    for case in NAME_CASES:  # one POC for all: each refusal must leave it as it was
        _refused(client, owner_a, poc, case, local_store)


@pytest.mark.parametrize("case", ZIP_CASES)
def test_bad_zip_is_refused_and_leaves_nothing(client, local_store, owner_a, case):
    _refused(client, owner_a, create_poc(client, owner_a), case, local_store)


def test_bad_uploads_leave_nothing_in_the_bucket(client, s3_store, owner_a):
    poc = create_poc(client, owner_a)
    for case in S3_CASES:
        _refused(client, owner_a, poc, case, s3_store)


def _plans(file_bytes: int, storage_bytes: int) -> str:
    return json.dumps({"basic": {"pocs": 200, "storage_bytes": storage_bytes, "file_bytes": file_bytes}})


@pytest.mark.parametrize(
    ("files", "fields", "code", "limit"),
    [
        ([("grande.bin", b"x" * 2001)], {}, "quota_exceeded", "file_bytes"),
        ([("p.zip", make_zip({"grande.bin": b"x" * 2001}))], Z, "quota_exceeded", "file_bytes"),
        (
            [("a.bin", b"a" * 1500), ("b.bin", b"b" * 1500), ("c.bin", b"c" * 1500)],
            {},
            "quota_exceeded",
            "storage_bytes",
        ),
    ],
    ids=["file", "file-in-zip", "tenant-storage"],
)
def test_plan_limits_are_checked_before_writing(client, file_store, owner_a, files, fields, code, limit):
    poc = create_poc(client, owner_a)
    with settings_env(plan_limits=_plans(file_bytes=2000, storage_bytes=4000)):
        res = upload(client, owner_a, poc, files, **fields)
    assert res.status_code == 413, res.text
    assert res.json()["error"]["code"] == code and res.json()["error"]["details"]["limit"] == limit
    assert_nothing_left(client, owner_a, poc, file_store)


def test_dedup_counts_only_new_content_against_storage(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    with settings_env(plan_limits=_plans(file_bytes=2000, storage_bytes=2500)):
        assert upload(client, owner_a, poc, [("a.bin", b"a" * 1500)]).status_code == 201
        same = upload(client, owner_a, poc, [("copia.bin", b"a" * 1500)])
        assert same.status_code == 201 and same.json()["newBlobs"] == 0
        over = upload(client, owner_a, poc, [("b.bin", b"b" * 1500)])
    assert over.status_code == 413 and over.json()["error"]["details"]["limit"] == "storage_bytes"
    assert rows("blobs", owner_a.tenant_id) == 1 and len(file_store.list_keys("")) == 1


def test_too_many_files_in_parts_or_in_a_zip(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    with settings_env(upload_max_files="3"):
        parts = upload(client, owner_a, poc, [(f"{i}.txt", b"%d" % i) for i in range(4)])
        zipped = upload(client, owner_a, poc, [("p.zip", make_zip({f"{i}.txt": b"%d" % i for i in range(4)}))], **Z)
        mixed = upload(
            client, owner_a, poc, [("a.txt", b"a"), ("p.zip", make_zip({"b": b"b", "c": b"c", "d": b"d"}))], **Z
        )
        understated = upload(
            client, owner_a, poc, [("p.zip", understated_zip({f"{i}": b"x" for i in range(5)}, 1))], **Z
        )
    for res in (parts, zipped, mixed, understated):
        assert res.status_code == 422, res.text
        assert res.json()["error"]["code"] == "too_many_files"
    assert_nothing_left(client, owner_a, poc, file_store)


def test_zip_unpacking_stops_at_the_byte_limit(client, file_store, owner_a):
    import os

    poc = create_poc(client, owner_a)
    archive = make_zip({"a.bin": os.urandom(40_000), "b.bin": os.urandom(40_000)})  # incompressible
    with settings_env(zip_max_bytes="60000"):
        res = upload(client, owner_a, poc, [("p.zip", archive)], **Z)
    assert res.status_code == 413 and res.json()["error"]["code"] == "zip_too_large"
    assert_nothing_left(client, owner_a, poc, file_store)


def test_request_bodies_are_capped_while_streaming(client, file_store, owner_a):
    poc = create_poc(client, owner_a)
    body, ctype = multipart([("a.bin", b"x" * 100_000)])
    headers = {**owner_a.headers, "Content-Type": ctype}

    def chunked():  # no Content-Length: only counting while reading can stop it
        for i in range(0, len(body), 8192):
            yield body[i : i + 8192]

    with settings_env(upload_max_bytes="65536"):
        declared = client.post(f"/api/v1/pocs/{poc}/files", content=body, headers=headers)
        streamed = client.post(f"/api/v1/pocs/{poc}/files", content=chunked(), headers=headers)
    for res in (declared, streamed):
        assert res.status_code == 413, res.text
        assert res.json()["error"]["code"] == "upload_too_large"
    assert_nothing_left(client, owner_a, poc, file_store)


def test_malformed_multipart_is_a_clear_4xx(client, local_store, owner_a):
    poc = create_poc(client, owner_a)
    url, auth = f"/api/v1/pocs/{poc}/files", owner_a.headers
    no_boundary = client.post(url, content=b"x", headers={**auth, "Content-Type": "multipart/form-data"})
    wrong_field = client.post(
        url,
        content=multipart([("a.txt", b"a")], field_name="arquivo")[0],
        headers={**auth, "Content-Type": multipart([])[1]},
    )
    garbage = client.post(url, content=b"--nada\r\nlixo", headers={**auth, "Content-Type": multipart([])[1]})
    for res in (no_boundary, wrong_field, garbage):
        assert 400 <= res.status_code < 500, res.text
        assert res.json()["error"]["code"] in ("invalid_multipart", "no_files")
    assert_nothing_left(client, owner_a, poc, local_store)
