"""Two real web processes (granian) sharing PostgreSQL and Redis, and participants speaking the Dojo channel."""

from __future__ import annotations

import asyncio
import base64
import contextlib
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
import websockets
from pycrdt import Doc, Encoder, Text

from poc_tracker.realtime import protocol

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "senha-forte-123"


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


@contextlib.contextmanager
def api_servers(profile_env: dict[str, str], logs: Path, **extra_env: str) -> Iterator[list[str]]:
    """Two API processes on the profile's database and Redis: their base URLs."""
    from poc_tracker.auth import keys

    keys.load_keys()  # generate the shared JWT key pair once, before two processes race for it
    env = {
        **os.environ,
        **profile_env,
        "PYTHONPATH": str(ROOT),
        "POC_TRACKER_RATE_LIMIT_PER_MINUTE": "100000",
        **extra_env,
    }
    procs: list[subprocess.Popen] = []
    bases: list[str] = []
    try:
        for i in range(2):
            port, log = free_port(), logs / f"server{i}.log"
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
            wait_healthy(base, proc, logs / f"server{i}.log")
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


def final_code_is(dojo_id: str, tenant_id: str, expected: str) -> None:
    """The Dojo's final code, read straight from the database."""
    from poc_tracker.db import new_session
    from poc_tracker.models import Dojo

    with new_session(tenant_id=uuid.UUID(tenant_id)) as session:
        dojo = session.get(Dojo, uuid.UUID(dojo_id))
        assert dojo is not None and dojo.final_code == expected


# -- running -------------------------------------------------------------------------------------------
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
