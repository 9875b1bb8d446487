"""A live Dojo served by two real web processes (granian) that only share PostgreSQL and Redis.

Participants on different processes must see each other's edits, chat and presence (relayed over Redis
pub/sub), a late joiner on one process must get edits still batched in memory on the other, and the
event log read right after the end must hold every edit from both processes exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import websockets

from tests.conftest import PG_URL
from tests.dojo_processes import (
    PASSWORD,
    Peer,
    api_servers,
    awareness_message,
    final_code_is,
    person,
    register,
    replay,
    roster_of,
    run,
    until,
)

pytestmark = [
    pytest.mark.skipif(not PG_URL, reason="two web processes need the production profile (PostgreSQL + Redis)"),
    pytest.mark.parametrize("profile", ["production"], indirect=True),
    pytest.mark.timeout(120),
]


@pytest.fixture
def servers(profile, tmp_path) -> Iterator[list[str]]:
    """Two API processes on the profile's database and Redis: their base URLs."""
    with api_servers(profile.env, tmp_path) as bases:
        yield bases


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
        c1.post(f"/api/v1/dojos/{dojo_id}/leave", headers=owner["h"])  # the host steps out: two free seats

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
