"""The admins' view of open LGPD requests: due dates, the alert from day 10, overdue; admins only, own tenant."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from poc_tracker.db import system_session
from poc_tracker.models import PrivacyRequest
from poc_tracker.models.base import utcnow
from poc_tracker.services import jobs
from tests.personas import Persona

PENDING = "/api/v1/tenants/current/privacy-requests"


@pytest.fixture(autouse=True)
def no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports stay queued here: only the requests matter."""
    monkeypatch.setattr(jobs, "send_task", lambda *a, **kw: None)


def aged(days: int) -> None:
    """Every request made ``days`` ago (its due date 15 days after that)."""
    made = utcnow() - timedelta(days=days)
    with system_session(reason="test: requests made earlier") as session:
        session.exec(update(PrivacyRequest).values(created_at=made, due_at=made + timedelta(days=15)))


def test_open_requests_show_their_due_date_the_alert_at_day_10_and_overdue(
    client, owner_a: Persona, member_a: Persona, owner_b: Persona
):
    asked = client.post("/api/v1/privacy/exports", json={"password": member_a.password}, headers=member_a.headers)
    assert asked.status_code == 202, asked.text
    assert client.post("/api/v1/privacy/exports", json={"password": owner_b.password}, headers=owner_b.headers)
    rows = client.get(PENDING, headers=owner_a.headers).json()["data"]
    assert [(r["personName"], r["kindLabel"], r["alert"], r["overdue"]) for r in rows] == [
        ("Membro", "Exportação (portabilidade)", False, False)
    ]
    assert rows[0]["protocol"].startswith("LGPD-") and rows[0]["daysLeft"] == 14
    aged(10)
    row = client.get(PENDING, headers=owner_a.headers).json()["data"][0]
    assert row["alert"] and not row["overdue"] and row["daysLeft"] == 4
    aged(16)
    row = client.get(PENDING, headers={**owner_a.headers, "Accept-Language": "en"}).json()["data"][0]
    assert row["overdue"] and row["kindLabel"] == "Export (portability)"
    assert client.get(PENDING, headers=member_a.headers).status_code == 403
    assert [r["personName"] for r in client.get(PENDING, headers=owner_b.headers).json()["data"]] == ["Dona beta"]
