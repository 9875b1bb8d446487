"""One trace from an HTTP request through its SQL to the Celery task it triggers, in a real worker process.

The web side records into the in-memory exporter; the worker (started with a 0 % sampling ratio, so only the
parent's decision can keep its spans) sends its spans through the real OTLP/HTTP exporter to a receiver on
loopback. No span carries an e-mail, a token or an SQL parameter.
"""

from __future__ import annotations

import json

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_ON
from opentelemetry.trace import SpanKind

from tests.otlp_receiver import otlp_receiver
from tests.personas import add_member, create_tenant
from tests.search_support import start_worker, stop_worker

pytestmark = pytest.mark.worker


class Collecting(InMemorySpanExporter):
    """Keeps spans only while a test listens (the provider outlives the test in this process)."""

    listening = False

    def export(self, spans):
        return super().export(spans) if self.listening else None


EXPORTER = Collecting()


@pytest.fixture
def traced(profile):
    """Tracing on in this process (in-memory, every trace kept), the profile's engine included."""
    from poc_tracker.db import get_engine
    from poc_tracker.tracing import instrument_engine, setup_tracing

    setup_tracing("web", exporter=EXPORTER, sampler=ALWAYS_ON)
    instrument_engine(get_engine())
    EXPORTER.clear()
    EXPORTER.listening = True
    yield EXPORTER
    EXPORTER.listening = False
    EXPORTER.clear()


def _text(span: dict) -> str:
    return json.dumps([span["name"], span["attributes"], span["events"]], default=str)


def test_one_trace_runs_from_the_request_through_sql_into_the_worker_task(profile, traced):
    from fastapi.testclient import TestClient

    from poc_tracker.api import create_api

    client = TestClient(create_api())
    owner = create_tenant(client, "rastreada")
    with otlp_receiver() as receiver:
        worker = start_worker(
            profile,
            "default",
            env={
                "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url,
                "OTEL_BSP_SCHEDULE_DELAY": "100",
                "POC_TRACKER_TRACE_SAMPLE_RATIO": "0",
            },
        )
        try:
            traced.clear()
            member = add_member(client, owner, "convidada", "member")  # invitation + sign-up: e-mails in bodies
            web = [s for s in traced.get_finished_spans() if s.kind == SpanKind.SERVER]
            invite = next(s for s in web if s.attributes.get("http.route") == "/api/v1/users/invitations")
            trace_id = format(invite.context.trace_id, "032x")
            spans = traced.get_finished_spans()
            ours = [s for s in spans if s.context.trace_id == invite.context.trace_id]
            sql = [s for s in ours if s.attributes.get("db.system") in ("postgresql", "sqlite")]
            publishes = {
                format(s.context.span_id, "016x"): s.attributes["celery.task_name"]
                for s in ours
                if s.kind == SpanKind.PRODUCER
            }
            assert "poc_tracker.outbox.deliver" in publishes.values()
            assert sql and all(s.attributes.get("tenant.id") == owner.tenant_id for s in sql)
            assert invite.attributes.get("tenant.id") == owner.tenant_id

            def delivered(spans: list[dict]) -> list[dict]:
                return [
                    s
                    for s in spans
                    if s["trace_id"] == trace_id
                    and s["name"] == "run/poc_tracker.outbox.deliver"
                    and s["parent_id"] in publishes
                ]

            task = delivered(receiver.wait_for(lambda ss: bool(delivered(ss))))[0]
            assert publishes[task["parent_id"]] == "poc_tracker.outbox.deliver"
            assert task["attributes"]["celery.task_name"] == "poc_tracker.outbox.deliver"
            assert task["resource"]["service.name"] == "poc-tracker-worker"
            task_sql = receiver.wait_for(lambda ss: any(s["parent_id"] == task["span_id"] for s in ss))
            assert any(s["parent_id"] == task["span_id"] and "db.system" in str(s["attributes"]) for s in task_sql)
        finally:
            stop_worker(worker)
    everything = [_text(json.loads(s.to_json())) for s in traced.get_finished_spans()]
    everything += [_text(s) for s in receiver.spans]
    for secret in (owner.email, member.email, member.access_token, owner.access_token, "senha-forte-123"):
        assert not any(secret in text for text in everything), secret


def test_a_log_line_inside_a_span_carries_its_trace_id(traced):
    import logging

    from poc_tracker.logs import _ContextFilter, clear_context
    from poc_tracker.telemetry import span

    clear_context()
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "x", None, None)
    with span("probe") as current:
        _ContextFilter().filter(record)
        assert record.traceId == format(current.get_span_context().trace_id, "032x")
