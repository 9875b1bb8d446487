"""Drill: Redis (rate limits, Reflex state, Celery broker) dies and comes back empty while people work."""

from __future__ import annotations

import asyncio
import time

import httpx
import redis

from tests.drills.conftest import Cluster, wait_for
from tests.drills.workload import Tally, api_user, missing_writes
from tests.live_server import run_async


async def _work_through(cluster: Cluster, fault) -> Tally:
    tally, stop = Tally(), asyncio.Event()
    tasks = [asyncio.create_task(api_user(cluster.url, t, tally, stop)) for t in cluster.tokens]
    await asyncio.sleep(3)
    await asyncio.to_thread(fault)
    # keep working until the balancer serves again (a slow machine takes a few checks), then a while more
    await asyncio.to_thread(wait_for, lambda: _ready(cluster.url), 30)
    await asyncio.sleep(5)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return tally


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _restart_redis(cluster: Cluster) -> None:
    cluster.redis.stop()
    print("\nRedis parado (SIGKILL)")
    time.sleep(4)
    cluster.redis.start()
    print("Redis de volta, vazio")


def test_a_redis_restart_loses_nothing_and_everything_recovers_without_restarting_the_app(cluster: Cluster) -> None:
    tally = run_async(_work_through(cluster, lambda: _restart_redis(cluster)))
    lost = missing_writes(cluster.url, cluster.tokens[0], tally)
    print(f"API: {tally.summary()}; perdidas: {len(lost)}")
    assert lost == [] and tally.acked
    assert tally.errors.get("500 internal_error", 0) == 0, "Redis away must not break requests"
    h = {"Authorization": f"Bearer {cluster.tokens[1]}"}
    with httpx.Client(base_url=cluster.url, headers=h, timeout=30) as c:
        # the broker is back: a POC made now is indexed by the worker, from its nudge or the beat's sweep
        made = c.post("/api/v1/pocs", json={"name": "Depois do Redis", "language": "go", "description": "volta"})
        assert made.status_code == 201, made.text

        def found() -> bool:
            hits = c.get("/api/v1/search/pocs", params={"q": "Depois do Redis"}).json()
            return any(h["pocId"] == made.json()["id"] for h in hits.get("hits", []))

        assert wait_for(found, 60, every=1), "search did not catch up after Redis came back"
    # rate limiting is shared through Redis again
    assert wait_for(lambda: any(redis.Redis.from_url(cluster.redis.url).scan_iter("rl:*")), 10)
    assert set(cluster.web_states().values()) == {"UP"}
