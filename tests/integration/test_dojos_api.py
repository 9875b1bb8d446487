"""Dojos over REST: create, list, join, roles, rotation, removal, end, retrospective, save to a POC."""

from __future__ import annotations

from tests.dojo_support import create_dojo
from tests.files_support import create_poc


def roles(body: dict) -> dict[str, str]:
    return {p["userId"]: p["role"] for p in body["participants"]}


def test_a_member_creates_a_dojo_and_is_its_host(client, owner_a):
    dojo = create_dojo(client, owner_a, format="kata", rotationMinutes=5)
    assert dojo["status"] == "live" and dojo["format"] == "kata" and dojo["rotationMinutes"] == 5
    assert len(dojo["joinCode"]) == 8
    assert roles(dojo) == {owner_a.user_id: "host"}
    listed = client.get("/api/v1/dojos", headers=owner_a.headers).json()
    assert [d["id"] for d in listed["data"]] == [dojo["id"]]


def test_bad_input_is_refused_with_422(client, owner_a):
    for body in (
        {"title": ""},
        {"title": "x", "format": "bingo"},
        {"title": "x", "language": "cobol"},
        {"title": "x", "rotationMinutes": 0},
    ):
        res = client.post("/api/v1/dojos", json=body, headers=owner_a.headers)
        assert res.status_code == 422, body


def test_a_viewer_joins_but_cannot_host_or_take_a_seat(client, owner_a, viewer_a, member_a):
    assert client.post("/api/v1/dojos", json={"title": "x"}, headers=viewer_a.headers).status_code == 403
    dojo = create_dojo(client, owner_a)
    res = client.post(f"/api/v1/dojos/{dojo['id']}/join", headers=viewer_a.headers)
    assert res.status_code == 200 and roles(res.json())[viewer_a.user_id] == "audience"  # both seats were free
    body = client.post(f"/api/v1/dojos/{dojo['id']}/join", headers=member_a.headers).json()
    assert roles(body)[member_a.user_id] == "pilot"
    for _ in range(3):  # rotation goes round the coders; the viewer stays in the audience
        body = client.post(f"/api/v1/dojos/{dojo['id']}/rotate", headers=owner_a.headers).json()
        assert roles(body)[viewer_a.user_id] == "audience"
    assert client.post(f"/api/v1/dojos/{dojo['id']}/rotate", headers=viewer_a.headers).status_code == 403


def test_seats_fill_then_rotation_moves_everyone_along(client, owner_a, member_a):
    from tests.personas import add_member

    second = add_member(client, owner_a, "segunda", "member")
    third = add_member(client, owner_a, "terceira", "member")
    dojo = create_dojo(client, owner_a)
    for p in (member_a, second, third):
        client.post(f"/api/v1/dojos/{dojo['id']}/join", headers=p.headers)
    body = client.get(f"/api/v1/dojos/{dojo['id']}", headers=owner_a.headers).json()
    assert roles(body) == {
        owner_a.user_id: "host",
        member_a.user_id: "pilot",
        second.user_id: "copilot",
        third.user_id: "audience",
    }
    assert client.post(f"/api/v1/dojos/{dojo['id']}/rotate", headers=third.headers).status_code == 403
    body = client.post(f"/api/v1/dojos/{dojo['id']}/rotate", headers=owner_a.headers).json()
    assert roles(body) == {
        owner_a.user_id: "host",
        member_a.user_id: "audience",
        second.user_id: "pilot",
        third.user_id: "copilot",
    }
    # a pilot who leaves hands the seat to the queue
    body = client.post(f"/api/v1/dojos/{dojo['id']}/leave", headers=second.headers).json()
    assert roles(body) == {owner_a.user_id: "host", member_a.user_id: "copilot", third.user_id: "pilot"}


def test_the_host_removes_a_participant_who_cannot_come_back(client, owner_a, member_a):
    dojo = create_dojo(client, owner_a)
    client.post(f"/api/v1/dojos/{dojo['id']}/join", headers=member_a.headers)
    url = f"/api/v1/dojos/{dojo['id']}/participants/{member_a.user_id}"
    assert client.delete(url, headers=member_a.headers).status_code == 403
    assert client.delete(url, headers=owner_a.headers).status_code == 200
    res = client.post(f"/api/v1/dojos/{dojo['id']}/join", headers=member_a.headers)
    assert res.status_code == 403 and res.json()["error"]["code"] == "removed_from_dojo"


def test_join_by_code(client, owner_a, member_a):
    dojo = create_dojo(client, owner_a)
    res = client.post(f"/api/v1/dojos/join?code={dojo['joinCode'].lower()}", headers=member_a.headers)
    assert res.status_code == 200 and res.json()["id"] == dojo["id"]


def test_end_retrospective_and_the_log(client, owner_a, member_a):
    dojo = create_dojo(client, owner_a)
    client.post(f"/api/v1/dojos/{dojo['id']}/join", headers=member_a.headers)
    assert client.post(f"/api/v1/dojos/{dojo['id']}/end", headers=member_a.headers).status_code == 403
    ended = client.post(f"/api/v1/dojos/{dojo['id']}/end", headers=owner_a.headers).json()
    assert ended["status"] == "ended" and ended["endedAt"]
    assert client.post(f"/api/v1/dojos/{dojo['id']}/join", headers=owner_a.headers).status_code == 200
    res = client.put(
        f"/api/v1/dojos/{dojo['id']}/retrospective",
        json={"wentWell": "TDD", "tryNext": "pausas"},
        headers=member_a.headers,
    )
    assert res.status_code == 200 and res.json()["retrospective"]["wentWell"] == "TDD"
    kinds = [
        e["kind"] for e in client.get(f"/api/v1/dojos/{dojo['id']}/events", headers=owner_a.headers).json()["data"]
    ]
    assert kinds == ["created", "join", "end", "retro"]


def test_code_is_saved_to_a_poc_as_a_new_version(client, owner_a, local_store):
    poc = create_poc(client, owner_a, "POC do dojo")
    dojo = create_dojo(client, owner_a, pocId=poc)
    res = client.post(f"/api/v1/dojos/{dojo['id']}/save", json={"code": "print('olá')\n"}, headers=owner_a.headers)
    assert res.status_code == 201, res.text
    assert res.json()["version"] >= 1
    files = client.get(f"/api/v1/pocs/{poc}/files", headers=owner_a.headers).json()["data"]
    assert [f["path"] for f in files] == ["dojo.py"]
