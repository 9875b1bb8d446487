"""Drill: kill -9 one web process while 20 people browse, search and edit and a Dojo is live."""

from __future__ import annotations

import asyncio
import os
import signal

import httpx

from tests.drills.conftest import Cluster, wait_for
from tests.drills.workload import Participant, Tally, api_user, missing_writes
from tests.live_server import run_async


async def _drill(cluster: Cluster) -> tuple[Tally, list[Participant], list[str]]:
    h = {"Authorization": f"Bearer {cluster.tokens[0]}"}
    async with httpx.AsyncClient(base_url=cluster.url, headers=h, timeout=30) as c:
        dojo = (await c.post("/api/v1/dojos", json={"title": "Dojo do drill", "format": "randori"})).json()
        (await c.post(f"/api/v1/dojos/{dojo['id']}/editor", json={"open": True})).raise_for_status()
    ws = cluster.url.replace("http", "ws") + f"/api/v1/ws/dojos/{dojo['id']}?token="
    people = [Participant(ws + token, f"p{i}") for i, token in enumerate(cluster.tokens[:4])]
    for p in people:
        await p.connect()
    tally, stop = Tally(), asyncio.Event()
    tasks = [asyncio.create_task(api_user(cluster.url, t, tally, stop)) for t in cluster.tokens]
    tasks += [asyncio.create_task(p.read(stop)) for p in people] + [asyncio.create_task(p.type(stop)) for p in people]
    await asyncio.sleep(4)
    victim = cluster.supervisor.children["web1"].proc.pid
    os.kill(victim, signal.SIGKILL)  # granian's main process; its worker follows
    print(f"\nweb1 (pid {victim}) morto com SIGKILL")
    await asyncio.to_thread(wait_for, lambda: cluster.web_states().get("web1") != "UP", 10)
    await asyncio.sleep(6)  # clients keep working on web2 meanwhile
    stop.set()
    await asyncio.sleep(1)
    for p in people:
        await p.resync()
    await asyncio.sleep(2)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    texts = {str(p.text) for p in people}
    missing = [m for p in people for m in p.typed if any(m not in t for t in texts)]
    for p in people:
        await p.ws.close()
    return tally, people, [*missing, *(["cópias divergentes"] if len(texts) != 1 else [])]


def test_killing_a_web_process_loses_no_acknowledged_write_and_the_dojo_converges(cluster: Cluster) -> None:
    tally, people, dojo_lost = run_async(_drill(cluster))
    lost = missing_writes(cluster.url, cluster.tokens[0], tally)
    reconnects = sum(p.reconnects for p in people)
    print(f"API: {tally.summary()}; perdidas: {len(lost)}")
    print(f"Dojo: {len(people)} participantes, {reconnects} reconexões, marcas perdidas: {len(dojo_lost)}")
    assert lost == [] and dojo_lost == []
    assert tally.acked, "the clients wrote nothing: the drill proved nothing"
    assert tally.failed <= len(cluster.tokens), "more than one failed request per client around the kill"
    # the balancer took web1 out, the supervisor started it again, and it is back in rotation
    assert wait_for(lambda: cluster.web_states().get("web1") == "UP", 90)
