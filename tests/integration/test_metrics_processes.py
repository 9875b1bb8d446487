"""/metrics of two web processes (granian) sharing PROMETHEUS_MULTIPROC_DIR counts the traffic of both."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import PG_URL, Profile
from tests.live_server import live_api

# Several web processes are the production profile's shape (PostgreSQL + Redis).
pytestmark = [
    pytest.mark.skipif(not PG_URL, reason="several web processes need the production profile"),
    pytest.mark.parametrize("profile", ["production"], indirect=True),
]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def _families(base: str) -> dict[str, list]:
    res = httpx.get(f"{base}/metrics", timeout=10)
    assert res.status_code == 200, res.text
    return {f.name: f.samples for f in text_string_to_metric_families(res.text)}


def _count(samples: list, **labels: str) -> float:
    return sum(
        s.value for s in samples if s.name.endswith("_total") and all(s.labels.get(k) == v for k, v in labels.items())
    )


def test_two_web_processes_share_bounded_route_metrics(profile: Profile, tmp_path: Path) -> None:
    shared = tmp_path / "prom"
    shared.mkdir()
    env = {**profile.env, "PROMETHEUS_MULTIPROC_DIR": str(shared)}
    ids = [str(uuid.uuid4()) for _ in range(7)]
    with (
        live_api(env, tmp_path / "a.log") as (a, _),
        live_api(env, tmp_path / "b.log") as (b, _),
    ):
        for i, poc_id in enumerate(ids):  # 3 to one process, 4 to the other: raw ids the labels must not keep
            assert httpx.get(f"{a if i < 3 else b}/api/v1/pocs/{poc_id}").status_code == 401
        assert httpx.get(f"{b}/api/v1/nowhere/{ids[0]}").status_code == 404
        for base in (a, b):
            families = _families(base)
            requests = families["poc_tracker_http_requests"]
            assert _count(requests, route="/api/v1/pocs/{poc_id}", method="GET", status="401") == 7
            assert _count(requests, route="/api/v1/{path:path}", status="404") == 1
            routes = {s.labels["route"] for s in requests}
            assert not any(UUID.search(r) for r in routes), routes
            assert all(r.startswith("/") or r == "unmatched" for r in routes), routes
            latency = families["poc_tracker_http_request_seconds"]
            assert any(s.name.endswith("_count") and s.value == 7 for s in latency)
            assert "poc_tracker_celery_queue_length" in families
            assert "poc_tracker_disk_free_ratio" in families
    assert len(list(shared.glob("*.db"))) >= 2  # each process wrote its own file
