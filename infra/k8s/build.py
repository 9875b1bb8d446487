"""Write the Kustomize base for Kubernetes (`python infra/k8s/build.py`): web, one worker per queue, beat, HPA, PDB.

The YAML files in base/ are this script's output (a test checks they match); overlays patch them per cluster.
"""

from __future__ import annotations

from pathlib import Path

import yaml

BASE = Path(__file__).parent / "base"
APP = "poc-tracker"
IMAGE = "poc-tracker:1.0.0"  # pinned per environment by the overlay's `images:` (a digest)
QUEUES = {"default": (2, 10, 4), "index": (2, 10, 4), "reports": (1, 6, 2), "videos": (1, 6, 1)}
SKIPS = {
    "checkov.io/skip1": "CKV_K8S_22=Reflex writes its compiled pages under /app/.web at start; /tmp is an emptyDir",
    "checkov.io/skip2": "CKV_K8S_43=the overlay pins the image by digest with kustomize images",
    "checkov.io/skip3": "CKV_K8S_35=secrets come from the cluster's secret store as env (External Secrets)",
}


def meta(name: str, component: str | None = None, **extra: object) -> dict:
    """Metadata in the app's namespace (kustomize sets it too; checkov reads the base as written)."""
    out: dict = {"name": name, "namespace": APP}
    if component:
        out["labels"] = labels(component)
    return {**out, **extra}


def labels(component: str) -> dict:
    """The labels that select one component's pods."""
    return {"app.kubernetes.io/name": APP, "app.kubernetes.io/component": component}


def container(name: str, args: list[str], *, cpu: str, memory: str, port: int | None, env: list | None = None) -> dict:
    """The app container, locked down: non-root, no privilege escalation, no capabilities, seccomp default."""
    spec: dict = {
        "name": name,
        "image": IMAGE,
        "imagePullPolicy": "Always",
        "args": args,
        "envFrom": [{"configMapRef": {"name": APP}}, {"secretRef": {"name": APP}}],
        "env": env or [],
        "resources": {"requests": {"cpu": cpu, "memory": memory}, "limits": {"cpu": cpu, "memory": memory}},
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "runAsGroup": 10001,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": False,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108 - a pod's own emptyDir
    }
    if port:
        spec["ports"] = [{"name": "http", "containerPort": port}]
        spec["readinessProbe"] = {"httpGet": {"path": "/readyz", "port": port}, "periodSeconds": 10}
        spec["livenessProbe"] = {
            "httpGet": {"path": "/healthz", "port": port},
            "periodSeconds": 15,
            "initialDelaySeconds": 60,
        }
    else:  # a Celery process: alive while it answers a ping over the broker
        probe = {
            "exec": {"command": ["sh", "-c", "celery -A tasks.celery_app:celery inspect ping -d celery@$HOSTNAME"]}
        }
        spec["readinessProbe"] = {**probe, "periodSeconds": 60, "timeoutSeconds": 20}
        spec["livenessProbe"] = {**probe, "periodSeconds": 120, "timeoutSeconds": 30, "initialDelaySeconds": 60}
    return spec


def deployment(component: str, replicas: int, main: dict, *, recreate: bool = False) -> dict:
    """A Deployment spread over the zones, rolled one pod at a time (beat: stopped before its successor)."""
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta(f"{APP}-{component}", component, annotations=dict(SKIPS)),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels(component)},
            "strategy": {"type": "Recreate"} if recreate else {"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                "metadata": {"labels": labels(component)},
                "spec": {
                    "serviceAccountName": APP,
                    "automountServiceAccountToken": False,
                    "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                    "terminationGracePeriodSeconds": 60,
                    "topologySpreadConstraints": [
                        {
                            "maxSkew": 1,
                            "topologyKey": "topology.kubernetes.io/zone",
                            "whenUnsatisfiable": "ScheduleAnyway",
                            "labelSelector": {"matchLabels": labels(component)},
                        }
                    ],
                    "containers": [main],
                    "volumes": [{"name": "tmp", "emptyDir": {}}],
                },
            },
        },
    }


def hpa(component: str, low: int, high: int, cpu: int) -> dict:
    """Scale a Deployment on CPU between ``low`` and ``high`` pods."""
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": meta(f"{APP}-{component}", component),
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": f"{APP}-{component}"},
            "minReplicas": low,
            "maxReplicas": high,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": cpu}},
                }
            ],
            "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}},
        },
    }


def pdb(component: str, min_available: int) -> dict:
    """Keep ``min_available`` pods through node drains and upgrades."""
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": meta(f"{APP}-{component}", component),
        "spec": {"minAvailable": min_available, "selector": {"matchLabels": labels(component)}},
    }


def network_policy() -> dict:
    """The app's pods take HTTP on 3000 (ingress controller, Prometheus) and metrics on 9100 (Prometheus) only."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": meta(APP),
        "spec": {
            "podSelector": {"matchLabels": {"app.kubernetes.io/name": APP}},
            "policyTypes": ["Ingress"],
            "ingress": [{"ports": [{"port": 3000, "protocol": "TCP"}, {"port": 9100, "protocol": "TCP"}]}],
        },
    }


def documents() -> dict[str, list[dict]]:
    """File name → its Kubernetes objects."""
    web = deployment("web", 3, container("app", ["web"], cpu="1", memory="2Gi", port=3000))
    out = {
        "serviceaccount.yaml": [
            {
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": meta(APP),
                "automountServiceAccountToken": False,
            }
        ],
        "configmap.yaml": [
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": meta(APP),
                "data": {
                    "POC_TRACKER_ENV": "production",
                    "POC_TRACKER_STORAGE_BACKEND": "s3",
                    "POC_TRACKER_TRACE_SAMPLE_RATIO": "0.1",
                    "PROMETHEUS_MULTIPROC_DIR": "/tmp/prometheus",  # noqa: S108 - the pod's emptyDir
                },
            }
        ],
        "web.yaml": [
            web,
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": meta(f"{APP}-web", "web"),
                "spec": {"selector": labels("web"), "ports": [{"name": "http", "port": 80, "targetPort": "http"}]},
            },
            hpa("web", 3, 24, 60),
            pdb("web", 2),
        ],
        "beat.yaml": [
            deployment("beat", 1, container("app", ["beat"], cpu="250m", memory="512Mi", port=None), recreate=True)
        ],
    }
    for queue, (low, high, concurrency) in QUEUES.items():
        env = [
            {"name": "WORKER_CONCURRENCY", "value": str(concurrency)},
            {"name": "POC_TRACKER_WORKER_METRICS_PORT", "value": "9100"},
        ]
        main = container("app", ["worker", queue], cpu="1", memory="2Gi", port=None, env=env)
        out[f"worker-{queue}.yaml"] = [
            deployment(f"worker-{queue}", low, main),
            hpa(f"worker-{queue}", low, high, 70),
            pdb(f"worker-{queue}", 1),
        ]
    out["namespace.yaml"] = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": APP}}]
    out["networkpolicy.yaml"] = [network_policy()]
    out["migrate-job.yaml"] = [
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": meta(f"{APP}-migrate", annotations=dict(SKIPS)),
            "spec": {
                "backoffLimit": 2,
                "template": {
                    "spec": {
                        "restartPolicy": "Never",
                        "serviceAccountName": APP,
                        "automountServiceAccountToken": False,
                        "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                        "containers": [
                            {
                                **{
                                    k: v
                                    for k, v in container(
                                        "migrate", ["migrate"], cpu="500m", memory="1Gi", port=None
                                    ).items()
                                    if not k.endswith("Probe")
                                },
                            }
                        ],
                        "volumes": [{"name": "tmp", "emptyDir": {}}],
                    }
                },
            },
        }
    ]
    return out


def rendered() -> dict[str, str]:
    """File name → YAML text of the base, kustomization included."""
    files = {name: yaml.safe_dump_all(docs, sort_keys=False) for name, docs in documents().items()}
    files["kustomization.yaml"] = yaml.safe_dump(
        {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "namespace": APP,
            "labels": [{"pairs": {"app.kubernetes.io/part-of": APP}}],
            "resources": sorted(documents()),
        },
        sort_keys=False,
    )
    return {
        name: "# Written by infra/k8s/build.py: edit the script, not this file.\n" + text
        for name, text in files.items()
    }


if __name__ == "__main__":
    BASE.mkdir(exist_ok=True)
    for name, text in rendered().items():
        (BASE / name).write_text(text)
