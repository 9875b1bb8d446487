"""Screenshot Prometheus' graph page with the app's metrics: `python scripts/prometheus_screenshot.py`.

Serves the API in two granian processes sharing one multiprocess folder, lets Debian's Prometheus scrape one with
the repo's alert rules, and sends traffic to both.

Writes docs/operations-prometheus.png (request rate by route template) and docs/operations-prometheus-p95.png (the
alert rules' p95 recording rule, evaluated by Prometheus).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live_server import free_port, live_api  # noqa: E402

QUERY = "sum by (route, status) (rate(poc_tracker_http_requests_total[1m]))"
P95 = "route:poc_tracker_http_request_seconds:p95_5m"


def traffic(bases: list[str], seconds: float) -> None:
    """A mix of answered, refused and unknown routes on both processes."""
    end = time.monotonic() + seconds
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < end:
            for base in bases:
                client.get(f"{base}/healthz")
                client.get(f"{base}/api/v1/pocs/{uuid.uuid4()}")
                client.get(f"{base}/api/v1/pocs")
                client.get(f"{base}/api/v1/nowhere")
            time.sleep(0.05)


def start_prometheus(work: Path, targets: list[str]) -> tuple[subprocess.Popen, str]:
    """Debian's Prometheus on a free loopback port, scraping ``targets`` every 2 s with the repo's rules."""
    port = free_port()
    shutil.copy(ROOT / "infra/prometheus/alerts.yml", work / "alerts.yml")
    listed = ", ".join(f'"{t}"' for t in targets)
    (work / "prometheus.yml").write_text(
        "global: {scrape_interval: 2s, evaluation_interval: 2s}\n"
        "rule_files: [alerts.yml]\n"
        f"scrape_configs:\n  - job_name: poc-tracker-web\n    static_configs: [{{targets: [{listed}]}}]\n"
    )
    proc = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            shutil.which("prometheus") or "/usr/bin/prometheus",
            f"--config.file={work / 'prometheus.yml'}",
            f"--storage.tsdb.path={work / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=(work / "prometheus.log").open("w"),
        start_new_session=True,
    )
    return proc, f"http://127.0.0.1:{port}"


def shoot(url: str, out: Path) -> None:
    """A 1440×900 screenshot of ``url`` in Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url)
        page.wait_for_timeout(4000)
        page.screenshot(path=str(out), full_page=False)
        browser.close()


def main() -> None:
    """Serve, scrape, load, shoot."""
    from poc_tracker.migrations import upgrade

    work = Path(tempfile.mkdtemp(prefix="prom-shot-"))
    (work / "prom").mkdir()
    env = {
        "POC_TRACKER_DATA_DIR": str(work),
        "POC_TRACKER_DATABASE_URL": f"sqlite:///{work / 'app.db'}",
        "POC_TRACKER_REDIS_URL": "",
        "PROMETHEUS_MULTIPROC_DIR": str(work / "prom"),
        "POC_TRACKER_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    upgrade(env["POC_TRACKER_DATABASE_URL"])
    with live_api(env, work / "a.log") as (a, _), live_api(env, work / "b.log") as (b, _):
        prometheus, prom = start_prometheus(work, [a.removeprefix("http://")])  # one scrape covers both
        try:
            traffic([a, b], 40)
            for expr, name in ((QUERY, "operations-prometheus"), (P95, "operations-prometheus-p95")):
                graph = f"{prom}/graph?" + urllib.parse.urlencode(
                    {"g0.expr": expr, "g0.tab": "0", "g0.range_input": "1m", "g0.stacked": "1"}
                )
                shoot(graph, ROOT / "docs" / f"{name}.png")
        finally:
            os.killpg(prometheus.pid, 15)
            prometheus.wait(timeout=15)
    print("docs/operations-prometheus.png, docs/operations-prometheus-p95.png")


if __name__ == "__main__":
    main()
