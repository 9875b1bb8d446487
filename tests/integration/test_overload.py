"""A burst of concurrent requests against a real server with a small pool and few threads: every request is
answered with 2xx or, quickly, with 503 ``overloaded`` in the error shape; never 500, never a 30 s wait."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.conftest import Profile
from tests.live_server import Call, burst, live_api
from tests.personas import create_tenant

SMALL = {
    "POC_TRACKER_DB_POOL_SIZE": "4",
    "POC_TRACKER_DB_MAX_OVERFLOW": "2",
    "POC_TRACKER_WORKER_THREADS": "10",
    "POC_TRACKER_RATE_LIMIT_PER_MINUTE": "1000000",
    "POC_TRACKER_LOG_LEVEL": "WARNING",
}
READS, WRITES = 150, 50


def calls(token: str) -> list[Call]:
    """Reads of the POC list (pt-BR) and POC creations (English), interleaved."""
    auth = {"Authorization": f"Bearer {token}"}
    reads = [Call("read", "GET", "/api/v1/pocs", auth) for _ in range(READS)]
    writes = [
        Call(
            "write",
            "POST",
            "/api/v1/pocs",
            {**auth, "Accept-Language": "en"},
            {"name": f"Carga {i}", "language": "Python"},
        )
        for i in range(WRITES)
    ]
    return [c for pair in zip(reads[:WRITES], writes, strict=True) for c in pair] + reads[WRITES:]


def test_a_burst_is_served_or_refused_at_once_with_503(profile: Profile, tmp_path: Path) -> None:
    with live_api({**profile.env, **SMALL}, tmp_path / "server.log") as (base, _):
        with httpx.Client(base_url=base, timeout=15) as client:
            owner = create_tenant(client, "carga")
        answers = asyncio.run(burst(base, calls(owner.access_token), timeout=15))
    served = [a for a in answers if a.status is not None and 200 <= a.status < 300]
    refused = [a for a in answers if a not in served]
    assert served, "nothing was served"
    bad = [(a.what, a.status, round(a.seconds, 2), a.body) for a in refused if a.status != 503]
    assert not bad, f"{len(bad)} answers were neither 2xx nor 503: {bad[:5]}"
    for a in refused:
        assert a.body["error"]["code"] == "overloaded" and a.body["error"]["message"], a.body
        assert int(a.headers["retry-after"]) >= 1
        expected = "The server is busy" if a.what == "write" else "O servidor está ocupado"
        assert a.body["error"]["message"].startswith(expected), a.body
    slow = sorted(round(a.seconds, 2) for a in refused if a.seconds >= 1.0)
    assert not slow, f"{len(slow)} of {len(refused)} 503s took a second or more: {slow[-5:]}"
