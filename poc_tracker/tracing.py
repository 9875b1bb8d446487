"""OpenTelemetry set-up per process: off unless an OTLP endpoint is configured (the standard ``OTEL_*`` variables).

One tracer provider per process (a Celery child builds its own after the fork), a ratio sampler that follows
the parent's decision (``POC_TRACKER_TRACE_SAMPLE_RATIO``, 10 % by default), every span stamped with the
tenant of the request or task and scrubbed before export (``trace_scrub``).
"""

from __future__ import annotations

import logging
import os
import weakref

from opentelemetry import trace
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, Sampler, TraceIdRatioBased

from poc_tracker.logs import context_value
from poc_tracker.settings import get_settings
from poc_tracker.trace_scrub import ScrubbingExporter

log = logging.getLogger(__name__)
NOT_TRACED = "/healthz,/readyz,/metrics,/ping,/_next/.*,/api/v1/_swagger/.*"
_state: dict[str, object] = {}
_engines: weakref.WeakSet = weakref.WeakSet()


def tracing_configured() -> bool:
    """Whether the environment asks for traces: an OTLP endpoint, and the SDK and exporter not turned off."""
    env = os.environ
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    if env.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() == "none":
        return False
    return bool(env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))


class TenantStamp(SpanProcessor):
    """Puts the tenant of the current request or task (from the log context) on every span it starts."""

    def on_start(self, span, parent_context=None) -> None:  # noqa: ANN001 - the SDK's signature
        tenant = context_value("tenant_id")
        if tenant:
            span.set_attribute("tenant.id", tenant)


def _sampler() -> Sampler | None:
    if os.environ.get("OTEL_TRACES_SAMPLER"):
        return None  # the SDK reads the standard variables
    return ParentBased(TraceIdRatioBased(get_settings().trace_sample_ratio))


def setup_tracing(service: str, *, exporter: SpanExporter | None = None, sampler: Sampler | None = None) -> bool:
    """Install this process's tracer provider and instrumentations once; False when tracing is off.

    ``exporter`` replaces the OTLP exporter (tests pass an in-memory one, exported at once).
    """
    if _state.get("pid") == os.getpid():
        return True
    if exporter is None and not tracing_configured():
        return False
    from opentelemetry.sdk.resources import Resource

    resource = Resource.create(
        {
            "service.name": os.environ.get("OTEL_SERVICE_NAME") or f"poc-tracker-{service}",
            "service.namespace": "poc-tracker",
            "deployment.environment.name": get_settings().env,
            "process.pid": os.getpid(),
        }
    )
    provider = TracerProvider(resource=resource, sampler=sampler or _sampler())
    provider.add_span_processor(TenantStamp())
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(ScrubbingExporter(OTLPSpanExporter())))
    else:
        provider.add_span_processor(SimpleSpanProcessor(ScrubbingExporter(exporter)))
    trace.set_tracer_provider(provider)
    _state.update(pid=os.getpid(), provider=provider)
    _instrument_libraries()
    log.info("tracing on", extra={"event": "tracing_on", "details": {"service": service}})
    return True


def _instrument_libraries() -> None:
    """Redis, httpx and Celery are patched globally (once); FastAPI apps and engines one by one."""
    from celery import signals
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    for instrumentor in (RedisInstrumentor(), HTTPXClientInstrumentor()):
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument()
    celery = CeleryInstrumentor()
    if not celery.is_instrumented_by_opentelemetry:
        celery.instrument()
        # Its publish hooks find no task object for send_task by name (the web's client app registers none) and
        # then leave the publish span open and attached: broker.send_task makes its own producer span instead.
        signals.before_task_publish.disconnect(celery._trace_before_publish)
        signals.after_task_publish.disconnect(celery._trace_after_publish)


def tracing_on() -> bool:
    """Whether this process traces."""
    return _state.get("pid") == os.getpid()


def instrument_api(app: object) -> None:
    """Trace a FastAPI app's requests (health, metrics and static files excepted)."""
    if not tracing_on():
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(app, excluded_urls=NOT_TRACED, exclude_spans=["receive", "send"])


def instrument_engine(engine: object) -> None:
    """Trace an engine's statements (placeholders only: parameters are never recorded)."""
    if not tracing_on() or engine in _engines:
        return
    from opentelemetry import metrics
    from opentelemetry.instrumentation.sqlalchemy import __name__ as scope
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

    usage = metrics.get_meter(scope).create_up_down_counter("db.client.connections.usage")
    EngineTracer(trace.get_tracer(scope), engine, usage, enable_commenter=False)
    _engines.add(engine)


def shutdown_tracing() -> None:
    """Flush and stop this process's exporter (a worker child exits with os._exit, skipping atexit)."""
    provider = _state.get("provider")
    if isinstance(provider, TracerProvider) and tracing_on():
        provider.force_flush(5000)
        provider.shutdown()
        _state.pop("pid", None)
