"""Write the Grafana dashboards (operations, performance, tenant, executive) as JSON: `python infra/grafana/build.py`.

The JSON files beside this script are what Grafana provisions (see provisioning/); a test checks they match
this script's output, parse, and reference only metrics POC Tracker exports.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent / "dashboards"
DS = {"type": "prometheus", "uid": "${datasource}"}


def panel(title: str, exprs: list[tuple[str, str]], *, kind: str = "timeseries", unit: str = "short") -> dict:
    """One panel of PromQL queries (legend, expression)."""
    return {
        "type": kind,
        "title": title,
        "datasource": DS,
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}} if kind == "timeseries" else {},
        "targets": [
            {"refId": chr(65 + i), "expr": expr, "legendFormat": legend, "datasource": DS}
            for i, (legend, expr) in enumerate(exprs)
        ],
    }


def dashboard(uid: str, title: str, panels: list[dict], *, tenant: bool = False) -> dict:
    """A dashboard of panels laid out two per row."""
    for i, p in enumerate(panels):
        p["id"] = i + 1
        p["gridPos"] = {"h": 8, "w": 12, "x": (i % 2) * 12, "y": (i // 2) * 8}
    variables = [
        {"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Prometheus"},
    ]
    if tenant:
        variables.append(
            {
                "name": "tenant",
                "type": "query",
                "datasource": DS,
                "query": "label_values(poc_tracker_tenant_requests_total, tenant)",
                "refresh": 2,
                "label": "Tenant",
            }
        )
    return {
        "uid": uid,
        "title": title,
        "tags": ["poc-tracker"],
        "timezone": "America/Sao_Paulo",
        "schemaVersion": 39,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": variables},
        "panels": panels,
    }


RATE_5XX = 'sum(rate(poc_tracker_http_requests_total{status=~"5.."}[5m]))'
RATE_ALL = "sum(rate(poc_tracker_http_requests_total[5m]))"
P95 = "histogram_quantile(0.95, sum by (le) (rate(poc_tracker_http_request_seconds_bucket[5m])))"

OPERATIONS = dashboard(
    "poc-tracker-operations",
    "POC Tracker · Operations",
    [
        panel("Processes up", [("{{instance}}", 'up{job=~"poc-tracker-.*"}')], kind="stat"),
        panel("Firing alerts", [("{{alertname}}", 'ALERTS{alertstate="firing"}')], kind="table"),
        panel("Error rate", [("5xx share", f"{RATE_5XX} / {RATE_ALL}")], unit="percentunit"),
        panel("Queue depth", [("{{queue}}", "max by (queue) (poc_tracker_celery_queue_length)")]),
        panel(
            "Celery tasks",
            [("{{task}} {{outcome}}", "sum by (task, outcome) (rate(poc_tracker_celery_tasks_total[5m]))")],
            unit="ops",
        ),
        panel(
            "Database pool in use",
            [
                ("in use", "sum(poc_tracker_db_pool_connections_in_use)"),
                ("capacity", "sum(poc_tracker_db_pool_capacity)"),
            ],
        ),
        panel(
            "Open websockets",
            [("{{kind}}", "sum by (kind) (poc_tracker_websocket_connections)")],
        ),
        panel("Free disk (data volume)", [("{{instance}}", "poc_tracker_disk_free_ratio")], unit="percentunit"),
        panel(
            "Jobs by kind and outcome (1 h)",
            [("{{kind}} {{outcome}}", "sum by (kind, outcome) (increase(poc_tracker_jobs_total[1h]))")],
        ),
        panel(
            "Dojo rooms and participants",
            [("rooms", "sum(poc_tracker_dojo_rooms_open)"), ("participants", "sum(poc_tracker_dojo_participants)")],
        ),
    ],
)

PERFORMANCE = dashboard(
    "poc-tracker-performance",
    "POC Tracker · Performance",
    [
        panel(
            "Requests per second by route",
            [("{{route}}", "sum by (route) (rate(poc_tracker_http_requests_total[5m]))")],
            unit="reqps",
        ),
        panel("p95 latency by route", [("{{route}}", "route:poc_tracker_http_request_seconds:p95_5m")], unit="s"),
        panel("p95 latency, all routes", [("p95", P95)], unit="s"),
        panel(
            "Errors by route",
            [
                (
                    "{{route}} {{status}}",
                    'sum by (route, status) (rate(poc_tracker_http_requests_total{status=~"5.."}[5m]))',
                )
            ],
            unit="reqps",
        ),
        panel(
            "Reflex events p95",
            [
                (
                    "{{event}}",
                    "histogram_quantile(0.95, sum by (le, event) (rate(poc_tracker_reflex_event_seconds_bucket[5m])))",
                )
            ],
            unit="s",
        ),
        panel(
            "Reflex events per second",
            [("{{event}}", "sum by (event) (rate(poc_tracker_reflex_event_seconds_count[5m]))")],
            unit="ops",
        ),
        panel(
            "Search p95 by backend",
            [
                (
                    "{{backend}} {{operation}}",
                    "histogram_quantile(0.95, sum by (le, backend, operation) "
                    "(rate(poc_tracker_search_seconds_bucket[5m])))",
                )
            ],
            unit="s",
        ),
        panel(
            "Task duration p95",
            [
                (
                    "{{task}}",
                    "histogram_quantile(0.95, sum by (le, task) (rate(poc_tracker_celery_task_seconds_bucket[5m])))",
                )
            ],
            unit="s",
        ),
        panel(
            "Report and video rendering p95",
            [
                (
                    "{{kind}} {{format}}",
                    "histogram_quantile(0.95, sum by (le, kind, format) "
                    "(rate(poc_tracker_render_seconds_bucket[30m])))",
                )
            ],
            unit="s",
        ),
        panel(
            "Job duration p95",
            [("{{kind}}", "histogram_quantile(0.95, sum by (le, kind) (rate(poc_tracker_job_seconds_bucket[30m])))")],
            unit="s",
        ),
        panel(
            "State wait p95 (Reflex)",
            [
                (
                    "p95",
                    "histogram_quantile(0.95, sum by (le) (rate(poc_tracker_reflex_state_acquire_seconds_bucket[5m])))",
                )
            ],
            unit="s",
        ),
    ],
)

TENANT = dashboard(
    "poc-tracker-tenant",
    "POC Tracker · Tenant",
    [
        panel(
            "API requests",
            [("requests/s", 'sum(rate(poc_tracker_tenant_requests_total{tenant="$tenant"}[5m]))')],
            unit="reqps",
        ),
        panel(
            "POCs created (24 h)",
            [("POCs", 'sum(increase(poc_tracker_pocs_created_total{tenant="$tenant"}[24h]))')],
            kind="stat",
        ),
        panel(
            "Dojo minutes (24 h)",
            [("minutes", 'sum(increase(poc_tracker_dojo_minutes_total{tenant="$tenant"}[24h]))')],
            kind="stat",
        ),
        panel(
            "Top tenants by requests",
            [("{{tenant}}", "topk(10, sum by (tenant) (rate(poc_tracker_tenant_requests_total[1h])))")],
            kind="table",
        ),
    ],
    tenant=True,
)

EXECUTIVE = dashboard(
    "poc-tracker-executive",
    "POC Tracker · Executive",
    [
        panel("Active tenants (24 h)", [("tenants", "max(poc_tracker_active_tenants)")], kind="stat"),
        panel("POCs created (7 days)", [("POCs", "sum(increase(poc_tracker_pocs_created_total[7d]))")], kind="stat"),
        panel("Dojo minutes (7 days)", [("minutes", "sum(increase(poc_tracker_dojo_minutes_total[7d]))")], kind="stat"),
        panel(
            "Availability (30 days, share of non-5xx)",
            [
                (
                    "availability",
                    'sum(increase(poc_tracker_http_requests_total{status!~"5.."}[30d])) '
                    "/ sum(increase(poc_tracker_http_requests_total[30d]))",
                )
            ],
            kind="stat",
            unit="percentunit",
        ),
        panel("POCs created per day", [("POCs", "sum(increase(poc_tracker_pocs_created_total[1d]))")]),
        panel(
            "Videos and reports delivered (7 days)",
            [("{{kind}}", 'sum by (kind) (increase(poc_tracker_jobs_total{outcome="done"}[7d]))')],
            kind="stat",
        ),
        panel("Live Dojo participants", [("participants", "sum(poc_tracker_dojo_participants)")]),
        panel("p95 latency", [("p95", P95)], unit="s"),
    ],
)

DASHBOARDS = {"operations": OPERATIONS, "performance": PERFORMANCE, "tenant": TENANT, "executive": EXECUTIVE}


def rendered() -> dict[str, str]:
    """File name → JSON text of every dashboard."""
    return {f"{name}.json": json.dumps(d, indent=2, ensure_ascii=False) + "\n" for name, d in DASHBOARDS.items()}


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for name, text in rendered().items():
        (HERE / name).write_text(text)
