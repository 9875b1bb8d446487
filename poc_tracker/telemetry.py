"""Custom spans and timings for business work (search, Dojo rooms, report and video rendering): one helper each."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.trace import Span, Status, StatusCode

from poc_tracker import metrics

_tracer = trace.get_tracer("poc_tracker")
AttrValue = str | bool | int | float


def _attributes(attrs: dict[str, object]) -> dict[str, AttrValue]:
    """Keep the attributes a span may carry: scalars, ``tenant_id`` spelled ``tenant.id``; ids as strings."""
    out: dict[str, AttrValue] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        name = "tenant.id" if key == "tenant_id" else key.replace("__", ".")
        out[name] = value if isinstance(value, (str, bool, int, float)) else str(value)
    return out


@contextmanager
def span(name: str, **attrs: object) -> Iterator[Span]:
    """A span around a piece of work (a no-op when tracing is off); ``a__b=1`` sets attribute ``a.b``.

    Attributes are for ids, kinds and counts: never an e-mail, a token or user text (the exporter scrubs what
    slips through, but do not rely on it).
    """
    with _tracer.start_as_current_span(name, attributes=_attributes(attrs)) as current:
        yield current


def tag_actor(*, tenant_id: object, user_id: object | None = None) -> None:
    """Mark the current span (the request's or the task's) with who it serves."""
    current = trace.get_current_span()
    current.set_attribute("tenant.id", str(tenant_id))
    if user_id is not None:
        current.set_attribute("enduser.id", str(user_id))


@contextmanager
def rendering(kind: str, fmt: str, **attrs: object) -> Iterator[Span]:
    """Render a report or a video: a ``<kind>.render`` span, its duration and its outcome in the metrics.

    ``kind`` is ``report`` or ``video`` (or another fixed word), ``fmt`` the output format (pdf, xlsx, mp4…):
    both become metric labels, so keep them to a fixed set. A failure is counted and re-raised.
    """
    started = time.perf_counter()
    outcome = "failed"
    with span(f"{kind}.render", render__kind=kind, render__format=fmt, **attrs) as current:
        try:
            yield current
            outcome = "done"
        except BaseException as exc:
            current.set_status(Status(StatusCode.ERROR, type(exc).__name__))
            raise
        finally:
            metrics.RENDER_SECONDS.labels(kind, fmt).observe(time.perf_counter() - started)
            metrics.RENDERS.labels(kind, fmt, outcome).inc()


@contextmanager
def searching(backend: str, operation: str, **attrs: object) -> Iterator[Span]:
    """One search-backend call: a ``search.<operation>`` span and its latency per backend."""
    started = time.perf_counter()
    try:
        with span(f"search.{operation}", search__backend=backend, **attrs) as current:
            yield current
    finally:
        metrics.SEARCH_SECONDS.labels(backend, operation).observe(time.perf_counter() - started)
