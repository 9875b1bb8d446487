"""Benchmark: how many users the `make prod` setup holds — Reflex tabs, API clients and Dojo participants together.

Starts the production setup (HAProxy in front of --web-processes web processes, Celery workers; bench/prodserver.py)
on a wiped database, seeds organisations through the API, then ramps. At each step more signed-in Reflex tabs
connect over the websocket (hydrated on the home page, then idle, answering pings); a share of them is active and
browses as people do (home, the POC list, a POC, a search), API clients list, open, search, create and edit POCs,
and Dojo participants type in live Dojos. The ramp stops when the p95 of the active actions passes --p95-ms or
more than 0.1 % of them fail. For each step it prints the users held, requests per second, p50/p95/p99 per route,
the memory of the web processes and of Redis per connected tab and per Dojo participant, and the database
connections in use.

    python bench/load.py                                    # 2 web processes, 100 → 2000 tabs, 5 % active
    python bench/load.py --web-processes 1 --steps 50,200 --step-seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
import websockets
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu_per_action import cpu_seconds
from prodserver import Owner, ProdApp, bench_urls, prod_app, seed_tenant
from reflex_client import ReflexTab, state_schema

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dojo import Participant  # noqa: E402
from bench.dojo import setup as dojo_setup  # noqa: E402
from poc_tracker.realtime import protocol  # noqa: E402


@dataclass
class Stats:
    """Latencies (ms) per route and failures, for one step."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reasons: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def fail(self, route: str, reason: str) -> None:
        self.failed[route] += 1
        self.reasons[reason] += 1

    def add(self, route: str, seconds: float) -> None:
        self.ms[route].append(seconds * 1000)

    def all_ms(self) -> list[float]:
        return [v for vs in self.ms.values() for v in vs]

    def count(self) -> int:
        return len(self.all_ms()) + sum(self.failed.values())


def pct(values: list[float], q: int) -> float:
    """The q-th percentile."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def rss_kib(pids: list[int]) -> int:
    """Resident memory of processes, KiB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


class World:
    """What the clients share: the app, seeded organisations, the tabs connected so far, the current step's stats."""

    def __init__(self, app: ProdApp, owners: list[Owner], args: argparse.Namespace) -> None:
        self.app, self.owners, self.args = app, owners, args
        self.schema = state_schema()
        self.tabs: list[ReflexTab] = []
        self.stats = Stats()
        self.running = True

    async def connect_tabs(self, count: int) -> None:
        """Connect ``count`` more tabs, 25 at a time (each hydrates and runs the home page's on_load)."""
        gate = asyncio.Semaphore(25)

        async def one(i: int) -> None:
            owner = self.owners[i % len(self.owners)]
            tab = ReflexTab(self.app.base, owner.token, self.schema)
            async with gate:
                try:
                    await tab.connect("/", timeout=60)
                    self.tabs.append(tab)
                except (OSError, TimeoutError, RuntimeError, websockets.WebSocketException) as exc:
                    self.stats.fail("connect", type(exc).__name__)
                    print(f"  connect failed: {exc!r}", flush=True)

        start = len(self.tabs)
        await asyncio.gather(*(one(start + i) for i in range(count)))

    async def browse(self, tab: ReflexTab, owner: Owner) -> None:
        """An active person: a page every 1-4 s, as in a working day's mix."""
        while self.running:
            await asyncio.sleep(random.uniform(1, 4))
            roll = random.random()
            if roll < 0.25:
                route, path, query = "ui home", "/", None
            elif roll < 0.5:
                route, path, query = "ui /pocs", "/pocs", None
            elif roll < 0.8:
                poc = random.choice(owner.poc_ids)
                route, path, query = "ui POC page", f"/pocs/{poc}", {"poc_id": poc}
            else:
                route, path, query = "ui search", "/search?q=painel", {"q": "painel"}
            try:
                self.stats.add(route, await tab.open(path, query, timeout=30))
            except (TimeoutError, websockets.WebSocketException, OSError) as exc:
                self.stats.fail(route, type(exc).__name__)

    async def api_client(self, owner: Owner) -> None:
        """A script or integration on the REST API: list, open, search, create, edit."""
        auth = {"Authorization": f"Bearer {owner.token}"}
        async with httpx.AsyncClient(base_url=self.app.base, headers=auth, timeout=30) as client:
            while self.running:
                await asyncio.sleep(random.uniform(1, 4))
                roll = random.random()
                poc = random.choice(owner.poc_ids)
                if roll < 0.35:
                    route, call = "api GET /pocs", client.get("/api/v1/pocs")
                elif roll < 0.65:
                    route, call = "api GET /pocs/{id}", client.get(f"/api/v1/pocs/{poc}")
                elif roll < 0.85:
                    query = {"q": "painel vendas"}
                    route, call = "api GET /search/pocs", client.get("/api/v1/search/pocs", params=query)
                elif roll < 0.93:
                    body = {"name": f"Carga {random.randrange(10**6)}", "language": "Go"}
                    route, call = "api POST /pocs", client.post("/api/v1/pocs", json=body)
                else:
                    body = {"description": f"Editada {random.randrange(10**6)}"}
                    route, call = "api PATCH /pocs/{id}", client.patch(f"/api/v1/pocs/{poc}", json=body)
                started = time.perf_counter()
                try:
                    res = await call
                    if res.status_code >= 400:
                        self.stats.fail(route, f"HTTP {res.status_code}")
                        continue
                    self.stats.add(route, time.perf_counter() - started)
                except httpx.HTTPError as exc:
                    self.stats.fail(route, type(exc).__name__)


async def dojo_participants(world: World, dojos: int, people: int) -> tuple[list[Participant], list[asyncio.Task]]:
    """People connected to live Dojos (the editor open), answering sync as the browser's Yjs does."""
    if dojos * people == 0:
        return [], []
    tokens, ids = await asyncio.to_thread(dojo_setup, world.app.base, dojos, people)
    ws_base = world.app.base.replace("http", "ws", 1)
    peers, readers = [], []
    for dojo in ids:
        for token in tokens:
            ws = await websockets.connect(f"{ws_base}/api/v1/ws/dojos/{dojo}?token={token}", max_size=None)
            p = Participant(ws)
            readers.append(asyncio.create_task(p.read()))
            await ws.send(protocol.step1(p.doc))
            peers.append(p)
    await asyncio.wait_for(asyncio.gather(*(p.synced.wait() for p in peers)), 60)
    return peers, readers


async def type_in_dojos(world: World, peers: list[Participant]) -> None:
    """Each participant types a character every 2 s (on average) while the step runs."""
    from bench import dojo as dojo_bench

    async def typist(p: Participant) -> None:
        while world.running:
            await p.type_for(2, 2.0)

    await asyncio.gather(*(typist(p) for p in peers))
    world.stats.ms["dojo edit → others"].extend(dojo_bench.LATENCIES)
    dojo_bench.LATENCIES.clear()


def db_connections(url: str) -> int:
    """Connections to the app's database, as PostgreSQL counts them."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as c:
        n = c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")).scalar()
    engine.dispose()
    return int(n or 0) - 1  # not ours


async def run_step(world: World, active: int, api_clients: int, peers: list[Participant], seconds: float) -> Stats:
    """``active`` tabs browse, ``api_clients`` call the API, the Dojo types, for ``seconds``."""
    world.stats, world.running = Stats(), True
    busy = random.sample(world.tabs, min(active, len(world.tabs)))
    owners = world.owners
    tasks = [asyncio.create_task(world.browse(t, owners[i % len(owners)])) for i, t in enumerate(busy)]
    tasks += [asyncio.create_task(world.api_client(owners[i % len(owners)])) for i in range(api_clients)]
    typing = asyncio.create_task(type_in_dojos(world, peers)) if peers else None
    await asyncio.sleep(seconds)
    world.running = False
    await asyncio.gather(*tasks, return_exceptions=True)
    if typing:
        await typing
    return world.stats


def report(
    step: int, world: World, stats: Stats, seconds: float, mem: dict[str, float], dbc: int
) -> tuple[float, float]:
    """Print one step; its overall p95 (ms) and error rate."""
    values = [v for k, vs in stats.ms.items() if not k.startswith("dojo") for v in vs]
    failed = sum(stats.failed.values())
    total = len(values) + failed
    p95 = pct(values, 95)
    err = failed / total if total else 0.0
    print(
        f"\n== step {step}: {len(world.tabs)} tabs connected, {mem['active']} active tabs, {mem['api']} API clients, "
        f"{mem['peers']} Dojo participants — {total / seconds:.1f} actions/s, p50 {pct(values, 50):.0f} ms, "
        f"p95 {p95:.0f} ms, p99 {pct(values, 99):.0f} ms, errors {failed} ({err:.2%})"
    )
    print(f"   {'route':22} {'n':>5} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}")
    for route in sorted(set(stats.ms) | set(stats.failed)):
        vs = stats.ms.get(route, [])
        print(
            f"   {route:22} {len(vs):5} {stats.failed.get(route, 0):5} {pct(vs, 50):6.0f} {pct(vs, 95):6.0f} "
            f"{pct(vs, 99):6.0f}"
        )
    if stats.reasons:
        print("   failures: " + ", ".join(f"{k} × {v}" for k, v in sorted(stats.reasons.items())))
    print(
        f"   web RSS {mem['web_mib']:.0f} MiB over {mem['webs']} processes ({mem['web_mib'] / max(1, mem['webs']):.0f} "
        f"each), Redis {mem['redis_mib']:.1f} MiB, DB connections {dbc}"
    )
    print(
        f"   web CPU {mem['cpu_share']:.2f} cores busy, {mem['cpu_ms_per_action']:.0f} ms per action (UI page or API "
        "call; Dojo traffic and idle tabs' pings included)"
    )
    return p95, err


async def main_async(args: argparse.Namespace, app: ProdApp) -> None:
    """Seed, measure memory per tab and per participant, ramp."""
    owners = [seed_tenant(app.base, pocs=args.pocs, tag=f"l{i}") for i in range(args.tenants)]
    world = World(app, owners, args)
    webs = app.web_pids() or args.web_pids
    db_url, redis_url = bench_urls()
    red = redis.Redis.from_url(app.env.get("POC_TRACKER_REDIS_URL", redis_url))
    db_url = app.env.get("POC_TRACKER_DATABASE_URL", db_url)
    print(
        f"app {app.base}: {args.web_processes} web processes (granian pids {webs}), {args.tenants} organisations "
        f"× {args.pocs} POCs"
    )

    # Memory per connected tab: RSS and Redis before and after the first batch, everyone idle.
    rss0, red0 = rss_kib(webs), red.info("memory")["used_memory"]
    first = args.steps[0]
    await world.connect_tabs(first)
    await asyncio.sleep(2)
    rss1, red1 = rss_kib(webs), red.info("memory")["used_memory"]
    n = max(1, len(world.tabs))
    print(
        f"memory per connected tab (idle, hydrated on home): web {(rss1 - rss0) / n:.0f} KiB, "
        f"Redis {(red1 - red0) / 1024 / n:.1f} KiB  ({n} tabs)"
    )
    peers, readers = await dojo_participants(world, args.dojos, args.dojo_people)
    rss2 = rss_kib(webs)
    if peers:
        print(f"memory per Dojo participant: web {(rss2 - rss1) / len(peers):.0f} KiB ({len(peers)} participants)")

    for step, tabs in enumerate(args.steps, start=1):
        if tabs > len(world.tabs):
            t = time.perf_counter()
            await world.connect_tabs(tabs - len(world.tabs))
            print(f"\n(connected {len(world.tabs)} tabs in {time.perf_counter() - t:.0f} s)", flush=True)
        active = max(args.min_active, round(tabs * args.active_share))
        api = max(1, active // 2)
        cpu0 = cpu_seconds(webs)
        stats = await run_step(world, active, api, peers, args.step_seconds)
        cpu = cpu_seconds(webs) - cpu0
        mem = {
            "web_mib": rss_kib(webs) / 1024,
            "webs": args.web_processes,
            "redis_mib": red.info("memory")["used_memory"] / 2**20,
            "active": active,
            "api": api,
            "peers": len(peers),
            "cpu_ms_per_action": cpu
            * 1000
            / max(1, len([v for k, vs in stats.ms.items() if not k.startswith("dojo") for v in vs])),
            "cpu_share": cpu / args.step_seconds,
        }
        p95, err = report(step, world, stats, args.step_seconds, mem, db_connections(db_url))
        if p95 > args.p95_ms or err > 0.001:
            print(f"\nstopped: p95 {p95:.0f} ms / errors {err:.2%} at {len(world.tabs)} connected tabs")
            break
    else:
        print(f"\nheld every step: {len(world.tabs)} connected tabs")
    rss = rss_kib(webs)
    print(
        f"capacity: {len(world.tabs)} connected tabs ({len(world.tabs) / args.web_processes:.0f} per web process); "
        f"web RSS {rss / 1024:.0f} MiB, {rss / max(1, len(world.tabs)):.0f} KiB per tab overall"
    )
    for r in readers:
        r.cancel()
    await asyncio.gather(*(tab.close() for tab in world.tabs), return_exceptions=True)


def main() -> None:
    """Options, the app, the run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--web-processes", type=int, default=2)
    p.add_argument("--steps", type=lambda v: [int(x) for x in v.split(",")], default=[100, 250, 500, 1000, 1500, 2000])
    p.add_argument("--active-share", type=float, default=0.05, help="share of connected tabs browsing")
    p.add_argument("--min-active", type=int, default=10)
    p.add_argument("--step-seconds", type=float, default=30)
    p.add_argument("--p95-ms", type=float, default=500)
    p.add_argument("--tenants", type=int, default=5)
    p.add_argument("--pocs", type=int, default=30)
    p.add_argument("--dojos", type=int, default=2)
    p.add_argument("--dojo-people", type=int, default=5)
    p.add_argument("--skip-build", action="store_true", help="serve the frontend already built (same BENCH_PORT)")
    p.add_argument("--base", help="an app already running (its database is not wiped)")
    p.add_argument("--web-pids", type=lambda v: [int(x) for x in v.split(",")], default=[], help="with --base")
    args = p.parse_args()
    extra = {
        "POC_TRACKER_RATE_LIMIT_PER_MINUTE": "100000000",  # one address for every simulated person
        "POC_TRACKER_ARGON2_TIME_COST": "1",  # seeding people (sign-in cost is bench/interactive.py's)
        "POC_TRACKER_ARGON2_MEMORY_KIB": "8192",
        "POC_TRACKER_ACCESS_TOKEN_TTL": "7200",  # the API clients keep their token for the whole run
    }
    with prod_app(args.base, web_processes=args.web_processes, build=not args.skip_build, extra_env=extra) as app:
        asyncio.run(main_async(args, app))


if __name__ == "__main__":
    main()
