"""Clients active during a fault: API users who list, search, create and edit, and Dojo participants who type.

Each counts what it saw; after the fault the drill checks that every write the app acknowledged is still
there and that the Dojo copies converged with every keystroke in them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx
import websockets
from pycrdt import Doc, Text

from poc_tracker.realtime import protocol

PASSWORD = "drill-cafe-com-pao-de-queijo-42"


@dataclass
class Tally:
    """What the clients saw: answers by status (0: no answer), and the POCs whose creation was acknowledged."""

    answers: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # "503 overloaded"…
    acked: list[str] = field(default_factory=list)
    edited: dict[str, str] = field(default_factory=dict)  # POC id → the last acknowledged description
    slowest: float = 0.0

    @property
    def failed(self) -> int:
        """Requests without a 2xx answer."""
        return sum(n for status, n in self.answers.items() if not 200 <= status < 300)

    def summary(self) -> str:
        """One line for the drill's output."""
        statuses = ", ".join(f"{s or 'sem resposta'}: {n}" for s, n in sorted(self.answers.items()))
        errors = ", ".join(f"{k}: {n}" for k, n in sorted(self.errors.items()))
        return (
            f"respostas {{{statuses}}} ({errors or 'sem erros'}), escritas confirmadas {len(self.acked)}, "
            f"mais lenta {self.slowest:.2f}s"
        )


class PatientTransport(httpx.HTTPTransport):
    """Honour 429 like a well-behaved client: wait the Retry-After the app gave, then ask again (at most 30 times)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for _ in range(30):
            response = super().handle_request(request)
            if response.status_code != 429:
                return response
            response.read()
            response.close()
            time.sleep(float(response.headers.get("Retry-After", "1")))
        return response


def sign_up_team(base: str, people: int) -> tuple[str, list[str]]:
    """An organisation with ``people`` members (the owner first); returns its id and their access tokens."""
    sub = f"d{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=base, timeout=60) as c:
        body = {"name": "Drill", "subdomain": sub, "ownerName": "Dona Drill", "ownerEmail": f"dona@{sub}.com.br"}
        owner = c.post("/api/v1/tenants", json={**body, "ownerPassword": PASSWORD})
        owner.raise_for_status()
        tenant, tokens = owner.json()["tenantId"], [owner.json()["accessToken"]]
        h = {"Authorization": f"Bearer {tokens[0]}"}
        for i in range(people - 1):
            email = f"p{i}@{sub}.com.br"
            inv = c.post("/api/v1/users/invitations", json={"email": email, "role": "member"}, headers=h)
            inv.raise_for_status()
            reg = c.post(
                "/api/v1/users/register",
                json={
                    "email": email,
                    "password": PASSWORD,
                    "name": f"Pessoa {i}",
                    "tenantId": tenant,
                    "invitationToken": inv.json()["token"],
                },
            )
            reg.raise_for_status()
            tokens.append(reg.json()["accessToken"])
    return tenant, tokens


async def _call(c: httpx.AsyncClient, tally: Tally, method: str, url: str, **kw: object) -> httpx.Response | None:
    t = time.monotonic()
    try:
        res = await c.request(method, url, **kw)
    except httpx.HTTPError:
        tally.answers[0] += 1
        res = None
    else:
        tally.answers[res.status_code] += 1
        if res.status_code >= 500:
            code = (
                res.json().get("error", {}).get("code", "?") if "json" in res.headers.get("content-type", "") else "?"
            )
            tally.errors[f"{res.status_code} {code}"] += 1
    tally.slowest = max(tally.slowest, time.monotonic() - t)
    return res


async def api_user(base: str, token: str, tally: Tally, stop: asyncio.Event, pace: float = 1.0) -> None:
    """List, search, create and edit, about one request per ``pace`` seconds (under the per-user rate limit)."""
    headers = {"Authorization": f"Bearer {token}"}
    mine: list[str] = []
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as c:
        for n in itertools.count():
            if stop.is_set():
                return
            step = n % 4  # a write first: every user has one acknowledged before a fault that comes early
            if step == 0:
                body = {"name": f"Drill {uuid.uuid4().hex[:6]}", "language": "python", "description": "drill"}
                res = await _call(c, tally, "POST", "/api/v1/pocs", json=body)
                if res is not None and res.status_code == 201:
                    tally.acked.append(res.json()["id"])
                    mine.append(res.json()["id"])
            elif step == 1:
                await _call(c, tally, "GET", "/api/v1/pocs", params={"limit": 10})
            elif step == 2 and mine:
                text = f"editada {n}"
                res = await _call(c, tally, "PATCH", f"/api/v1/pocs/{mine[-1]}", json={"description": text})
                if res is not None and res.status_code == 200:
                    tally.edited[mine[-1]] = text
            elif step == 3:
                await _call(c, tally, "GET", "/api/v1/search/pocs", params={"q": "drill"})
            await asyncio.sleep(pace)


def missing_writes(base: str, token: str, tally: Tally) -> list[str]:
    """Acknowledged creations or edits the app no longer shows (read with the owner's token)."""
    lost = []
    headers = {"Authorization": f"Bearer {token}"}  # a 429 is the owner's budget spent: wait, do not count it
    with httpx.Client(base_url=base, headers=headers, timeout=30, transport=PatientTransport()) as c:
        for poc_id in tally.acked:
            res = c.get(f"/api/v1/pocs/{poc_id}")
            if res.status_code != 200:
                lost.append(f"{poc_id}: {res.status_code}")
            elif poc_id in tally.edited and res.json().get("description") != tally.edited[poc_id]:
                lost.append(f"{poc_id}: edição perdida")
    return lost


class Participant:
    """A Dojo participant with its own copy of the document, who reconnects when its socket drops."""

    def __init__(self, url: str, label: str) -> None:
        self.url, self.label = url, label
        self.doc = Doc()
        self.text = self.doc.get("code", type=Text)
        self.typed: list[str] = []
        self.reconnects = 0
        self.ws: websockets.ClientConnection | None = None

    async def connect(self) -> None:
        """Open a socket (retrying while the balancer finds a live process) and sync both ways."""
        for attempt in range(60):
            try:
                self.ws = await websockets.connect(self.url, max_size=None, open_timeout=5)
                await self.ws.send(protocol.step1(self.doc))
                return
            except (OSError, websockets.WebSocketException):
                await asyncio.sleep(min(0.2 * (attempt + 1), 1.0))
        raise RuntimeError(f"{self.label}: no socket after 60 attempts")

    async def read(self, stop: asyncio.Event) -> None:
        """Apply what arrives; on a dropped socket, reconnect (the new process syncs from our copy and back)."""
        while not stop.is_set():
            try:
                async for frame in self.ws:
                    if isinstance(frame, str) or frame[0] != protocol.SYNC:
                        continue
                    if frame[1] == protocol.STEP1:
                        await self.ws.send(protocol.step2(self.doc, protocol.payload(frame)))
                    else:
                        self.doc.apply_update(protocol.payload(frame))
            except websockets.WebSocketException:
                pass
            if stop.is_set():
                return
            self.reconnects += 1
            await self.connect()

    async def type(self, stop: asyncio.Event, interval: float = 0.2) -> None:
        """Type a numbered mark now and then; marks typed while disconnected are sent after reconnecting."""
        for n in itertools.count():
            if stop.is_set():
                return
            mark = f"[{self.label}:{n}]"
            before = self.doc.get_state()
            self.text.insert(len(str(self.text)), mark)
            self.typed.append(mark)
            with contextlib.suppress(websockets.WebSocketException):  # the reconnect's sync carries it
                await self.ws.send(protocol.update_message(self.doc.get_update(before)))
            await asyncio.sleep(interval)

    async def resync(self) -> None:
        """Ask the server for anything missed (a final sync step 1)."""
        await self.ws.send(protocol.step1(self.doc))
