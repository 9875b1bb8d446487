"""A tiny OpenTelemetry meter provider that feeds Reflex's own trace points into our Prometheus metrics.

Reflex records event durations, state waits and socket connections through an OpenTelemetry meter; this
provider answers its ``create_histogram``/``create_up_down_counter`` calls with instruments that write the
Prometheus metrics of ``poc_tracker.metrics`` (multiprocess-safe), so no OpenTelemetry metrics SDK runs.
"""

from __future__ import annotations

from collections.abc import Mapping

from poc_tracker import metrics

EVENT_DURATION = "reflex.event.duration"
STATE_ACQUIRE = "reflex.state.acquire.duration"
CONNECTIONS = "reflex.websocket.connections"


class _EventDuration:
    def record(self, amount: float, attributes: Mapping[str, object] | None = None, *_: object) -> None:
        attrs = attributes or {}
        event = str(attrs.get("reflex.event.name", "unknown"))
        metrics.REFLEX_EVENT_SECONDS.labels(event, str(attrs.get("error.type", ""))).observe(amount)


class _StateAcquire:
    def record(self, amount: float, *_: object, **__: object) -> None:
        metrics.REFLEX_STATE_SECONDS.observe(amount)


class _Connections:
    def add(self, amount: float, *_: object, **__: object) -> None:
        metrics.WEBSOCKETS.labels("reflex").inc(amount)


class _Ignored:
    def record(self, *_: object, **__: object) -> None:
        """Message sizes are not kept."""

    def add(self, *_: object, **__: object) -> None:
        """Nothing else is kept."""


class _Meter:
    def create_histogram(self, name: str, *_: object, **__: object) -> object:
        return {EVENT_DURATION: _EventDuration(), STATE_ACQUIRE: _StateAcquire()}.get(name, _Ignored())

    def create_up_down_counter(self, name: str, *_: object, **__: object) -> object:
        return _Connections() if name == CONNECTIONS else _Ignored()

    def __getattr__(self, _name: str) -> object:  # any other instrument kind: ignored
        return lambda *_a, **_k: _Ignored()


class PrometheusMeterProvider:
    """Hands Reflex a meter whose instruments are Prometheus metrics."""

    def get_meter(self, *_: object, **__: object) -> _Meter:
        return _Meter()
