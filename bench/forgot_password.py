"""Benchmark: does "Esqueci minha senha" take as long for an unknown address as for a known one?

Times N requests of each kind, alternating, against the in-process API on a temporary SQLite database
(no worker: the mail waits in its table, as it would while the broker is slow) and prints the medians,
the p90s and their differences. Both should sit on the padding floor (services/password_reset.MIN_SECONDS).

    python bench/forgot_password.py --rounds 20
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-forgot-"))
    os.environ.update({"POC_TRACKER_DATA_DIR": str(data), "POC_TRACKER_LOG_LEVEL": "WARNING"})
    os.environ.update(
        {"POC_TRACKER_RATE_LIMIT_PER_MINUTE": "100000", "POC_TRACKER_BROKER_URL": "redis://127.0.0.1:9/0"}
    )
    logging.disable(logging.WARNING)  # the nudges to the absent broker fail, as they should, loudly
    from fastapi.testclient import TestClient

    from poc_tracker.api import create_api
    from poc_tracker.migrations import upgrade
    from poc_tracker.settings import get_settings

    upgrade(get_settings().db_url)
    client = TestClient(create_api())
    owner = {"name": "Bench", "subdomain": "bench", "ownerName": "Ana", "ownerEmail": "ana@bench.com.br"}
    assert client.post("/api/v1/tenants", json={**owner, "ownerPassword": "medir-com-calma-42"}).status_code == 201
    took: dict[str, list[float]] = {"known": [], "unknown": []}
    for i in range(args.rounds):
        for kind, email in (("known", "ana@bench.com.br"), ("unknown", f"ninguem{i}@bench.com.br")):
            started = time.perf_counter()
            assert client.post("/api/v1/auth/password/forgot", json={"email": email}).status_code == 202
            took[kind].append(time.perf_counter() - started)
    for kind, values in took.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{kind:8} median {statistics.median(values) * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms")
    diff = statistics.median(took["known"]) - statistics.median(took["unknown"])
    print(f"median difference (known - unknown): {diff * 1000:+.1f} ms over {args.rounds} rounds")


if __name__ == "__main__":
    main()
