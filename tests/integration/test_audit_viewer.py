"""The audit viewer's API: filters by person, kind and period, CSV, admins only, minimised details."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from poc_tracker.db import system_session
from poc_tracker.models import AuditLog
from poc_tracker.services.outbox import deliver_all
from tests.factories import new_poc
from tests.personas import Persona


def delivered() -> None:
    """Every pending event in the audit log (what the worker does)."""
    deliver_all("audit")


def test_filters_by_person_kind_and_period_and_labels_in_the_callers_language(
    client, owner_a: Persona, member_a: Persona
):
    new_poc(client, member_a, "POC da membra")
    new_poc(client, owner_a, "POC da dona")
    delivered()
    h = owner_a.headers
    by_member = client.get("/api/v1/audit", params={"personId": member_a.user_id, "kind": "poc.created"}, headers=h)
    assert by_member.status_code == 200, by_member.text
    rows = by_member.json()["data"]
    assert [r["actorId"] for r in rows] == [member_a.user_id]
    assert rows[0]["actionLabel"] == "POC criada" and rows[0]["targetLabel"] == "POC"
    english = client.get("/api/v1/audit", params={"kind": "poc.created"}, headers={**h, "Accept-Language": "en"})
    assert {r["actionLabel"] for r in english.json()["data"]} == {"POC created"}
    assert english.json()["totalCount"] == 2
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert client.get("/api/v1/audit", params={"from": tomorrow}, headers=h).json()["totalCount"] == 0
    paged = client.get("/api/v1/audit", params={"limit": 1, "page": 2}, headers=h).json()
    assert len(paged["data"]) == 1 and paged["hasMore"]
    bad = client.get("/api/v1/audit", params={"from": tomorrow, "to": "2020-01-01"}, headers=h)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_period"


def test_csv_has_the_filtered_rows_with_labels_and_no_raw_kind(client, owner_a: Persona, member_a: Persona):
    new_poc(client, member_a, "=HYPERLINK(1)")
    delivered()
    res = client.get("/api/v1/audit", params={"format": "csv", "kind": "poc.created"}, headers=owner_a.headers)
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert "attachment" in res.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(res.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Data e hora (UTC)", "Ação", "Pessoa"]
    assert len(rows) == 2 and rows[1][1] == "POC criada" and rows[1][2] == "Membro"
    assert "poc.created" not in res.text


def test_only_admins_and_owners_read_it_and_never_another_tenants_rows(
    client, owner_a: Persona, member_a: Persona, viewer_a: Persona, owner_b: Persona
):
    new_poc(client, owner_b, "Segredo da beta")
    delivered()
    for persona in (member_a, viewer_a):
        assert client.get("/api/v1/audit", headers=persona.headers).status_code == 403
        assert client.get("/api/v1/audit", params={"format": "csv"}, headers=persona.headers).status_code == 403
    mine = client.get("/api/v1/audit", params={"limit": 100}, headers=owner_a.headers).json()["data"]
    assert mine and all("Segredo" not in str(r["details"]) for r in mine)
    # someone of the other tenant as the person filter: nothing, not their entries
    other = client.get("/api/v1/audit", params={"personId": owner_b.user_id}, headers=owner_a.headers).json()
    assert other["totalCount"] == 0
    csv_text = client.get("/api/v1/audit", params={"format": "csv"}, headers=owner_a.headers).text
    assert "Segredo" not in csv_text and owner_b.user_id not in csv_text


def test_invitation_entries_keep_no_email_address(client, owner_a: Persona, member_a: Persona):
    delivered()
    with system_session(reason="test") as session:
        rows = session.exec(AuditLog.__table__.select()).all()  # type: ignore[attr-defined]
    text = " ".join(str(r.details) for r in rows)
    assert rows and "@" not in text and member_a.email not in text
    invited = [r for r in rows if r.action == "user.invited"]
    assert invited and len(invited[0].details["emailHash"]) == 16
