"""Drill: kill -9 the reports and the videos workers while each renders; both jobs still end, with their files."""

from __future__ import annotations

import os
import signal
import time
from datetime import date

import httpx

from tests.drills.conftest import Cluster, wait_for
from tests.drills.workload import PatientTransport

RUNNING = {"running", "rendering", "encoding"}  # a video's status says which step it is in


def _kill_when_running(cluster: Cluster, c: httpx.Client, status_url: str, worker: str) -> int:
    """Wait until the job is running on ``worker``, then SIGKILL that worker and its pool (and ffmpeg)."""
    assert wait_for(lambda: c.get(status_url).json()["status"] in RUNNING, 120, every=0.25), c.get(status_url).text
    pid = cluster.supervisor.children[worker].proc.pid
    os.killpg(pid, signal.SIGKILL)
    print(f"\n{worker} (pid {pid}) morto com SIGKILL durante {status_url}")
    return pid


def test_report_and_video_jobs_finish_after_their_workers_are_killed_mid_render(cluster: Cluster) -> None:
    h = {"Authorization": f"Bearer {cluster.tokens[0]}"}
    # the drills before used this person's rate budget: wait as the app asks rather than fail on a 429
    with httpx.Client(base_url=cluster.url, headers=h, timeout=60, transport=PatientTransport()) as c:
        for i in range(12):  # something to report and to tell in the video (the drills before may have filled the plan)
            made = c.post("/api/v1/pocs", json={"name": f"Relatório {i}", "language": "go"})
            assert made.status_code in (201, 413), made.text
        today = date.today()
        body = {"kind": "usage", "format": "pdf", "from": f"{today.year}-01-01", "to": str(today)}
        report = c.post("/api/v1/reports", json=body)
        assert report.status_code == 202, report.text
        report_url = f"/api/v1/reports/{report.json()['reportId']}"
        video = c.post("/api/v1/videos", json={"year": today.year, "scope": "tenant", "formats": ["vertical"]})
        assert video.status_code == 202, video.text
        video_url = f"/api/v1/videos/{video.json()['videoId']}"

        killed = {
            "worker-reports": _kill_when_running(cluster, c, report_url, "worker-reports"),
            "worker-videos": _kill_when_running(cluster, c, video_url, "worker-videos"),
        }
        started = time.monotonic()
        # the supervisor restarts the workers; the beat sweep hands each silent job to a new run
        assert wait_for(lambda: c.get(report_url).json()["status"] == "done", 240, every=1), c.get(report_url).text
        assert wait_for(lambda: c.get(video_url).json()["status"] == "done", 400, every=1), c.get(video_url).text
        print(f"ambos concluídos {time.monotonic() - started:.0f} s depois das mortes")
        for worker, pid in killed.items():
            assert cluster.supervisor.children[worker].proc.pid != pid  # really a new process did the work

        pdf = c.get(f"{report_url}/download", follow_redirects=True)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        files = c.get(video_url).json()["files"]
        assert [f["format"] for f in files if f["format"] == "vertical"] == ["vertical"]
        mp4 = c.get(f"{video_url}/download", params={"format": "vertical"}, follow_redirects=True)
        assert mp4.status_code == 200 and mp4.content[4:8] == b"ftyp"
        assert c.get(report_url).json()["status"] == "done"  # one job each: no duplicate from the take-over
