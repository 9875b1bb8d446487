"""Benchmark: live Dojos over the real websocket, with participants speaking Yjs through pycrdt.

Serves the API (granian, one worker) on a temporary SQLite database, creates one organisation with
``--participants`` people and ``--dojos`` Dojos (editor open to everyone), connects every person to
every Dojo and has each type one character every ``--interval`` seconds for ``--seconds``. Prints the
p50/p95/max latency from an edit being sent to its arrival at each other participant, and the
server's memory per connected participant.

    python bench/dojo.py                       # 10 Dojos × 20 participants
    python bench/dojo.py --dojos 2 --participants 5 --seconds 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import websockets
from pycrdt import Doc, Text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pocs import free_port, serve  # noqa: E402
from poc_tracker.realtime import protocol  # noqa: E402

SENT: dict[bytes, float] = {}
LATENCIES: list[float] = []


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (granian runs a worker process)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = (task / "children").read_text().split()
        for k in kids:
            out += [int(k), *_children(int(k))]
    return out


def setup(base: str, dojos: int, people: int) -> tuple[list[str], list[str]]:
    """One organisation, its people (tokens) and its Dojos (ids)."""
    sub = f"b{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=base, timeout=60) as c:
        owner = c.post(
            "/api/v1/tenants",
            json={
                "name": "Bench",
                "subdomain": sub,
                "ownerName": "Dona",
                "ownerEmail": f"dona@{sub}.com.br",
                "ownerPassword": "senha-forte-1",
            },
        )
        owner.raise_for_status()
        h = {"Authorization": f"Bearer {owner.json()['accessToken']}"}
        tokens = [owner.json()["accessToken"]]
        tenant = owner.json()["tenantId"]
        for i in range(people - 1):
            email = f"p{i}@{sub}.com.br"
            inv = c.post("/api/v1/users/invitations", json={"email": email, "role": "member"}, headers=h).json()
            reg = c.post(
                "/api/v1/users/register",
                json={
                    "email": email,
                    "password": "senha-forte-1",
                    "name": f"P{i}",
                    "tenantId": tenant,
                    "invitationToken": inv["token"],
                },
            )
            reg.raise_for_status()
            tokens.append(reg.json()["accessToken"])
        ids = []
        for i in range(dojos):
            d = c.post("/api/v1/dojos", json={"title": f"Dojo {i}", "format": "randori"}, headers=h).json()
            c.post(f"/api/v1/dojos/{d['id']}/editor", json={"open": True}, headers=h).raise_for_status()
            ids.append(d["id"])
    return tokens, ids


class Participant:
    """One socket: a pycrdt copy of the document that types and times what arrives."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws, self.doc = ws, Doc()
        self.text = self.doc.get("code", type=Text)
        self.synced = asyncio.Event()

    async def read(self) -> None:
        async for frame in self.ws:
            if isinstance(frame, str):
                continue
            if frame[0] != protocol.SYNC:
                continue
            if frame[1] == protocol.STEP1:
                await self.ws.send(protocol.step2(self.doc, protocol.payload(frame)))
                continue
            update = protocol.payload(frame)
            sent = SENT.get(update)
            if sent is not None:
                LATENCIES.append((time.perf_counter() - sent) * 1000)
            self.doc.apply_update(update)
            if frame[1] == protocol.STEP2:
                self.synced.set()

    async def type_for(self, seconds: float, interval: float) -> None:
        end = time.monotonic() + seconds
        await asyncio.sleep(random.random() * interval)
        while time.monotonic() < end:
            before = self.doc.get_state()
            self.text.insert(len(str(self.text)), random.choice("abcdefgh"))
            update = self.doc.get_update(before)
            SENT[update] = time.perf_counter()
            await self.ws.send(protocol.update_message(update))
            await asyncio.sleep(interval * (0.5 + random.random()))


async def run(args: argparse.Namespace, base: str, server_pid: int | None) -> None:
    """Connect everyone, type, measure, print."""
    tokens, dojo_ids = setup(base, args.dojos, args.participants)
    ws_base = base.replace("http", "ws")
    rss0 = rss_kib(server_pid) if server_pid else 0
    peers: list[Participant] = []
    readers = []
    for dojo in dojo_ids:
        for token in tokens:
            ws = await websockets.connect(f"{ws_base}/api/v1/ws/dojos/{dojo}?token={token}", max_size=None)
            p = Participant(ws)
            readers.append(asyncio.create_task(p.read()))
            await ws.send(protocol.step1(p.doc))
            peers.append(p)
    await asyncio.wait_for(asyncio.gather(*(p.synced.wait() for p in peers)), 60)
    rss1 = rss_kib(server_pid) if server_pid else 0
    t = time.monotonic()
    await asyncio.gather(*(p.type_for(args.seconds, args.interval) for p in peers))
    await asyncio.sleep(1.0)
    elapsed = time.monotonic() - t
    rss2 = rss_kib(server_pid) if server_pid else 0
    texts = {}
    for i, p in enumerate(peers):
        texts.setdefault(i // len(tokens), set()).add(str(p.text))
    converged = all(len(s) == 1 for s in texts.values())
    for p in peers:
        await p.ws.close()
    for r in readers:
        r.cancel()
    lat = sorted(LATENCIES)
    q = statistics.quantiles(lat, n=100)
    print(
        json.dumps(
            {
                "dojos": args.dojos,
                "participantsPerDojo": args.participants,
                "sockets": len(peers),
                "edits": len(SENT),
                "deliveries": len(lat),
                "seconds": round(elapsed, 1),
                "latencyMs": {"p50": round(q[49], 1), "p95": round(q[94], 1), "max": round(lat[-1], 1)},
                "converged": converged,
                "serverRssMiB": {
                    "idle": round(rss0 / 1024, 1),
                    "connected": round(rss1 / 1024, 1),
                    "afterEditing": round(rss2 / 1024, 1),
                },
                "kibPerParticipant": round((rss2 - rss0) / max(1, len(peers)), 1),
            },
            indent=2,
        )
    )


def main() -> None:
    """Serve the API on a fresh database and run the benchmark against it."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dojos", type=int, default=10)
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between one person's keystrokes")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="dojo-bench-"))
    env = {
        "POC_TRACKER_DATA_DIR": str(data),
        "POC_TRACKER_RATE_LIMIT_PER_MINUTE": "100000000",
        "POC_TRACKER_LOG_LEVEL": "WARNING",
        "POC_TRACKER_ARGON2_TIME_COST": "1",
        "POC_TRACKER_ARGON2_MEMORY_KIB": "8192",
        "POC_TRACKER_REDIS_URL": "",
    }
    os.environ.update(env)
    from poc_tracker.migrations import upgrade
    from poc_tracker.settings import get_settings

    upgrade(get_settings().db_url)
    port = free_port()
    proc = serve({**os.environ, **env}, port)
    try:
        asyncio.run(run(args, f"http://127.0.0.1:{port}", proc.pid))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
