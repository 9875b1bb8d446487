"""A live Dojo served by two real web processes (granian) that only share PostgreSQL and Redis.

Participants on different processes must see each other's edits, chat and presence (relayed over Redis
pub/sub), a late joiner on one process must get edits still batched in memory on the other, and the
event log read right after the end must hold every edit from both processes exactly once.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
import websockets
from pycrdt import Doc, Encoder, Text

from poc_tracker.realtime import protocol
from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "senha-forte-123"

pytestmark = [
    pytest.mark.skipif(not PG_URL, reason="two web processes need the production profile (PostgreSQL + Redis)"),
    pytest.mark.parametrize("profile", ["production"], indirect=True),
    pytest.mark.timeout(120),
]


# -- servers -------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"API server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"API server did not start:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server and its worker process (its own process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@pytest.fixture
def servers(profile, tmp_path) -> Iterator[list[str]]:
    """Two API processes on the profile's database and Redis: their base URLs."""
    from poc_tracker.auth import keys

    keys.load_keys()  # generate the shared JWT key pair once, before two processes race for it
    env = {**os.environ, **profile.env, "PYTHONPATH": str(ROOT), "POC_TRACKER_RATE_LIMIT_PER_MINUTE": "100000"}
    procs: list[subprocess.Popen] = []
    bases: list[str] = []
    try:
        for i in range(2):
            port, log = free_port(), tmp_path / f"server{i}.log"
            with log.open("w") as out:
                procs.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "granian",
                            "--interface",
                            "asgi",
                            "--factory",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            str(port),
                            "--workers",
                            "1",
                            "poc_tracker.api:create_api",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            bases.append(f"http://127.0.0.1:{port}")
        for i, (base, proc) in enumerate(zip(bases, procs, strict=True)):
            wait_healthy(base, proc, tmp_path / f"server{i}.log")
        yield bases
    finally:
        for proc in procs:
            stop(proc)


# -- people --------------------------------------------------------------------------------------------
def register(c: httpx.Client, owner: dict, name: str) -> dict:
    """Invite and register a member; their token and id."""
    email = f"{name}-{uuid.uuid4().hex[:6]}@example.com"
    inv = c.post("/api/v1/users/invitations", json={"email": email, "role": "member"}, headers=owner["h"])
    assert inv.status_code == 201, inv.text
    res = c.post(
        "/api/v1/users/register",
        json={
            "email": email,
            "password": PASSWORD,
            "name": name,
            "tenantId": owner["tenantId"],
            "invitationToken": inv.json()["token"],
        },
    )
    assert res.status_code == 201, res.text
    return person(res.json())


def person(body: dict) -> dict:
    return {**body, "h": {"Authorization": f"Bearer {body['accessToken']}"}}


# -- participants --------------------------------------------------------------------------------------
def awareness_message(client: int, clock: int, state: dict) -> bytes:
    """A y-protocols awareness update announcing one client's state."""
    enc = Encoder()
    enc.write_var_uint(1)
    enc.write_var_uint(client)
    enc.write_var_uint(clock)
    enc.write_var_string(json.dumps(state))
    body = enc.to_bytes()
    head = Encoder()
    head.write_var_uint(len(body))
    return bytes([protocol.AWARENESS]) + head.to_bytes() + body


async def until(check: Callable[[], bool], what: str, timeout: float = 10, *peers: Peer) -> None:
    """Poll until ``check()`` holds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            seen = "".join(f"\n  {p.user_id}: {p.code!r} {[m['type'] for m in p.json]}" for p in peers)
            raise AssertionError(f"timed out waiting for {what}{seen}")
        await asyncio.sleep(0.02)


class Peer:
    """One participant's real websocket and pycrdt copy of the document."""

    def __init__(self, ws: websockets.ClientConnection, user_id: str) -> None:
        self.ws, self.user_id = ws, user_id
        self.doc = Doc()
        self.text = self.doc.get("code", type=Text)
        self.json: list[dict] = []
        self.present: dict[int, bool] = {}  # awareness client id → present
        self.synced = asyncio.Event()
        self.sent = 0  # document updates sent
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(cls, base: str, dojo_id: str, who: dict) -> Peer:
        ws = await websockets.connect(
            f"{base.replace('http', 'ws')}/api/v1/ws/dojos/{dojo_id}?token={who['accessToken']}",
            open_timeout=10,
            max_size=None,
        )
        peer = cls(ws, who["userId"])
        await ws.send(protocol.step1(peer.doc))
        await asyncio.wait_for(peer.synced.wait(), 10)
        return peer

    async def _read(self) -> None:
        async for frame in self.ws:
            if isinstance(frame, str):
                self.json.append(json.loads(frame))
            elif frame[0] == protocol.SYNC and frame[1] == protocol.STEP1:
                await self.ws.send(protocol.step2(self.doc, protocol.payload(frame)))
            elif frame[0] == protocol.SYNC:
                self.doc.apply_update(protocol.payload(frame))
                if frame[1] == protocol.STEP2:
                    self.synced.set()
            elif frame[0] == protocol.AWARENESS:
                for client, (_, removed) in protocol.awareness_clients(frame).items():
                    self.present[client] = not removed

    @property
    def code(self) -> str:
        return str(self.text)

    async def type(self, at: int | None, s: str) -> None:
        """Insert text at a pycrdt index (UTF-8 bytes; the end when None) and send the update."""
        before = self.doc.get_state()
        self.text.insert(len(self.text) if at is None else at, s)
        await self.ws.send(protocol.update_message(self.doc.get_update(before)))
        self.sent += 1

    async def keystrokes(self, at: int | None, s: str) -> None:
        """Type one character at a time, without waiting for anyone."""
        for ch in s:
            await self.type(at, ch)
            at = None if at is None else at + len(ch.encode())
            await asyncio.sleep(0.005)

    async def send_json(self, msg: dict) -> None:
        await self.ws.send(json.dumps(msg))

    def got(self, kind: str, **match: object) -> bool:
        return any(m["type"] == kind and all(m.get(k) == v for k, v in match.items()) for m in self.json)

    async def ping(self) -> None:
        """Round trip: everything sent before has been handled by the server."""
        t = uuid.uuid4().hex
        await self.send_json({"type": "ping", "t": t})
        await until(lambda: self.got("pong", t=t), "pong")

    async def close(self) -> None:
        await self.ws.close()
        await asyncio.wait_for(self.reader, 5)


def roster_of(peer: Peer) -> set[str]:
    states = [m for m in peer.json if m["type"] == "state"]
    return {r["userId"] for r in states[-1]["roster"]} if states else set()


def replay(events: list[dict]) -> str:
    doc = Doc()
    text = doc.get("code", type=Text)
    for e in events:
        if e["kind"] == "edit":
            doc.apply_update(base64.b64decode(e["payload"]["u"]))
    return str(text)


# -- the test ------------------------------------------------------------------------------------------
async def scenario(p1: str, p2: str) -> None:
    with httpx.Client(base_url=p1, timeout=30) as c1, httpx.Client(base_url=p2, timeout=30) as c2:
        res = c1.post(
            "/api/v1/tenants",
            json={
                "name": "Empresa dois",
                "subdomain": "dois",
                "ownerName": "Dona",
                "ownerEmail": "dona@dois.com.br",
                "ownerPassword": PASSWORD,
            },
        )
        assert res.status_code == 201, res.text
        owner = person(res.json())
        ana, bruno, carla = (register(c1, owner, n) for n in ("Ana", "Bruno", "Carla"))
        res = c1.post(
            "/api/v1/dojos", json={"title": "Kata em dois processos", "format": "randori"}, headers=owner["h"]
        )
        assert res.status_code == 201, res.text
        dojo_id = res.json()["id"]

        # Ana (pilot) on process 1, Bruno (co-pilot) on process 2
        a = await Peer.connect(p1, dojo_id, ana)
        b = await Peer.connect(p2, dojo_id, bruno)
        await until(lambda: bruno["userId"] in roster_of(a), "Bruno in Ana's roster (refresh over the bus)")

        # presence: awareness states cross both ways
        await a.ws.send(awareness_message(a.doc.client_id, 1, {"user": {"name": "Ana"}, "cursor": 0}))
        await b.ws.send(awareness_message(b.doc.client_id, 1, {"user": {"name": "Bruno"}, "cursor": 0}))
        await until(lambda: b.present.get(a.doc.client_id) is True, "Ana's cursor on process 2")
        await until(lambda: a.present.get(b.doc.client_id) is True, "Bruno's cursor on process 1")

        # an edit crosses from process 1 to process 2, then concurrent keystrokes on both converge
        await a.type(0, "# kata\n")
        await until(lambda: b.code == "# kata\n", "Ana's edit on process 2", 10, a, b)
        await asyncio.gather(
            a.keystrokes(None, "def soma(a, b):\n    return a + b\n"), b.keystrokes(0, "# ação 🚀 de Bruno\n")
        )
        expected = "# ação 🚀 de Bruno\n# kata\ndef soma(a, b):\n    return a + b\n"
        await until(lambda: a.code == b.code == expected, "convergence", 15, a, b)

        # chat both ways
        await a.send_json({"type": "chat", "text": "olá do processo 1"})
        await b.send_json({"type": "chat", "text": "olá do processo 2"})
        await until(
            lambda: b.got("chat", text="olá do processo 1") and a.got("chat", text="olá do processo 2"),
            "chat across processes",
        )

        # Bruno leaves: his cursor disappears on process 1, and process 2 closes its room
        await b.ping()
        await b.close()
        await until(lambda: a.present.get(b.doc.client_id) is False, "Bruno's cursor removed on process 1")

        # a late joiner on process 2 while Ana keeps typing on process 1 (edits still batched there)
        typing = asyncio.create_task(a.keystrokes(None, "print(soma(1, 2))\n"))
        late = await Peer.connect(p2, dojo_id, carla)
        await typing
        await a.ping()
        await until(lambda: late.code == a.code, "the late joiner's copy to match", timeout=10)
        # the log read on process 2 holds the edits still batched on process 1
        await a.type(None, "# fim\n")
        await a.ping()
        res = c2.get(f"/api/v1/dojos/{dojo_id}/events", headers=owner["h"])
        assert res.status_code == 200, res.text
        assert replay(res.json()["data"]) == a.code
        # and the room on process 2 keeps following process 1
        await until(lambda: late.code == a.code, "a later edit on the late joiner's copy")
        final = a.code

        # everyone leaves; the Dojo is ended and read back on process 2 at once
        await a.ping()
        await a.close()
        await late.close()
        res = c2.post(f"/api/v1/dojos/{dojo_id}/end", headers=owner["h"])
        assert res.status_code == 200 and res.json()["status"] == "ended", res.text
        res = c2.get(f"/api/v1/dojos/{dojo_id}/events", headers=owner["h"])
        assert res.status_code == 200, res.text
        events = res.json()["data"]
        assert replay(events) == final
        edits = [e for e in events if e["kind"] == "edit"]
        assert sum(e["payload"]["n"] for e in edits) == a.sent + b.sent  # each update logged exactly once
        assert {ana["userId"], bruno["userId"]} <= {u for e in edits for u in e["payload"]["by"]}
        chats = sorted(e["payload"]["text"] for e in events if e["kind"] == "chat")
        assert chats == ["olá do processo 1", "olá do processo 2"]
        assert events[-1]["kind"] == "end"
        # the same story from process 1
        again = c1.get(f"/api/v1/dojos/{dojo_id}/events", headers=owner["h"]).json()["data"]
        assert replay(again) == final and len(again) == len(events)
    final_code_is(dojo_id, owner["tenantId"], final)


def final_code_is(dojo_id: str, tenant_id: str, expected: str) -> None:
    from poc_tracker.db import new_session
    from poc_tracker.models import Dojo

    with new_session(tenant_id=uuid.UUID(tenant_id)) as session:
        dojo = session.get(Dojo, uuid.UUID(dojo_id))
        assert dojo is not None and dojo.final_code == expected


def run(coro: Awaitable[None]) -> None:
    """Runs on a thread of its own: Playwright's sync API (browser tests of the
    same session) leaves an event loop marked as running on the main thread."""
    failures: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(asyncio.wait_for(coro, 60))
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(90)
    assert not thread.is_alive(), "the scenario did not end"
    if failures:
        raise failures[0]


def test_a_dojo_spans_two_web_processes(servers):
    run(scenario(*servers))


async def closed_code(peer: Peer, what: str) -> int:
    """Wait for the server to close a peer's socket; its close code."""
    done, _ = await asyncio.wait([peer.reader], timeout=10)
    assert done, f"{what}: the socket stayed open"
    assert isinstance(done.pop().exception(), websockets.ConnectionClosedError)
    return int(peer.ws.close_code or 0)


async def removal_and_deactivation(p1: str, p2: str) -> None:
    with httpx.Client(base_url=p1, timeout=30) as c1:
        res = c1.post(
            "/api/v1/tenants",
            json={
                "name": "Empresa três",
                "subdomain": "tres",
                "ownerName": "Dona",
                "ownerEmail": "dona@tres.com.br",
                "ownerPassword": PASSWORD,
            },
        )
        assert res.status_code == 201, res.text
        owner = person(res.json())
        ana, bruno = (register(c1, owner, n) for n in ("Ana", "Bruno"))
        dojo_id = c1.post("/api/v1/dojos", json={"title": "Remoções"}, headers=owner["h"]).json()["id"]
        a = await Peer.connect(p2, dojo_id, ana)
        b = await Peer.connect(p2, dojo_id, bruno)
        # the host removes Ana through process 1: her socket on process 2 closes at once
        res = c1.delete(f"/api/v1/dojos/{dojo_id}/participants/{ana['userId']}", headers=owner["h"])
        assert res.status_code == 200, res.text
        assert await closed_code(a, "removed Ana") == 4403
        assert a.got("removed")
        # an admin deactivates Bruno through process 1: his socket on process 2 closes at once
        res = c1.patch(f"/api/v1/users/{bruno['userId']}", json={"isActive": False}, headers=owner["h"])
        assert res.status_code == 200, res.text
        assert await closed_code(b, "deactivated Bruno") == 4401
        assert b.got("closed", code="invalid_token")


def test_removal_and_deactivation_close_sockets_on_another_process(servers):
    run(removal_and_deactivation(*servers))
