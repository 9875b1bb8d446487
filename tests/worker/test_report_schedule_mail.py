"""A scheduled report goes from beat's run to a real SMTP server through real workers, with only its tenant's data."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from poc_tracker.db import system_session
from poc_tracker.models import ReportSchedule
from poc_tracker.services.report_schedules import run_due
from tests.mail_support import smtp_env, text_of
from tests.personas import Persona
from tests.reports_support import seed_pocs, utc
from tests.search_support import start_worker, stop_worker

pytestmark = pytest.mark.worker
SP = ZoneInfo("America/Sao_Paulo")


def test_a_weekly_report_is_rendered_and_mailed_with_its_file_and_an_unsubscribe_link(
    profile, client, owner_a: Persona, owner_b: Persona, smtp_server
):
    inbox, port = smtp_server
    seed_pocs(owner_a.tenant_id, owner_a.user_id, 5, start=utc(2026, 3, 3, 15), prefix="Alfa")
    seed_pocs(owner_b.tenant_id, owner_b.user_id, 4, start=utc(2026, 3, 3, 15), prefix="Beta secreta")
    body = {"kind": "usage", "format": "json", "frequency": "weekly"}
    assert client.post("/api/v1/report-schedules", json=body, headers=owner_a.headers).status_code == 201
    run_at = datetime(2026, 3, 9, 7, 0, tzinfo=SP)
    with system_session(reason="test") as session:
        row = session.exec(select(ReportSchedule)).one()
        row.next_run_at = run_at
        session.add(row)
    worker = start_worker(profile, "reports,default", env=smtp_env(port))
    try:
        with system_session(reason="test") as session:  # what beat's task does when Monday 07:00 comes
            assert run_due(session, now=run_at + timedelta(minutes=1)) == 1
        deadline = time.monotonic() + 180
        while not (reports := [m for m in inbox.to("dona@alfa.com.br") if m["Subject"].startswith("Relatório")]):
            assert time.monotonic() < deadline and worker.poll() is None, "no report mail within 180 s"
            time.sleep(0.2)  # the sign-up's verification mail may come first: wait for the report's
        [msg] = reports
    finally:
        stop_worker(worker)
    assert msg["Subject"] == "Relatório de uso 02-03-2026 a 08-03-2026.json — Empresa alfa"
    [part] = [p for p in msg.iter_attachments()]
    assert part.get_filename() == "Relatório de uso 02-03-2026 a 08-03-2026.json"
    doc = json.loads(part.get_content() if isinstance(part.get_content(), str) else part.get_content().decode())
    assert {m["key"]: m["value"] for m in doc["metrics"]}["pocsCreated"] == 5
    names = {r["name"] for t in doc["tables"] if t["key"] == "pocs" for r in t["rows"]}
    assert names == {f"Alfa {i:05d}" for i in range(1, 6)}
    assert "Beta" not in msg.as_string()  # another tenant's data never appears
    link = re.search(r"https?://\S+/api/v1/report-schedules/unsubscribe\?token=\S+", text_of(msg)).group(0)
    url = urlparse(link)
    assert client.post(url.path, data={"token": url.query.removeprefix("token=")}).status_code == 200
    assert client.get("/api/v1/report-schedules", headers=owner_a.headers).json()["totalCount"] == 0
