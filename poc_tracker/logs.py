"""Structured JSON logs carrying the trace id (else the request id), tenant and user from context."""

from __future__ import annotations

import contextvars
import logging
import sys
from typing import TextIO

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter

_context: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("log_context", default=None)


_service = {"name": "poc-tracker"}


def bind_context(**values: str) -> None:
    """Add fields (request id, tenant, user…) to every log line and span of this request or task.

    The request's own dict (from ``clear_context``) is updated in place, so a field bound in a dependency that
    runs on a worker thread (a copy of the context) is seen by the handler and the middleware too.
    """
    current = _context.get()
    if current is None:
        _context.set(dict(values))
    else:
        current.update(values)


def clear_context() -> None:
    """Start a request or task with no fields (a dict of its own)."""
    _context.set({})


def context_value(key: str) -> str:
    """One field of the current request's or task's context ("" when unset)."""
    return (_context.get() or {}).get(key, "")


def current_trace_id() -> str:
    """The active span's trace id (also when the trace is not sampled), else the request or task id."""
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        return format(span_context.trace_id, "032x")
    return context_value("request_id")


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        ctx = _context.get() or {}
        record.traceId = current_trace_id()
        record.tenantId = ctx.get("tenant_id", "")
        record.userId = ctx.get("user_id", "")
        record.service = ctx.get("service", _service["name"])
        if not hasattr(record, "event"):
            record.event = record.getMessage()
        return True


def setup_logging(
    level: str = "INFO", *, json_logs: bool = True, service: str = "web", stream: TextIO | None = None
) -> None:
    """Send JSON lines to stderr (or ``stream``); idempotent."""
    root = logging.getLogger()
    if any(getattr(h, "_poc_tracker", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._poc_tracker = True  # type: ignore[attr-defined]
    handler.addFilter(_ContextFilter())
    if json_logs:
        handler.setFormatter(
            JsonFormatter(
                "{levelname}{service}{traceId}{tenantId}{userId}{event}{name}",
                style="{",
                timestamp=True,
                rename_fields={"levelname": "level", "name": "logger"},
                json_ensure_ascii=False,
            )
        )
    root.addHandler(handler)
    root.setLevel(level)
    _service["name"] = service
