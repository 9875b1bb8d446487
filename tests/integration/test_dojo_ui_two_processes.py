"""The UI's "save to the POC" and "end" keep the last edits typed on other web processes.

Two API processes hold the participants' sockets and batch their edits in memory (for a minute here, so
nothing reaches the log by itself); this test process plays a third web process serving the Reflex UI, with
no room of the Dojo open: its state handlers must have the other processes write their batches first.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.conftest import PG_URL
from tests.dojo_processes import PASSWORD, Peer, api_servers, final_code_is, person, register, run, until
from tests.dojo_support import ui_registry, ui_room

pytestmark = [
    pytest.mark.skipif(not PG_URL, reason="several web processes need the production profile (PostgreSQL + Redis)"),
    pytest.mark.parametrize("profile", ["production"], indirect=True),
    pytest.mark.timeout(120),
]


def saved_text(c: httpx.Client, owner: dict, poc_id: str) -> str:
    files = c.get(f"/api/v1/pocs/{poc_id}/files", headers=owner["h"]).json()["data"]
    assert [f["path"] for f in files] == ["dojo.py"], files
    res = c.get(f"/api/v1/pocs/{poc_id}/files/{files[0]['id']}/content", headers=owner["h"])
    assert res.status_code == 200, res.text
    return res.json()["text"]


async def scenario(p1: str, p2: str, registry) -> None:
    from state.dojo import DojoRoomState

    with httpx.Client(base_url=p1, timeout=30) as c1:
        body = {
            "name": "Empresa UI",
            "subdomain": "ui",
            "ownerName": "Dona",
            "ownerEmail": "dona@ui.com.br",
            "ownerPassword": PASSWORD,
        }
        res = c1.post("/api/v1/tenants", json=body)
        assert res.status_code == 201, res.text
        owner = person(res.json())
        ana, bruno = (register(c1, owner, n) for n in ("Ana", "Bruno"))
        poc = c1.post("/api/v1/pocs", json={"name": "FizzBuzz", "language": "python"}, headers=owner["h"]).json()
        res = c1.post("/api/v1/dojos", json={"title": "Kata pela interface", "pocId": poc["id"]}, headers=owner["h"])
        assert res.status_code == 201, res.text
        dojo_id = res.json()["id"]
        c1.post(f"/api/v1/dojos/{dojo_id}/leave", headers=owner["h"])  # the host steps out: two free seats

        # Ana types on process 1, Bruno on process 2: their edits stay batched in those processes
        a = await Peer.connect(p1, dojo_id, ana)
        b = await Peer.connect(p2, dojo_id, bruno)
        await a.keystrokes(None, "def fizz(n):\n")
        await b.keystrokes(0, "# Bruno\n")
        await until(lambda: a.code == b.code and len(a.code) == len("# Bruno\ndef fizz(n):\n"), "convergence", 10, a, b)

        room = await ui_room(registry, owner["userId"], owner["tenantId"], dojo_id)
        await DojoRoomState.save_to_poc.fn(room)
        assert room.error == "", room.error
        assert saved_text(c1, owner, poc["id"]) == a.code

        await a.keystrokes(None, "    return n % 3 == 0\n")
        await b.ping()
        await until(lambda: a.code == b.code and a.code.endswith("== 0\n"), "the last edits on both", 10, a, b)
        final = a.code
        await DojoRoomState.end_dojo.fn(room)
        assert room.error == "" and room.status == "ended", room.error
        read = c1.get(f"/api/v1/dojos/{dojo_id}", headers=owner["h"]).json()
        assert read["status"] == "ended"
        await asyncio.gather(a.close(), b.close())
    final_code_is(dojo_id, owner["tenantId"], final)


def test_the_ui_saves_and_ends_with_edits_batched_in_other_processes(profile, tmp_path):
    with api_servers(profile.env, tmp_path, POC_TRACKER_DOJO_FLUSH_SECONDS="60") as (p1, p2):
        run(scenario(p1, p2, ui_registry()))
