"""What never leaves the process in a span: e-mails, tokens, query strings, SQL literals, Redis arguments."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]+")
JWT = re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]+")
SQL_STRING = re.compile(r"'(?:[^']|'')*'")
SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s|$)", re.DOTALL)
SECRET_KEYS = re.compile(r"(?i)(token|password|secret|authorization|cookie|api[_-]?key|signature)")
URL_KEYS = ("http.url", "url.full", "http.target", "url.query")
STATEMENT_KEYS = ("db.statement", "db.query.text")
REDACTED = "[redacted]"


def _strip_query(value: str) -> str:
    """A URL or target without its query string (tokens, presigned signatures and search terms live there)."""
    if "?" not in value:
        return value
    return value.split("?", 1)[0] + "?" + REDACTED


def scrub_text(value: str) -> str:
    """Free text (exception messages, statements) without e-mails, bearer tokens, JWTs or SQL parameters."""
    value = SQL_PARAMETERS.sub("[parameters: " + REDACTED + "]", value)
    value = BEARER.sub(REDACTED, value)
    value = JWT.sub(REDACTED, value)
    return EMAIL.sub("[email]", value)


def _scrub_value(key: str, value: object, system: str) -> object:
    if isinstance(value, (list, tuple)):
        return [_scrub_value(key, v, system) for v in value]
    if not isinstance(value, str):
        return value
    if key in URL_KEYS:
        return REDACTED if key == "url.query" else scrub_text(_strip_query(value))
    if key in STATEMENT_KEYS:
        if system == "redis":
            return value.split(" ", 1)[0]  # the command only, never keys or values
        return scrub_text(SQL_STRING.sub("'?'", value))
    return scrub_text(value)


def scrub_attributes(attrs: Mapping[str, object] | None) -> dict[str, object]:
    """Attributes fit to export: secret-named keys dropped, the rest scrubbed."""
    attrs = attrs or {}
    system = str(attrs.get("db.system", attrs.get("db.system.name", "")))
    return {
        k: _scrub_value(k, v, system)
        for k, v in attrs.items()
        if not (SECRET_KEYS.search(k) and k not in ("http.request.header.content-type",))
    }


def scrub_span(span: ReadableSpan) -> ReadableSpan:
    """A copy of a finished span with its attributes and events scrubbed."""
    events: Sequence[Event] = [
        Event(e.name, scrub_attributes(e.attributes), e.timestamp)  # type: ignore[arg-type]
        for e in span.events
    ]
    status = span.status
    if status.description:
        from opentelemetry.trace import Status

        status = Status(status.status_code, scrub_text(status.description))
    return ReadableSpan(
        name=scrub_text(_strip_query(span.name)),
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=scrub_attributes(span.attributes),  # type: ignore[arg-type]
        events=events,
        links=span.links,
        kind=span.kind,
        status=status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


class ScrubbingExporter(SpanExporter):
    """Scrubs every span, then hands it to the real exporter (OTLP, or the in-memory one of the tests)."""

    def __init__(self, inner: SpanExporter) -> None:
        self.inner = inner

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self.inner.export([scrub_span(s) for s in spans])

    def shutdown(self) -> None:
        self.inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.inner.force_flush(timeout_millis)
