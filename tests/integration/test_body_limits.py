"""Body caps hold while the body is read, on a real server: a chunked body (no Content-Length) past its cap gets
413 in the error shape after about the cap, not after the whole body was read and parsed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import Profile
from tests.live_server import live_api, stream_body
from tests.personas import Persona, create_tenant

MIB = 1 << 20
UPLOAD_CAP = 2 * MIB
BOUNDARY = "limite-de-teste"


@pytest.fixture
def server(profile: Profile, tmp_path: Path) -> Iterator[tuple[str, Persona]]:
    """The API on granian with a 2 MiB upload cap, and a signed-up owner."""
    env = {**profile.env, "POC_TRACKER_UPLOAD_MAX_BYTES": str(UPLOAD_CAP), "POC_TRACKER_LOG_LEVEL": "WARNING"}
    with live_api(env, tmp_path / "server.log") as (base, _), httpx.Client(base_url=base, timeout=15) as client:
        yield base, create_tenant(client, "limites")


def _part_head(name: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()


def test_a_chunked_json_body_past_1_mib_is_refused_while_read(server: tuple[str, Persona]) -> None:
    base, owner = server
    head = b'{"name": "Grande", "language": "Python", "description": "'
    status, body, sent = stream_body(
        base, "POST", "/api/v1/pocs", {**owner.headers, "Content-Type": "application/json"}, 26 * MIB, head=head
    )
    assert status == 413 and body["error"]["code"] == "payload_too_large", (status, body)
    assert body["error"]["message"] == "O conteúdo enviado é grande demais."
    assert sent < 12 * MIB, f"the server read {sent} bytes before refusing"


def test_multipart_to_a_json_route_is_held_to_1_mib(server: tuple[str, Persona]) -> None:
    base, owner = server
    status, body, sent = stream_body(
        base,
        "POST",
        "/api/v1/pocs",
        {**owner.headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        26 * MIB,
        head=_part_head("a.bin"),
    )
    assert status == 413 and body["error"]["code"] == "payload_too_large", (status, body)
    assert sent < 12 * MIB


def test_a_chunked_upload_past_its_cap_is_refused_while_read(server: tuple[str, Persona]) -> None:
    base, owner = server
    poc = httpx.post(f"{base}/api/v1/pocs", json={"name": "Envio", "language": "Go"}, headers=owner.headers).json()
    headers = {
        **owner.headers,
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Accept-Language": "en",
    }
    status, body, sent = stream_body(
        base, "POST", f"/api/v1/pocs/{poc['id']}/files", headers, 40 * MIB, head=_part_head("grande.bin")
    )
    assert status == 413 and body["error"]["code"] == "upload_too_large", (status, body)
    assert body["error"]["details"] == {"max": UPLOAD_CAP}
    assert body["error"]["message"] == f"Upload larger than the limit of {UPLOAD_CAP} bytes."
    assert sent < 16 * MIB, f"the server read {sent} bytes before refusing"
