"""The Dojo channel's rules: removal ends socket and rights, every frame is checked and limited,
viewers never edit, and an open socket re-checks its token and its person."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from poc_tracker.realtime import protocol
from tests.dojo_support import Peer, closed, create_dojo, short_token
from tests.personas import Persona, add_member

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def live(profile):
    """One client whose websockets share an event loop (like one web process)."""
    from poc_tracker.api import create_api

    with TestClient(create_api()) as c:
        yield c


@pytest.fixture
def member2_a(live, owner_a) -> Persona:
    return add_member(live, owner_a, "segunda", "member")


def url(dojo: dict, who: Persona | str) -> str:
    token = who if isinstance(who, str) else who.access_token
    return f"/api/v1/ws/dojos/{dojo['id']}?token={token}"


def kinds(live, dojo: dict, owner: Persona, kind: str) -> list[dict]:
    events = live.get(f"/api/v1/dojos/{dojo['id']}/events", headers=owner.headers).json()["data"]
    return [e for e in events if e["kind"] == kind]


def errors(peer: Peer) -> list[str]:
    """Send a ping and collect the error codes that came before its pong."""
    peer.json.clear()
    peer.ping()
    return [m["code"] for m in peer.json if m["type"] == "error"]


# -- finding 6: removal closes the socket and ends every right ------------------------------------------
def test_a_removed_participant_loses_the_socket_at_once(live, owner_a, member_a, member2_a):
    dojo = create_dojo(live, owner_a, host_seated=False)
    with live.websocket_connect(url(dojo, member_a)) as w1, live.websocket_connect(url(dojo, member2_a)) as w2:
        Peer(w1)
        copilot = Peer(w2)
        res = live.delete(f"/api/v1/dojos/{dojo['id']}/participants/{member_a.user_id}", headers=owner_a.headers)
        assert res.status_code == 200
        code, seen = closed(w1)
        assert code == 4403 and seen[-1]["type"] == "removed"
        copilot.type(0, "segredo")  # nothing reaches the removed pilot any more
        copilot.chat("depois da remoção")
        copilot.until("chat")
    with live.websocket_connect(url(dojo, member_a)) as ws:
        assert closed(ws) == (4403, [])  # and cannot come back


def test_a_removed_pilot_can_no_longer_rotate_read_the_log_or_write_the_retrospective(client, owner_a, member_a):
    dojo = create_dojo(client, owner_a, host_seated=False)
    body = client.post(f"/api/v1/dojos/{dojo['id']}/join", headers=member_a.headers).json()
    assert {p["userId"]: p["role"] for p in body["participants"]}[member_a.user_id] == "pilot"
    client.delete(f"/api/v1/dojos/{dojo['id']}/participants/{member_a.user_id}", headers=owner_a.headers)
    for method, path, payload in [
        ("POST", "rotate", None),
        ("PUT", "retrospective", {"wentWell": "reescrita"}),
        ("GET", "events", None),
        ("POST", "save", {"code": "x"}),
    ]:
        res = client.request(method, f"/api/v1/dojos/{dojo['id']}/{path}", json=payload, headers=member_a.headers)
        assert res.status_code == 403, (path, res.text)
        assert res.json()["error"]["code"] == "removed_from_dojo"
        assert res.json()["error"]["message"] == "Quem conduz o Dojo removeu você dele."
    client.post(f"/api/v1/dojos/{dojo['id']}/end", headers=owner_a.headers)
    res = client.put(f"/api/v1/dojos/{dojo['id']}/retrospective", json={"wentWell": "x"}, headers=member_a.headers)
    assert res.status_code == 403


# -- finding 7: every frame is validated, limited and rate-limited ---------------------------------------
BAD_BINARY = [
    b"\x00",
    b"\x00\x02",
    b"\x00\x02\xff",
    b"\x07\x01",
    b"\x01\x05ab",
    b"\x00\x02\x03\xff\xff\xff",
    b"\x00\x00\x02\xff\xff",
    b"\x01\x04\x01\x05\x01\x09",
]
BAD_TEXT = [
    "[1]",
    "{",
    "null",
    '{"type": "nope"}',
    '{"type": "chat", "text": 5}',
    '{"type": "reaction", "emoji": "👍", "to": "1"}',
    '{"type": "editor", "open": "sim"}',
    '{"type": "signal", "to": "../../x", "data": {}}',
    "[" * 5000 + "]" * 5000,
]


def test_malformed_frames_get_an_error_and_the_socket_keeps_working(live, owner_a, member_a, member2_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, member_a)) as w1, live.websocket_connect(url(dojo, member2_a)) as w2:
        a, b = Peer(w1), Peer(w2)
        for frame in BAD_BINARY:
            w1.send_bytes(frame)
        for frame in BAD_TEXT:
            w1.send_text(frame)
        got = [m for m in (a.until("error") for _ in BAD_BINARY + BAD_TEXT)]
        assert {m["code"] for m in got} == {"invalid_message"}
        assert got[0]["message"] == "Mensagem inválida para o Dojo."
        a.type(0, "ainda funciona")
        a.ping()
        b.sync()
        assert str(b.text) == "ainda funciona"


def test_share_and_signal_check_the_role_size_and_target(live, owner_a, member_a, member2_a, viewer_a):
    dojo = create_dojo(live, owner_a, host_seated=False)
    with (
        live.websocket_connect(url(dojo, member_a)) as w1,
        live.websocket_connect(url(dojo, member2_a)) as w2,
        live.websocket_connect(url(dojo, viewer_a)) as w3,
    ):
        pilot, copilot, viewer = Peer(w1), Peer(w2), Peer(w3)
        viewer.ws.send_text(json.dumps({"type": "share", "action": "start"}))
        refused = viewer.until("error")
        assert refused["code"] == "cannot_share"
        assert refused["message"] == "Só quem conduz o Dojo, pilota ou copilota pode compartilhar a tela."
        for _ in range(3):
            pilot.ws.send_text(json.dumps({"type": "share", "action": "start"}))
        pilot.ping()
        assert len(kinds(live, dojo, owner_a, "share")) == 1  # only a change is logged
        # a 15 MB signal is refused, never relayed; a signal reaches its target alone
        huge = json.dumps({"type": "signal", "to": copilot.hello["me"]["connId"], "data": {"sdp": "x" * 15_000_000}})
        pilot.ws.send_text(huge)
        assert pilot.until("error")["code"] == "message_too_large"
        pilot.ws.send_text(json.dumps({"type": "signal", "to": viewer.hello["me"]["connId"], "data": {"want": True}}))
        got = viewer.until("signal")
        assert got["from"] == pilot.hello["me"]["connId"] and got["data"] == {"want": True}
        copilot.ping()
        assert [m for m in copilot.json if m["type"] == "signal"] == []
        for i in range(300):  # a flood of shares: a few are handled, the rest refused, then the socket closes
            copilot.ws.send_text(json.dumps({"type": "share", "action": "stop" if i % 2 else "start"}))
        code, seen = closed(w2)
        assert code == 1008 and "rate_limited" in {m.get("code") for m in seen}
    assert len(kinds(live, dojo, owner_a, "share")) <= 6


def test_a_flood_is_rate_limited_then_the_socket_is_closed(live, owner_a, member_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, member_a)) as w1:
        Peer(w1)
        for i in range(200):
            w1.send_text(json.dumps({"type": "chat", "text": f"spam {i}"}))
        code, seen = closed(w1)
    assert code == 1008
    assert "rate_limited" in {m.get("code") for m in seen}
    assert seen[-1]["type"] == "closed" and seen[-1]["code"] == "policy_violation"
    assert len(kinds(live, dojo, owner_a, "chat")) <= 15


def test_an_oversized_update_or_chat_is_refused(live, owner_a, member_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, member_a)) as w1:
        a = Peer(w1)
        a.ping()  # the server's sync step 1 is answered before the document grows
        before = a.doc.get_state()
        a.text.insert(0, "x" * (2 * 1024 * 1024))
        w1.send_bytes(protocol.update_message(a.doc.get_update(before)))
        assert a.until("error")["code"] == "message_too_large"
        a.chat("y" * 2001)
        refused = a.until("error")
        assert refused["code"] == "chat_too_long" and refused["message"] == "A mensagem passa de 2000 caracteres."


# -- finding 9: viewers watch and chat, never pilot or edit ----------------------------------------------
def test_a_viewer_cannot_edit_even_with_the_editor_open(live, owner_a, member_a, viewer_a):
    dojo = create_dojo(live, owner_a)
    live.post(f"/api/v1/dojos/{dojo['id']}/editor", json={"open": True}, headers=owner_a.headers)
    with live.websocket_connect(url(dojo, viewer_a)) as w1, live.websocket_connect(url(dojo, member_a)) as w2:
        viewer, member = Peer(w1), Peer(w2)
        assert {r["userId"]: r["role"] for r in member.state["roster"]}[viewer_a.user_id] == "audience"
        assert viewer.hello["me"]["canCode"] is False and member.hello["me"]["canCode"] is True
        viewer.type(0, "intruso")
        assert viewer.until("rejected")
        viewer.chat("mas posso conversar")
        assert member.until("chat")["text"] == "mas posso conversar"
        member.sync()
        assert str(member.text) == ""


def test_a_pilot_turned_viewer_leaves_the_seat_and_stops_editing(live, owner_a, member_a, member2_a):
    dojo = create_dojo(live, owner_a, host_seated=False)
    with live.websocket_connect(url(dojo, member_a)) as w1, live.websocket_connect(url(dojo, member2_a)) as w2:
        pilot, copilot = Peer(w1), Peer(w2)
        res = live.patch(f"/api/v1/users/{member_a.user_id}", json={"role": "viewer"}, headers=owner_a.headers)
        assert res.status_code == 200
        deadline = time.monotonic() + 10
        while True:
            roles = {r["userId"]: r["role"] for r in pilot.until("state")["roster"]}
            if roles[member_a.user_id] == "audience" or time.monotonic() > deadline:
                break
        assert roles[member_a.user_id] == "audience" and roles[member2_a.user_id] == "pilot"
        assert {"type": "me", "canCode": False} in pilot.json  # the page stops offering to type
        pilot.type(0, "ainda piloto?")
        assert pilot.until("rejected")
        copilot.sync()
        assert str(copilot.text) == ""


# -- finding 13: the socket re-checks its token and its person -------------------------------------------
def test_the_socket_asks_for_a_fresh_token_and_closes_when_it_expires(live, owner_a, member_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, short_token(member_a, 2))) as w1:
        peer = Peer(w1)
        assert peer.until("renew")["expiresIn"] <= 2
        code, seen = closed(w1)
    assert code == 4401 and seen[-1]["code"] == "token_expired"
    assert seen[-1]["message"] == "Sua sessão expirou. Entre novamente."


def test_a_renewed_token_keeps_the_socket_open(live, owner_a, member_a, member2_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, short_token(member_a, 2))) as w1:
        peer = Peer(w1)
        peer.until("renew")
        w1.send_text(json.dumps({"type": "auth", "token": member2_a.access_token}))
        assert peer.until("error")["code"] == "token_mismatch"
        w1.send_text(json.dumps({"type": "auth", "token": member_a.access_token}))
        assert peer.until("renewed")["expiresIn"] > 60
        time.sleep(2.5)
        peer.type(0, "depois da expiração")
        peer.ping()
        assert not [m for m in peer.json if m["type"] in ("closed", "rejected")]


def test_a_deactivated_user_loses_the_socket_at_once(live, owner_a, member_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, member_a)) as w1:
        Peer(w1)
        started = time.monotonic()
        res = live.patch(f"/api/v1/users/{member_a.user_id}", json={"isActive": False}, headers=owner_a.headers)
        assert res.status_code == 200
        code, _ = closed(w1)
    assert code == 4401 and time.monotonic() - started < 10


def test_a_sign_in_ended_elsewhere_closes_its_socket(live, owner_a, member_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, member_a)) as w1:
        Peer(w1)
        started = time.monotonic()
        res = live.post("/api/v1/auth/logout", json={"refreshToken": member_a.refresh_token}, headers=member_a.headers)
        assert res.status_code == 204
        code, _ = closed(w1)
    assert code == 4401 and time.monotonic() - started < 10
    with live.websocket_connect(url(dojo, member_a)) as w2:  # nor can its token open a new one
        assert closed(w2)[0] == 4401
