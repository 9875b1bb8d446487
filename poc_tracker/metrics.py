"""Prometheus metrics of every process (web, worker), shared through ``PROMETHEUS_MULTIPROC_DIR`` when set.

Labels are bounded: route templates (never raw paths), event and task names from the code, fixed kinds and
outcomes. ``tenant`` appears only on the business counters, where the number of customers bounds it.
Gauges that live in a process (connections, rooms) use the ``livesum`` mode: a dead process stops counting.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10)
LONG_SECONDS = (0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)

# HTTP (the API and the pages; route is the matched template).
HTTP_REQUESTS = Counter("poc_tracker_http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_SECONDS = Histogram(
    "poc_tracker_http_request_seconds", "HTTP request latency", ["method", "route"], buckets=SECONDS
)
TENANT_REQUESTS = Counter("poc_tracker_tenant_requests_total", "Signed-in API requests per tenant", ["tenant"])

# Reflex (fed by Reflex's own trace points through poc_tracker.tracing's meter).
REFLEX_EVENT_SECONDS = Histogram(
    "poc_tracker_reflex_event_seconds",
    "Reflex event handler duration (its _count is the event count)",
    ["event", "error"],
    buckets=SECONDS,
)
REFLEX_STATE_SECONDS = Histogram(
    "poc_tracker_reflex_state_acquire_seconds", "Time a Reflex event waited for its state", buckets=SECONDS
)
WEBSOCKETS = Gauge(
    "poc_tracker_websocket_connections", "Open websocket connections", ["kind"], multiprocess_mode="livesum"
)

# Dojos.
DOJO_ROOMS = Gauge("poc_tracker_dojo_rooms_open", "Dojo rooms open in the web processes", multiprocess_mode="livesum")
DOJO_PARTICIPANTS = Gauge(
    "poc_tracker_dojo_participants", "Participants connected to Dojo rooms", multiprocess_mode="livesum"
)
DOJO_MINUTES = Counter("poc_tracker_dojo_minutes_total", "Participant-minutes spent in Dojos", ["tenant"])

# Background work.
TASKS = Counter("poc_tracker_celery_tasks_total", "Celery tasks run", ["task", "outcome"])
TASK_SECONDS = Histogram("poc_tracker_celery_task_seconds", "Celery task duration", ["task"], buckets=LONG_SECONDS)

# Jobs (reports, videos, exports: every long task runs through services/job_runner.run_job).
JOBS = Counter("poc_tracker_jobs_total", "Jobs run to an end", ["kind", "outcome"])
JOB_SECONDS = Histogram("poc_tracker_job_seconds", "Job duration, claim to end", ["kind"], buckets=LONG_SECONDS)

# Search, reports, videos.
SEARCH_SECONDS = Histogram(
    "poc_tracker_search_seconds", "Search backend latency", ["backend", "operation"], buckets=SECONDS
)
RENDER_SECONDS = Histogram(
    "poc_tracker_render_seconds", "Report and video rendering time", ["kind", "format"], buckets=LONG_SECONDS
)
RENDERS = Counter("poc_tracker_renders_total", "Reports and videos rendered", ["kind", "format", "outcome"])

# Database pool (per process, summed).
DB_POOL_IN_USE = Gauge(
    "poc_tracker_db_pool_connections_in_use", "Database connections checked out", multiprocess_mode="livesum"
)
DB_POOL_CAPACITY = Gauge(
    "poc_tracker_db_pool_capacity", "Database connections the pools may open", multiprocess_mode="livesum"
)

# Business.
POCS_CREATED = Counter("poc_tracker_pocs_created_total", "POCs created", ["tenant"])


ROUTER_PREFIXES = ("", "/api/v1")  # where routers are included; a template is one of these plus the route's path


def route_template(scope: dict) -> str:
    """The matched route's template with its router's prefix (``/api/v1/pocs/{poc_id}``), never the raw path.

    FastAPI keeps an included router's routes with their own path (``/pocs/{poc_id}``): the prefix is what
    the request path has before the part the route's pattern matches.
    """
    route = scope.get("route")
    template, pattern = getattr(route, "path", None), getattr(route, "path_regex", None)
    if template is None:
        return "unmatched"
    path = scope.get("path", "")
    for prefix in ROUTER_PREFIXES:
        if path.startswith(prefix) and (pattern is None or pattern.match(path[len(prefix) :])):
            return prefix + template
    return "unmatched"


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """Record one HTTP request."""
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_SECONDS.labels(method, route).observe(seconds)


def observe_job(kind: str, outcome: str, seconds: float) -> None:
    """Record one job run ("done", "failed"; "skipped" runs did no work and are counted only)."""
    JOBS.labels(kind, outcome).inc()
    if outcome != "skipped":
        JOB_SECONDS.labels(kind).observe(seconds)


def watch_pool(engine: object) -> None:
    """Count an engine's checked-out connections and capacity (SQLAlchemy pool events)."""
    from sqlalchemy import event

    pool = engine.pool  # type: ignore[attr-defined]
    size = getattr(pool, "size", lambda: 0)() + max(getattr(pool, "_max_overflow", 0), 0)
    DB_POOL_CAPACITY.inc(size)
    event.listen(pool, "checkout", lambda *_: DB_POOL_IN_USE.inc())
    event.listen(pool, "checkin", lambda *_: DB_POOL_IN_USE.dec())
