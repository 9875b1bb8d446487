"""Every Dojo route answers 404 when the Dojo belongs to another tenant; the channel refuses it too."""

from __future__ import annotations

import pytest

from tests.dojo_support import closed, create_dojo

ROUTES = [
    ("GET", "/api/v1/dojos/{dojo}", None),
    ("POST", "/api/v1/dojos/{dojo}/join", None),
    ("POST", "/api/v1/dojos/join?code={code}", None),
    ("POST", "/api/v1/dojos/{dojo}/leave", None),
    ("POST", "/api/v1/dojos/{dojo}/rotate", None),
    ("POST", "/api/v1/dojos/{dojo}/editor", {"open": True}),
    ("POST", "/api/v1/dojos/{dojo}/end", None),
    ("PUT", "/api/v1/dojos/{dojo}/retrospective", {"wentWell": "x"}),
    ("POST", "/api/v1/dojos/{dojo}/save", {"code": "x"}),
    ("GET", "/api/v1/dojos/{dojo}/events", None),
    ("DELETE", "/api/v1/dojos/{dojo}/participants/{user}", None),
]


@pytest.fixture
def dojo_b(client, owner_b) -> dict:
    return create_dojo(client, owner_b, "Dojo da beta")


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_other_tenants_dojos_are_not_found(client, owner_a, owner_b, dojo_b, method, path, body):
    before = client.get(f"/api/v1/dojos/{dojo_b['id']}", headers=owner_b.headers).json()
    url = path.format(dojo=dojo_b["id"], code=dojo_b["joinCode"], user=owner_b.user_id)
    res = client.request(method, url, json=body, headers=owner_a.headers)
    assert res.status_code == 404, res.text
    assert res.json()["error"]["code"] == "dojo_not_found"
    after = client.get(f"/api/v1/dojos/{dojo_b['id']}", headers=owner_b.headers).json()
    assert after == {**before, "secondsLeft": after["secondsLeft"]}


def test_other_tenants_dojos_are_not_listed(client, owner_a, dojo_b):
    assert client.get("/api/v1/dojos", headers=owner_a.headers).json()["data"] == []


def test_the_channel_of_another_tenants_dojo_is_not_found(client, owner_a, dojo_b):
    with client.websocket_connect(f"/api/v1/ws/dojos/{dojo_b['id']}?token={owner_a.access_token}") as ws:
        assert closed(ws) == (4404, [])


def test_the_channel_needs_a_valid_token(client, dojo_b):
    with client.websocket_connect(f"/api/v1/ws/dojos/{dojo_b['id']}?token=nope") as ws:
        assert closed(ws) == (4401, [])
