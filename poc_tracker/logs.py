"""Structured JSON logs carrying request id, tenant and user from context."""

from __future__ import annotations

import contextvars
import logging
import sys
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

_context: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("log_context", default=None)


def bind_context(**values: str) -> None:
    """Add fields (traceId, tenantId, userId…) to every log line of this request or task."""
    _context.set({**(_context.get() or {}), **values})


def clear_context() -> None:
    """Start a request or task with no fields."""
    _context.set({})


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        ctx = _context.get() or {}
        record.traceId = ctx.get("request_id", "")
        record.tenantId = ctx.get("tenant_id", "")
        record.userId = ctx.get("user_id", "")
        record.service = ctx.get("service", "poc-tracker")
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
    bind_context(service=service)
