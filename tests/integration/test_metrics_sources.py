"""The metrics read from real sources: queue depth from the broker, active tenants from the audit log, POCs
created per tenant, the database pool, search latency per backend, and Reflex's trace points through the bridge."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.factories import new_poc
from tests.personas import create_tenant

ROOT = Path(__file__).resolve().parents[2]


def _samples(client) -> dict[str, list]:
    from tests.integration.test_api_manners import client_at

    text = client_at(client, "127.0.0.1").get("/metrics").text
    return {f.name: f.samples for f in text_string_to_metric_families(text)}


def _value(samples: list, name: str, **labels: str) -> float:
    return sum(s.value for s in samples if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()))


def test_queue_depth_comes_from_the_broker(profile):
    from kombu import Connection

    from poc_tracker.metrics_export import queue_lengths
    from poc_tracker.services.broker import send_task
    from poc_tracker.settings import get_settings

    with Connection(get_settings().celery_broker) as conn:
        conn.SimpleQueue("reports").queue.purge()
        before = queue_lengths()["reports"]
        for _ in range(3):
            send_task("poc_tracker.outbox.deliver", queue="reports", consumer="audit")
        assert queue_lengths()["reports"] == before + 3
        conn.SimpleQueue("reports").queue.purge()
    assert queue_lengths()["reports"] == 0


def test_business_metrics_follow_what_tenants_do(client):
    from poc_tracker.metrics_export import _active_tenants_at
    from poc_tracker.services.outbox import deliver_all
    from poc_tracker.settings import get_settings

    owner = create_tenant(client, "metrificada")
    before = _value(
        _samples(client)["poc_tracker_pocs_created"], "poc_tracker_pocs_created_total", tenant=owner.tenant_id
    )
    new_poc(client, owner, "Primeira")
    new_poc(client, owner, "Segunda")
    assert client.get("/api/v1/search/pocs?q=primeira", headers=owner.headers).status_code == 200
    deliver_all("audit")
    _active_tenants_at.cache_clear()
    families = _samples(client)
    created = _value(families["poc_tracker_pocs_created"], "poc_tracker_pocs_created_total", tenant=owner.tenant_id)
    assert created == before + 2
    assert families["poc_tracker_active_tenants"][0].value >= 1
    searches = families["poc_tracker_search_seconds"]
    backend = get_settings().search_kind
    assert _value(searches, "poc_tracker_search_seconds_count", operation="query", backend=backend) >= 1
    assert _value(families["poc_tracker_tenant_requests"], "poc_tracker_tenant_requests_total", tenant=owner.tenant_id)
    capacity = families["poc_tracker_db_pool_capacity"][0].value
    assert capacity >= 1 and families["poc_tracker_db_pool_connections_in_use"][0].value <= capacity


def test_reflex_trace_points_feed_the_prometheus_metrics():
    """Reflex's own instruments (created by its enable()) write our metrics through the bridge."""
    code = """
from reflex_base import otel
from prometheus_client import generate_latest
from poc_tracker.metrics_bridge import PrometheusMeterProvider
otel.enable(meter_provider=PrometheusMeterProvider())
otel.record_connection(1); otel.record_connection(1); otel.record_connection(-1)
otel._event_duration.record(0.3, {"reflex.event.name": "pocliststate.load_pocs", "reflex.event.background": False})
otel._event_duration.record(0.1, {"reflex.event.name": "pocliststate.load_pocs", "error.type": "ValueError"})
print(generate_latest().decode())
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    families = {f.name: f.samples for f in text_string_to_metric_families(out.stdout)}
    assert (
        _value(families["poc_tracker_websocket_connections"], "poc_tracker_websocket_connections", kind="reflex") == 1
    )
    events = families["poc_tracker_reflex_event_seconds"]
    count = "poc_tracker_reflex_event_seconds_count"
    assert _value(events, count, event="pocliststate.load_pocs", error="") == 1
    assert _value(events, count, event="pocliststate.load_pocs", error="ValueError") == 1
