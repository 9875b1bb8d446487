"""Helpers for Dojo tests: create a Dojo through the API, speak the channel with pycrdt."""

from __future__ import annotations

import json

from pycrdt import Doc, Text

from poc_tracker.realtime import protocol
from tests.personas import Persona


def create_dojo(client, persona: Persona, title: str = "Kata FizzBuzz", *, host_seated: bool = True, **extra) -> dict:
    """A live Dojo hosted by ``persona`` (who holds the keyboard first).

    ``host_seated=False``: the host steps out at once, so the next two who join take pilot and co-pilot.
    """
    res = client.post(
        "/api/v1/dojos",
        json={"title": title, "kata": "# FizzBuzz", "language": "python", **extra},
        headers=persona.headers,
    )
    assert res.status_code == 201, res.text
    if not host_seated:
        left = client.post(f"/api/v1/dojos/{res.json()['id']}/leave", headers=persona.headers)
        assert left.status_code == 200, left.text
    return res.json()


class Peer:
    """A participant on the channel with its own pycrdt copy of the document."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.doc = Doc()
        self.text = self.doc.get("code", type=Text)
        self.json: list[dict] = []
        self.hello = self.until("hello")
        self.state = self.until("state")

    def frame(self) -> bytes | dict:
        msg = self.ws.receive()
        if msg.get("bytes") is not None:
            return msg["bytes"]
        return json.loads(msg["text"])

    def until(self, kind: str) -> dict:
        """Read frames (handling sync ones) until a JSON message of this type."""
        while True:
            f = self.frame()
            if isinstance(f, dict):
                self.json.append(f)
                if f["type"] == "state":
                    self.state = f
                if f["type"] == kind:
                    return f
            else:
                self.on_binary(f)

    def on_binary(self, data: bytes) -> None:
        if data[0] == protocol.SYNC and data[1] == protocol.STEP1:
            self.ws.send_bytes(protocol.step2(self.doc, protocol.payload(data)))
        elif data[0] == protocol.SYNC:
            self.doc.apply_update(protocol.payload(data))

    def sync(self) -> None:
        """Ask for the full document and wait for it."""
        self.ws.send_bytes(protocol.step1(self.doc))
        while True:
            f = self.frame()
            if isinstance(f, bytes) and f[0] == protocol.SYNC and f[1] == protocol.STEP2:
                self.doc.apply_update(protocol.payload(f))
                return
            if isinstance(f, bytes):
                self.on_binary(f)
            else:
                self.json.append(f)

    def type(self, at: int, s: str) -> None:
        """Insert text locally and send the update."""
        before = self.doc.get_state()
        self.text.insert(at, s)
        self.ws.send_bytes(protocol.update_message(self.doc.get_update(before)))

    def chat(self, s: str) -> None:
        self.ws.send_text(json.dumps({"type": "chat", "text": s}))

    def ping(self) -> None:
        """Round trip: everything sent before has been handled by the server."""
        self.ws.send_text(json.dumps({"type": "ping"}))
        self.until("pong")


def closed(ws) -> tuple[int, list[dict]]:
    """Read until the server closes the socket: its close code and the JSON messages seen on the way."""
    seen: list[dict] = []
    while True:
        msg = ws.receive()
        if msg["type"] == "websocket.close":
            return msg["code"], seen
        if msg.get("text") is not None:
            seen.append(json.loads(msg["text"]))


def ui_registry():
    """Reflex's registry of states, as the thread that first imported the state modules holds it (call it there)."""
    from reflex_base.registry import RegistrationContext

    import state.dojo
    import state.session  # noqa: F401

    return RegistrationContext.get()


async def ui_room(registry, user_id: str, tenant_id: str, dojo_id: str):
    """The Dojo page's Reflex state, signed in as this user (the state tree, no browser), on any thread."""
    from reflex.state import State
    from reflex_base.registry import RegistrationContext

    from state.dojo import DojoRoomState
    from state.session import SessionState

    RegistrationContext.set(registry)  # a context variable: another thread starts without it
    root = State(_reflex_internal_init=True)
    session = await root.get_state(SessionState)
    session._user_id, session._tenant_id = user_id, tenant_id
    room = await root.get_state(DojoRoomState)
    room.dojo_id = dojo_id
    return room


def short_token(persona: Persona, seconds: float) -> str:
    """An access token of ``persona`` that expires in ``seconds`` (signed like the real ones)."""
    import uuid
    from datetime import UTC, datetime, timedelta

    import jwt

    from poc_tracker.auth.keys import load_keys
    from poc_tracker.settings import get_settings

    now = datetime.now(UTC)
    claims = {
        "sub": persona.user_id,
        "tid": persona.tenant_id,
        "roles": [],
        "pa": False,
        "iss": get_settings().jwt_issuer,
        "iat": now,
        "exp": now + timedelta(seconds=seconds),
        "jti": uuid.uuid4().hex[:16],
    }
    return jwt.encode(claims, load_keys().private_pem, algorithm="RS256")
