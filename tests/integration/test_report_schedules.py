"""Scheduled reports: subscribe, periods and run times in the tenant's zone, beat takes each run once, unsubscribe."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from poc_tracker.db import system_session
from poc_tracker.models import Job, ReportSchedule
from poc_tracker.services.report_schedules import next_run, period_before, run_due
from tests.personas import Persona

SP = ZoneInfo("America/Sao_Paulo")
BODY = {"kind": "usage", "format": "json", "frequency": "weekly", "sendWhenEmpty": True}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tasks sent after commits are dropped here (the worker test runs them)."""
    from poc_tracker.services import jobs

    monkeypatch.setattr(jobs, "send_task", lambda *a, **kw: None)


def test_weekly_runs_on_monday_at_seven_and_covers_the_week_before():
    friday_noon = datetime(2026, 3, 6, 12, 0, tzinfo=SP)
    run = next_run("weekly", friday_noon, "America/Sao_Paulo")
    assert run == datetime(2026, 3, 9, 7, 0, tzinfo=SP)
    assert next_run("weekly", run, "America/Sao_Paulo") == datetime(2026, 3, 16, 7, 0, tzinfo=SP)
    assert period_before("weekly", run, "America/Sao_Paulo") == (date(2026, 3, 2), date(2026, 3, 8))


def test_monthly_runs_on_the_first_at_seven_and_covers_the_month_before():
    run = next_run("monthly", datetime(2026, 2, 14, 9, 0, tzinfo=SP), "America/Sao_Paulo")
    assert run == datetime(2026, 3, 1, 7, 0, tzinfo=SP)
    assert period_before("monthly", run, "America/Sao_Paulo") == (date(2026, 2, 1), date(2026, 2, 28))
    assert next_run("monthly", datetime(2026, 12, 1, 8, 0, tzinfo=SP), "America/Sao_Paulo").date() == date(2027, 1, 1)


def test_subscribe_list_and_cancel_and_nobody_else_sees_it(
    client, owner_a: Persona, owner_b: Persona, viewer_a: Persona
):
    res = client.post("/api/v1/report-schedules", json=BODY, headers=owner_a.headers)
    assert res.status_code == 201, res.text
    sid = res.json()["scheduleId"]
    next_at = datetime.fromisoformat(res.json()["nextRunAt"])
    assert next_at.utcoffset() is not None and next_at.astimezone(SP).time().hour == 7
    assert client.get("/api/v1/report-schedules", headers=owner_a.headers).json()["totalCount"] == 1
    assert client.get("/api/v1/report-schedules", headers=owner_b.headers).json()["totalCount"] == 0
    assert client.delete(f"/api/v1/report-schedules/{sid}", headers=owner_b.headers).status_code == 404
    assert client.post("/api/v1/report-schedules", json=BODY, headers=viewer_a.headers).status_code == 403
    bad = client.post("/api/v1/report-schedules", json={**BODY, "frequency": "daily"}, headers=owner_a.headers)
    assert bad.status_code == 422
    assert client.delete(f"/api/v1/report-schedules/{sid}", headers=owner_a.headers).status_code == 204
    assert client.get("/api/v1/report-schedules", headers=owner_a.headers).json()["totalCount"] == 0


def test_a_due_schedule_is_queued_once_for_the_period_before(client, owner_a: Persona):
    sid = client.post("/api/v1/report-schedules", json=BODY, headers=owner_a.headers).json()["scheduleId"]
    due = datetime(2026, 3, 9, 7, 0, tzinfo=SP)
    with system_session(reason="test") as session:
        row = session.exec(select(ReportSchedule)).one()
        row.next_run_at = due
        session.add(row)
    later = datetime(2026, 3, 9, 7, 5, tzinfo=SP)
    with system_session(reason="test") as session:
        assert run_due(session, now=later) == 1
    with system_session(reason="test") as session:
        assert run_due(session, now=later) == 0  # already taken: its next run is next Monday
        job = session.exec(select(Job)).one()
        row = session.exec(select(ReportSchedule)).one()
    assert job.params["scheduleId"] == sid and (job.params["from"], job.params["to"]) == ("2026-03-02", "2026-03-08")
    assert row.next_run_at == datetime(2026, 3, 16, 7, 0, tzinfo=SP)


def test_the_unsubscribe_link_asks_then_stops_the_schedule(client, owner_a: Persona):
    client.post("/api/v1/report-schedules", json=BODY, headers=owner_a.headers)
    from poc_tracker.services import report_mail

    with system_session(reason="test") as session:
        row = session.exec(select(ReportSchedule)).one()
        token = "tok-" + "x" * 40
        row.unsubscribe_hash = report_mail.unsubscribe_hash(token)
        session.add(row)
    page = client.get("/api/v1/report-schedules/unsubscribe", params={"token": token})
    assert page.status_code == 200 and "<form method='post'>" in page.text
    assert (
        client.get("/api/v1/report-schedules", headers=owner_a.headers).json()["totalCount"] == 1
    )  # a GET changes nothing
    done = client.post("/api/v1/report-schedules/unsubscribe", data={"token": token})
    assert done.status_code == 200 and re.search("não vai mais receber", done.text)
    assert client.get("/api/v1/report-schedules", headers=owner_a.headers).json()["totalCount"] == 0
    again = client.post("/api/v1/report-schedules/unsubscribe", data={"token": "<script>"})
    assert again.status_code == 404 and "<script>" not in again.text
