"""The Dojo channel: Yjs sync with the server's pycrdt copy, permissions, chat, late join, reconnect."""

from __future__ import annotations

import base64
import time

import pytest
from fastapi.testclient import TestClient
from pycrdt import Doc, Text

from poc_tracker.realtime import protocol
from tests.dojo_support import Peer, create_dojo


@pytest.fixture
def live(profile):
    """One client whose websockets share an event loop (like one web process)."""
    from poc_tracker.api import create_api

    with TestClient(create_api()) as c:
        yield c


@pytest.fixture
def member2_a(live, owner_a):
    """A second member: pilot and co-pilot seats are for those who write code (viewers watch)."""
    from tests.personas import add_member

    return add_member(live, owner_a, "segunda", "member")


def url(dojo: dict, who) -> str:
    return f"/api/v1/ws/dojos/{dojo['id']}?token={who.access_token}"


def wait_text(peer: Peer, expected: str, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while str(peer.text) != expected and time.monotonic() < deadline:
        peer.ping()
    assert str(peer.text) == expected


def test_two_pilots_typing_in_the_same_line_converge(live, owner_a, member_a, member2_a):
    dojo = create_dojo(live, owner_a, format="randori", host_seated=False)
    with live.websocket_connect(url(dojo, member_a)) as w1, live.websocket_connect(url(dojo, member2_a)) as w2:
        a, b = Peer(w1), Peer(w2)
        a.sync(), b.sync()
        a.type(0, "def soma(a, b):")
        b.type(0, "# ação 🚀 ")  # concurrent: neither has seen the other's edit
        a.ping(), b.ping()
        for peer in (a, b):
            peer.sync()
        assert str(a.text) == str(b.text)
        assert "def soma(a, b):" in str(a.text) and "# ação 🚀 " in str(a.text)


def test_a_joiners_first_edit_counts_even_before_the_roster_refresh_arrives(
    live, owner_a, member_a, member2_a, monkeypatch
):
    import poc_tracker.api.dojo_ws as channel

    dojo = create_dojo(live, owner_a, format="randori", host_seated=False)
    with live.websocket_connect(url(dojo, member_a)) as w1:
        a = Peer(w1)
        monkeypatch.setattr(channel, "announce", lambda dojo_id: None)  # the room hears of the join late
        with live.websocket_connect(url(dojo, member2_a)) as w2:
            b = Peer(w2)
            b.type(0, "print(1)")
            b.ping()
            assert not [m for m in b.json if m["type"] == "rejected"]
            wait_text(a, "print(1)")


def test_the_audience_cannot_type_until_rotation_or_an_open_editor(live, owner_a, member_a, member2_a):
    from tests.personas import add_member

    third = add_member(live, owner_a, "terceira", "member")
    dojo = create_dojo(live, owner_a, host_seated=False)
    with (
        live.websocket_connect(url(dojo, member_a)) as w1,
        live.websocket_connect(url(dojo, member2_a)) as w2,
        live.websocket_connect(url(dojo, third)) as w3,
    ):
        pilot, _, audience = Peer(w1), Peer(w2), Peer(w3)
        audience.type(0, "intruso")
        assert audience.until("rejected")
        pilot.type(0, "ok")
        pilot.ping()
        fresh = Doc()
        fresh.get("code", type=Text)
        audience.doc = fresh
        audience.text = fresh.get("code", type=Text)
        audience.sync()
        assert str(audience.text) == "ok"
        # rotation: the audience member becomes co-pilot and may type
        live.post(f"/api/v1/dojos/{dojo['id']}/rotate", headers=owner_a.headers)
        for _ in range(20):  # earlier roster messages (joins) may still be on their way
            state = audience.until("state")
            if {r["userId"]: r["role"] for r in state["roster"]}[third.user_id] == "copilot":
                break
        else:
            raise AssertionError("the rotation never reached the audience")
        audience.type(2, "!")
        audience.ping()
        wait_text(pilot, "ok!")


def test_a_late_joiner_gets_the_document_and_the_chat(live, owner_a, member_a, viewer_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, member_a)) as w1:
        a = Peer(w1)
        a.type(0, "x = 1\n")
        a.chat("olá @Leitora")
        a.until("chat")
    # the room closed (everyone left): the late joiner's copy comes from the event log
    with live.websocket_connect(url(dojo, viewer_a)) as w2:
        b = Peer(w2)
        assert [m["text"] for m in b.hello["chat"]] == ["olá @Leitora"]
        b.sync()
        assert str(b.text) == "x = 1\n"


def test_offline_edits_merge_on_reconnect(live, owner_a, member_a, member2_a):
    dojo = create_dojo(live, owner_a, host_seated=False)
    with live.websocket_connect(url(dojo, member_a)) as w1:
        a = Peer(w1)
        with live.websocket_connect(url(dojo, member2_a)) as w2:
            b = Peer(w2)
            b.sync()
        offline = b.doc  # b keeps editing while disconnected
        before = offline.get_state()
        b.text.insert(0, "offline;")
        a.type(0, "online;")
        a.ping()
        with live.websocket_connect(url(dojo, member2_a)) as w3:
            b2 = Peer(w3)
            b2.doc, b2.text = offline, b.text
            # the server's step 1 asks for what it misses; answering it sends the offline edit
            b2.ws.send_bytes(protocol.update_message(offline.get_update(before)))
            b2.sync()
            a.ping()
            wait_text(a, str(b2.text))
            assert "offline;" in str(a.text) and "online;" in str(a.text)


def test_edits_are_logged_and_rebuild_the_document(live, owner_a, member_a):
    dojo = create_dojo(live, owner_a)
    with live.websocket_connect(url(dojo, member_a)) as w1:
        a = Peer(w1)
        for i, ch in enumerate("print(1)"):
            a.type(i, ch)
        a.ping()
    deadline = time.monotonic() + 10
    while True:  # the last edits are flushed when the room empties, just after the socket closes
        events = live.get(f"/api/v1/dojos/{dojo['id']}/events", headers=owner_a.headers).json()["data"]
        doc = Doc()
        text = doc.get("code", type=Text)
        for e in events:
            if e["kind"] == "edit":
                doc.apply_update(base64.b64decode(e["payload"]["u"]))
        if str(text) == "print(1)" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert str(text) == "print(1)"
    ended = live.post(f"/api/v1/dojos/{dojo['id']}/end", headers=owner_a.headers).json()
    assert ended["status"] == "ended"
