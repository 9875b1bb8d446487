"""Spans leave the process without e-mails, tokens, query strings, SQL literals or Redis arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from poc_tracker.trace_scrub import ScrubbingExporter
from tests.unit.test_monitoring_files import metric_names

ROOT = Path(__file__).resolve().parents[2]
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"


def test_a_span_is_scrubbed_before_export():
    memory = InMemorySpanExporter()
    provider = TracerProvider()  # a private provider: the global one is left alone
    provider.add_span_processor(SimpleSpanProcessor(ScrubbingExporter(memory)))
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("GET /api/v1/ws/dojos/1?token=" + JWT) as span:
        span.set_attribute("url.full", f"http://h/api/v1/ws/dojos/1?token={JWT}")
        span.set_attribute("http.target", "/api/v1/pocs/search?q=ana@example.com")
        span.set_attribute("db.statement", "SELECT * FROM users WHERE email = 'ana@example.com' AND id = %(id)s")
        span.set_attribute("http.request.header.authorization", "Bearer " + JWT)
        span.set_attribute("note", "sent to ana@example.com with Bearer abc.def")
        span.record_exception(ValueError("duplicate key (email)=(ana@example.com) [parameters: ('ana', 'x')]"))
    with tracer.start_as_current_span("SET") as span:
        span.set_attribute("db.system", "redis")
        span.set_attribute("db.statement", "SET session:abc secret-value")
    text = repr(
        [(s.name, dict(s.attributes), [dict(e.attributes) for e in s.events]) for s in memory.get_finished_spans()]
    )
    for secret in ("ana@example.com", JWT, "secret-value", "session:abc", "'ana'", "abc.def"):
        assert secret not in text, secret
    first, second = memory.get_finished_spans()
    assert first.attributes["db.statement"] == "SELECT * FROM users WHERE email = '?' AND id = %(id)s"
    assert "authorization" not in "".join(first.attributes)
    assert second.attributes["db.statement"] == "SET"


def test_tracing_is_off_unless_an_endpoint_is_configured_and_samples_a_tenth_by_default():
    code = (
        "from poc_tracker.tracing import setup_tracing, _state\n"
        "import os\n"
        "on = setup_tracing('probe')\n"
        "print(on, _state['provider'].sampler.get_description() if on else '-')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    off = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert off.stdout.strip() == "False -", off.stderr
    env["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9"
    on = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert on.stdout.strip().startswith("True ParentBased{root:TraceIdRatioBased{0.1}"), on.stdout + on.stderr


def test_metric_names_are_found_in_promql():
    assert metric_names('rate(poc_tracker_fake_total{a="$tenant"}[5m]) / up') == {"poc_tracker_fake_total", "up"}
    assert metric_names("route:poc_tracker_http_request_seconds:p95_5m") == set()
