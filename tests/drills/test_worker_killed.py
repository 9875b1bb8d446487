"""Drill: kill -9 the worker in the middle of indexing; after it restarts the index ends complete."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid

import httpx

from tests.drills.conftest import Cluster, wait_for
from tests.live_server import run_async


async def _burst(cluster: Cluster, word: str, per_person: int) -> list[str]:
    async def person(token: str) -> list[str]:
        made = []
        async with httpx.AsyncClient(
            base_url=cluster.url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as c:
            for i in range(per_person):
                res = await c.post(
                    "/api/v1/pocs", json={"name": f"{word} {i}", "language": "rust", "description": word}
                )
                if res.status_code == 201:
                    made.append(res.json()["id"])
                await asyncio.sleep(0.3)
        return made

    async def kill_soon() -> None:
        await asyncio.sleep(3)
        pid = cluster.supervisor.children["worker-default"].proc.pid
        os.killpg(pid, signal.SIGKILL)  # the worker and its pool, mid-task
        print(f"\nworker-default (pid {pid}) morto com SIGKILL no meio da indexação")

    results = await asyncio.gather(*(person(t) for t in cluster.tokens[:10]), kill_soon())
    return [poc for made in results[:-1] for poc in made]


def test_killing_the_worker_mid_indexing_leaves_a_complete_index_after_it_restarts(cluster: Cluster) -> None:
    word = f"lote{uuid.uuid4().hex[:6]}"
    made = run_async(_burst(cluster, word, 15))
    h = {"Authorization": f"Bearer {cluster.tokens[0]}"}

    def indexed() -> int:
        res = httpx.get(f"{cluster.url}/api/v1/search/pocs", params={"q": word, "size": 1}, headers=h, timeout=30)
        return res.json().get("totalHits", -1) if res.status_code == 200 else -1

    complete = wait_for(lambda: indexed() == len(made), 120, every=2)
    restarted = cluster.supervisor.children["worker-default"].proc.pid
    print(f"criadas {len(made)}, no índice {indexed()}; worker reiniciado (pid {restarted})")
    assert made and complete
