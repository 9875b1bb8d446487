"""Deployment files: Terraform parses and holds the architecture's promises, Kubernetes and compose are whole,
the Dockerfile is multi-stage and non-root, and checkov finds nothing that is not skipped with a reason."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import hcl2
import yaml

ROOT = Path(__file__).resolve().parents[2]
TF = ROOT / "infra" / "terraform"
K8S = ROOT / "infra" / "k8s"


def _plain(value: object) -> object:
    """python-hcl2 8 keeps string literals quoted ('"sa-east-1"'): unquote them, recursively."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def terraform() -> dict[str, dict[str, dict]]:
    """Resource type → name → body, over every .tf file (each file parsed by python-hcl2)."""
    out: dict[str, dict[str, dict]] = {}
    for path in sorted(TF.glob("*.tf")):
        with path.open() as f:
            parsed = _plain(hcl2.load(f))
        for block in parsed.get("resource", []):
            for kind, named in block.items():
                for name, body in named.items():
                    out.setdefault(kind, {})[name] = body
    return out


def _one(body: dict, key: str) -> object:
    value = body[key]
    return value[0] if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict) else value


def test_terraform_is_formatted_and_parses():
    res = terraform()
    assert len(res) > 30
    if shutil.which("terraform"):  # on machines that have it; python-hcl2 above parses every file regardless
        fmt = subprocess.run(["terraform", "fmt", "-check", "-recursive"], cwd=TF, capture_output=True, text=True)
        assert fmt.returncode == 0, fmt.stdout


def test_terraform_deploys_the_architecture_over_three_zones():
    res = terraform()
    variables = (TF / "variables.tf").read_text()
    assert '"sa-east-1"' in variables and '["sa-east-1a", "sa-east-1b", "sa-east-1c"]' in variables
    assert res["aws_subnet"]["private"]["count"] == 3 and res["aws_nat_gateway"]["main"]["count"] == 3
    primary, replica = res["aws_db_instance"]["primary"], res["aws_db_instance"]["replica"]
    assert primary["multi_az"] is True and primary["backup_retention_period"] >= 7 and primary["storage_encrypted"]
    assert "aws_db_instance.primary.identifier" in replica["replicate_source_db"]
    redis = res["aws_elasticache_replication_group"]["main"]
    assert redis["automatic_failover_enabled"] and redis["multi_az_enabled"] and redis["num_cache_clusters"] >= 3
    cluster = _one(res["aws_opensearch_domain"]["main"], "cluster_config")
    assert cluster["dedicated_master_enabled"] and cluster["dedicated_master_count"] == 3
    assert _one(cluster, "zone_awareness_config")["availability_zone_count"] == 3
    assert {"web", "worker", "beat"} <= set(res["aws_ecs_service"])
    metrics = {
        _one(_one(p, "target_tracking_scaling_policy_configuration"), "predefined_metric_specification")[
            "predefined_metric_type"
        ]
        for p in res["aws_appautoscaling_policy"].values()
    }
    assert {"ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget"} <= metrics
    assert _one(res["aws_lb_listener"]["https"], "ssl_policy").startswith("ELBSecurityPolicy-TLS13")
    for kind in (
        "aws_cloudfront_distribution",
        "aws_secretsmanager_secret",
        "aws_kms_key",
        "aws_cloudwatch_metric_alarm",
    ):
        assert res[kind], kind


def test_the_files_bucket_follows_the_architecture_lifecycle():
    res = terraform()
    assert _one(res["aws_s3_bucket_versioning"]["files"], "versioning_configuration")["status"] == "Enabled"
    assert res["aws_s3_bucket_server_side_encryption_configuration"]["files"]
    rules = res["aws_s3_bucket_lifecycle_configuration"]["files"]["rule"]
    tiers = next(r for r in rules if r["id"] == "tier-tenant-files")
    steps = [(t["days"], t["storage_class"]) for t in tiers["transition"]]
    assert steps == [(30, "STANDARD_IA"), (90, "GLACIER"), (365, "DEEP_ARCHIVE")]
    assert _one(tiers, "noncurrent_version_expiration")["noncurrent_days"] == 90


def _k8s_build():
    spec = importlib.util.spec_from_file_location("k8s_build", K8S / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_kubernetes_base_matches_its_script_with_autoscaling_and_disruption_budgets():
    module = _k8s_build()
    written = {p.name: p.read_text() for p in (K8S / "base").glob("*.yaml")}
    assert written == module.rendered(), "run python infra/k8s/build.py"
    docs = [d for name, text in written.items() if name != "kustomization.yaml" for d in yaml.safe_load_all(text) if d]
    kinds: dict[str, set[str]] = {}
    for d in docs:
        kinds.setdefault(d["kind"], set()).add(d["metadata"]["name"])
    deployments = {n.removeprefix("poc-tracker-") for n in kinds["Deployment"]}
    assert deployments == {"web", "beat", "worker-default", "worker-index", "worker-reports", "worker-videos"}
    scaled = deployments - {"beat"}  # one beat, never two
    assert {n.removeprefix("poc-tracker-") for n in kinds["HorizontalPodAutoscaler"]} == scaled
    assert {n.removeprefix("poc-tracker-") for n in kinds["PodDisruptionBudget"]} == scaled
    kustomization = yaml.safe_load(written["kustomization.yaml"])
    assert set(kustomization["resources"]) == set(written) - {"kustomization.yaml"}


def test_the_image_is_multi_stage_non_root_with_a_health_check_and_compose_runs_the_production_profile():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", dockerfile, re.M)) >= 3
    assert re.search(r"^USER app$", dockerfile, re.M) and "HEALTHCHECK" in dockerfile
    assert "reflex export --frontend-only" in dockerfile
    compose = yaml.safe_load((ROOT / "infra" / "docker" / "compose.production.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "web", "beat", "prometheus", "grafana"} <= set(services)
    assert {f"worker-{q}" for q in ("default", "index", "reports", "videos")} <= set(services)
    assert services["web"]["environment"]["POC_TRACKER_DATABASE_URL"].startswith("postgresql://")


def _documents(text: str) -> list[dict]:
    """checkov prints one JSON document per framework run (a list or an object each)."""
    decoder, at, out = json.JSONDecoder(), 0, []
    while at < len(text.rstrip()):
        while text[at].isspace():
            at += 1
        obj, at = decoder.raw_decode(text, at)
        out.extend(obj if isinstance(obj, list) else [obj])
    return out


def test_checkov_finds_nothing_unexplained_in_dockerfile_terraform_and_kubernetes():
    reports: dict[str, dict] = {}
    stderr = ""
    for target in (["-d", "infra/terraform", "-d", "infra/k8s/base"], ["-f", "Dockerfile"]):
        run = subprocess.run(
            ["bash", "scripts/checkov.sh", *target], cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        reports.update({r["check_type"]: r for r in _documents(run.stdout)})
        stderr += run.stderr
    assert {"terraform", "kubernetes", "dockerfile"} <= set(reports), stderr[-2000:]
    for kind, report in reports.items():
        assert report["summary"]["parsing_errors"] == 0, kind
        failed = [(c["check_id"], c["file_path"], c["resource"]) for c in report["results"]["failed_checks"]]
        assert not failed, (kind, failed)
        assert report["summary"]["passed"] > 50, kind
        skips = report["results"].get("skipped_checks", [])
        assert len(skips) == report["summary"]["skipped"], kind
        for skipped in skips:
            reason = (skipped.get("check_result") or {}).get("suppress_comment", "")
            assert len(reason.strip()) > 10, (kind, skipped["check_id"], skipped["file_path"])
