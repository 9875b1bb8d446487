"""Prometheus metrics at /metrics: request counts and latencies by route template."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

REQUESTS = Counter("poc_tracker_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("poc_tracker_http_request_seconds", "HTTP request latency", ["method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))

router = APIRouter(tags=["health"])


def observe(method: str, route: str, status: int, seconds: float) -> None:
    """Record one request."""
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """Metrics in the Prometheus text format."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
