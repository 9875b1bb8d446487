"""The reports API: bad input is a clear 4xx, viewers see none, another tenant's report is 404, the schema is served."""

from __future__ import annotations

import pytest

from tests.factories import new_collection
from tests.personas import Persona

OK = {"kind": "usage", "format": "pdf", "from": "2026-01-01", "to": "2026-01-31"}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The task sent after the commit (recorded: the worker path is tests/worker/test_reports_worker.py)."""
    from poc_tracker.services import jobs

    sent: list[dict] = []
    monkeypatch.setattr(jobs, "send_task", lambda name, queue, **kw: sent.append({"task": name, "queue": queue}))
    return sent


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**OK, "kind": "sales"}, "kind"),
        ({**OK, "format": "docx"}, "format"),
        ({**OK, "from": "31/01/2026"}, "from"),
        ({**OK, "to": "2025-12-31"}, "to"),
        ({**OK, "from": "2015-01-01"}, "to"),
        ({**OK, "filters": {"tags": ["a"] * 11}}, "filters.tags"),
        ({**OK, "filters": {"authorId": "nobody"}}, "filters.authorId"),
    ],
)
def test_bad_requests_are_422_with_the_field(client, owner_a: Persona, body: dict, field: str):
    res = client.post("/api/v1/reports", json=body, headers={**owner_a.headers, "Accept-Language": "pt-BR"})
    assert res.status_code == 422, res.text
    error = res.json()["error"]
    assert field in str(error["details"]) and error["message"]


def test_a_report_is_queued_on_the_reports_queue_and_followed(client, owner_a: Persona, no_broker):
    res = client.post("/api/v1/reports", json=OK, headers=owner_a.headers)
    assert res.status_code == 202
    rid = res.json()["reportId"]
    assert no_broker == [{"task": "poc_tracker.reports.render", "queue": "reports"}]
    got = client.get(f"/api/v1/reports/{rid}", headers=owner_a.headers).json()
    assert got["status"] == "queued" and got["progress"] == 0 and got["downloadUrl"] is None
    assert got["from"] == "2026-01-01" and got["expiresAt"]
    assert client.get(f"/api/v1/reports/{rid}/download", headers=owner_a.headers).status_code == 409
    assert client.post(f"/api/v1/reports/{rid}/retry", headers=owner_a.headers).status_code == 409
    listed = client.get("/api/v1/reports", headers=owner_a.headers).json()
    assert listed["totalCount"] == 1 and listed["data"][0]["reportId"] == rid


def test_another_tenants_and_another_persons_report_is_404(
    client, owner_a: Persona, member_a: Persona, owner_b: Persona
):
    rid = client.post("/api/v1/reports", json=OK, headers=owner_a.headers).json()["reportId"]
    for other in (owner_b, member_a):
        for path in ("", "/download"):
            assert client.get(f"/api/v1/reports/{rid}{path}", headers=other.headers).status_code == 404
        assert client.post(f"/api/v1/reports/{rid}/retry", headers=other.headers).status_code == 404
        assert client.get("/api/v1/reports", headers=other.headers).json()["totalCount"] == 0


def test_viewers_see_no_reports(client, viewer_a: Persona):
    res = client.post("/api/v1/reports", json=OK, headers=viewer_a.headers)
    assert res.status_code == 403 and res.json()["error"]["code"] == "reports_forbidden"


def test_filters_name_only_what_the_reader_may_see(client, owner_a: Persona, member_a: Persona, owner_b: Persona):
    theirs = new_collection(client, owner_b, "Deles", visibility="tenant")
    res = client.post(
        "/api/v1/reports", json={**OK, "filters": {"collectionId": theirs["id"]}}, headers=owner_a.headers
    )
    assert res.status_code == 404
    res = client.post("/api/v1/reports", json={**OK, "filters": {"authorId": owner_b.user_id}}, headers=owner_a.headers)
    assert res.status_code == 404
    res = client.post(
        "/api/v1/reports", json={**OK, "filters": {"authorId": owner_a.user_id}}, headers=member_a.headers
    )
    assert res.status_code == 403  # a member reports on their own activity only
    mine = client.post(
        "/api/v1/reports", json={**OK, "filters": {"authorId": member_a.user_id}}, headers=member_a.headers
    )
    assert mine.status_code == 202


def test_the_json_schema_is_served_by_version(client):
    res = client.get("/api/v1/reports/schemas/1.0")
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/schema+json")
    assert res.json()["properties"]["schemaVersion"] == {"const": "1.0"}
    assert client.get("/api/v1/reports/schemas/9.9").status_code == 404
