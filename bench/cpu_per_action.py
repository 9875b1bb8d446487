"""Benchmark: CPU time the web process spends per page opened over the websocket, and bytes sent to the tab.

CPU seconds (user + system, from /proc) are far less sensitive to a busy machine than wall-clock latency, so two
builds measured in one run compare fairly. One tab opens each page --runs times, one after another.

    python bench/cpu_per_action.py BASE --web-pids PID[,PID]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prodserver import seed_tenant
from reflex_client import ReflexTab, state_schema

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


async def measure(base: str, pids: list[int], runs: int) -> None:
    """Each page ``runs`` times from one signed-in tab: CPU ms and kB per open, wall ms."""
    owner = seed_tenant(base, pocs=30)
    tab = ReflexTab(base, owner.token, state_schema())
    await tab.connect("/")
    poc = owner.poc_ids[3]
    pages = {
        "home": ("/", None),
        "/pocs": ("/pocs", None),
        "POC page": (f"/pocs/{poc}", {"poc_id": poc}),
        "search": ("/search?q=painel", {"q": "painel"}),
    }
    print(f"{'page':10} {'CPU ms/open':>12} {'kB/open':>8} {'wall ms (median)':>17}")
    for name, (path, query) in pages.items():
        await tab.open(path, query)  # warm
        cpu0, bytes0, walls = cpu_seconds(pids), tab.received, []
        for _ in range(runs):
            t = time.perf_counter()
            await tab.open(path, query)
            walls.append((time.perf_counter() - t) * 1000)
        cpu = (cpu_seconds(pids) - cpu0) * 1000 / runs
        print(f"{name:10} {cpu:12.1f} {(tab.received - bytes0) / 1024 / runs:8.1f} {statistics.median(walls):17.0f}")
    await tab.close()


def main() -> None:
    """Options and the run."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("base")
    p.add_argument("--web-pids", type=lambda v: [int(x) for x in v.split(",")], required=True)
    p.add_argument("--runs", type=int, default=20)
    args = p.parse_args()
    asyncio.run(measure(args.base.rstrip("/"), args.web_pids, args.runs))


if __name__ == "__main__":
    main()
