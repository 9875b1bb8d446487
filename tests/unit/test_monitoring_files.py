"""Alert rules pass promtool (syntax and unit tests); dashboards and alerts use only metrics the app exports."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

from prometheus_client.metrics import MetricWrapperBase

from poc_tracker import metrics

ROOT = Path(__file__).resolve().parents[2]
PROM = ROOT / "infra" / "prometheus"
GRAFANA = ROOT / "infra" / "grafana"
SCRAPE_TIME = {"poc_tracker_celery_queue_length", "poc_tracker_active_tenants", "poc_tracker_disk_free_ratio"}
PROMETHEUS_OWN = {"up", "ALERTS"}


def exported() -> set[str]:
    """Every series name the app's metrics produce."""
    names = set(SCRAPE_TIME)
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            base = value._name
            suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"], "gauge": [""]}
            names.update(base + s for s in suffixes[value._type])
    return names


def metric_names(expr: str) -> set[str]:
    """Series names in a PromQL expression (not functions, labels or recording rules)."""
    return {n for n in re.findall(r"(?<![:\w\"$])(poc_tracker_[a-z0-9_]+|up|ALERTS)\b(?!:)", expr)}


def promtool() -> str:
    path = shutil.which("promtool")
    assert path, "promtool is missing: scripts/test.sh installs Debian's prometheus package"
    return path


def test_alert_rules_pass_promtool_check_and_their_unit_tests():
    check = subprocess.run([promtool(), "check", "rules", "alerts.yml"], cwd=PROM, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    tested = subprocess.run([promtool(), "test", "rules", "alerts_test.yml"], cwd=PROM, capture_output=True, text=True)
    assert tested.returncode == 0 and "SUCCESS" in tested.stdout, tested.stdout + tested.stderr
    config = subprocess.run(
        [promtool(), "check", "config", "--syntax-only", "prometheus.yml"], cwd=PROM, capture_output=True, text=True
    )
    assert config.returncode == 0, config.stdout + config.stderr


def test_the_alerts_of_the_architecture_document_exist_on_exported_metrics():
    import yaml

    groups = yaml.safe_load((PROM / "alerts.yml").read_text())["groups"]
    rules = [r for g in groups for r in g["rules"]]
    alerts = {r["alert"] for r in rules if "alert" in r}
    assert {"ServiceDown", "HighErrorRate", "SlowResponses", "QueueBacklog", "VideoGenerationFailing"} <= alerts
    assert "LowDiskSpace" in alerts
    for rule in rules:
        assert metric_names(rule["expr"]) <= exported() | PROMETHEUS_OWN, rule


def _build_module():
    spec = importlib.util.spec_from_file_location("grafana_build", GRAFANA / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dashboards_parse_match_their_script_and_use_only_exported_metrics():
    files = sorted((GRAFANA / "dashboards").glob("*.json"))
    assert [f.stem for f in files] == ["executive", "operations", "performance", "tenant"]
    assert {f.name: f.read_text() for f in files} == _build_module().rendered(), "run python infra/grafana/build.py"
    recorded = {"route:poc_tracker_http_request_seconds:p95_5m"}
    for f in files:
        board = json.loads(f.read_text())
        assert board["uid"] and board["panels"]
        for p in board["panels"]:
            assert p["targets"], p["title"]
            for target in p["targets"]:
                expr = target["expr"]
                assert metric_names(expr) <= exported() | PROMETHEUS_OWN, (f.name, p["title"], expr)
                assert metric_names(expr) or any(r in expr for r in recorded), expr
