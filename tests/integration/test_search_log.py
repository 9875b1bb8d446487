"""The usage report counts the searches people made and lists the ones that found nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from poc_tracker.db import session_scope
from poc_tracker.models import SearchQuery
from poc_tracker.models.base import utcnow
from poc_tracker.reports.build import build_report
from poc_tracker.reports.params import parse_request
from poc_tracker.services.users import actor_for
from tests.factories import new_poc
from tests.personas import Persona
from tests.search_support import BACKENDS

# The log is the same whatever answers the search: the database backends suffice.
pytestmark = pytest.mark.parametrize(
    ("profile", "search_kind"), [b for b in BACKENDS if b.values[1] != "opensearch"], indirect=["profile"]
)


def search(client, who: Persona, q: str, page: int = 1) -> int:
    res = client.get("/api/v1/search/pocs", params={"q": q, "page": page}, headers=who.headers)
    assert res.status_code == 200, res.text
    return res.json()["totalHits"]


def this_month_for(who: Persona):
    tenant, user = uuid.UUID(who.tenant_id), uuid.UUID(who.user_id)
    today = utcnow().date()
    with session_scope(tenant_id=tenant) as session:
        actor = actor_for(session, user_id=user, tenant_id=tenant)
        body = {"kind": "usage", "format": "json", "from": str(today - timedelta(days=2)), "to": str(today)}
        report = build_report(session, actor=actor, req=parse_request(body, tz="America/Sao_Paulo"))
    metrics = {m.key: m.value for m in report.metrics}
    unanswered = next(t for t in report.tables if t.key == "searchesWithoutResults")
    return metrics, [(row[0], row[1]) for row in unanswered.rows]


def test_searches_are_counted_once_as_typed_and_the_unanswered_ones_listed(
    client, indexer, owner_a: Persona, member_a: Persona, owner_b: Persona
):
    new_poc(client, owner_a, "Painel React de vendas")
    for typed in ("re", "rea", "react"):  # search-as-you-type: one search, counted as it ended
        search(client, owner_a, typed)
    search(client, owner_a, "react", page=2)  # a next page is no new search
    assert search(client, owner_a, "  Kubernetes ") == 0
    assert search(client, member_a, "kubernetes") == 0
    assert search(client, member_a, "terraform") == 0
    assert search(client, owner_b, "kubernetes") == 0  # another tenant's searches never count here

    metrics, unanswered = this_month_for(owner_a)
    assert metrics["searches"] == 4 and metrics["searchesWithoutResults"] == 3
    assert unanswered == [("kubernetes", 2), ("terraform", 1)]

    metrics, unanswered = this_month_for(member_a)  # members see their own searches only
    assert metrics["searches"] == 2 and unanswered == [("kubernetes", 1), ("terraform", 1)]

    with session_scope(tenant_id=uuid.UUID(owner_a.tenant_id)) as session:
        kept = session.exec(select(SearchQuery.query, SearchQuery.hits).where(SearchQuery.query == "react")).all()
    assert kept == [("react", 1)]
