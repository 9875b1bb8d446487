"""Sessions fail closed: a request, event or task sees one tenant, or none; the system scope is named and rare."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.db import get_engine, new_session, new_system_session, scope_to_tenant, session_scope, system_session
from poc_tracker.models import DomainEvent, OutboxPending
from poc_tracker.services import outbox
from tests.conftest import TABLES
from tests.personas import Persona

ROOT = Path(__file__).resolve().parents[2]


def _counts(session) -> dict[str, int]:
    return {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


@pytest.fixture
def postgres(profile):
    if profile.name != "production":
        pytest.skip("row-level security is PostgreSQL's; on SQLite the service layer alone scopes")
    return profile


@pytest.fixture
def probe_api() -> TestClient:
    """Routes shaped like the real ones: one with the request's session only, one with the actor too."""
    app = FastAPI()

    @app.get("/rows")
    def rows(session: SessionDep) -> dict[str, int]:
        return _counts(session)

    @app.get("/my-rows")
    def my_rows(session: SessionDep, actor: CurrentActor) -> dict[str, int]:
        return _counts(session)

    return TestClient(app)


def _a_poc_each(client: TestClient, *personas: Persona) -> None:
    for p in personas:
        res = client.post("/api/v1/pocs", json={"name": f"POC de {p.email}", "language": "go"}, headers=p.headers)
        assert res.status_code == 201


def test_a_request_without_an_actor_reads_no_tenants_rows(postgres, client, probe_api, owner_a, owner_b):
    _a_poc_each(client, owner_a, owner_b)
    with system_session(reason="test: what exists") as session:
        everything = _counts(session)
    assert everything["pocs"] == 2 and everything["users"] == 2 and everything["domain_events"] > 0
    seen = probe_api.get("/rows").json()
    assert seen == dict.fromkeys(TABLES, 0)  # not one row of any table, of any tenant
    mine = probe_api.get("/my-rows", headers=owner_a.headers).json()
    assert mine["pocs"] == 1 and mine["users"] == 1 and mine["tenants"] == 1


def test_a_session_with_no_tenant_reads_nothing_and_writes_nothing(postgres, owner_a):
    with new_session() as session:
        assert _counts(session) == dict.fromkeys(TABLES, 0)
        with pytest.raises(Exception, match="row-level security"):
            session.execute(
                text("INSERT INTO favorites (tenant_id, user_id, poc_id, created_at) VALUES (:t, :u, :u, now())"),
                {"t": owner_a.tenant_id, "u": owner_a.user_id},
            )


def test_narrowing_applies_to_the_open_transaction_too(postgres, owner_a, owner_b):
    with new_system_session(reason="test: widest first") as session:
        assert session.execute(text("SELECT count(*) FROM users")).scalar_one() == 2
        scope_to_tenant(session, uuid.UUID(owner_a.tenant_id))  # same transaction, no commit in between
        assert session.execute(text("SELECT count(*) FROM users")).scalar_one() == 1


def test_a_system_session_needs_a_reason(profile):
    with pytest.raises(ValueError, match="reason"):
        new_system_session(reason=" ")
    with new_system_session(reason="test: named") as session:
        assert session.info["system"] and session.info["reason"] == "test: named"
    with pytest.raises(TypeError):
        session_scope(system=True)  # type: ignore[call-arg]  # the unnamed way is gone


def test_each_tenants_events_are_delivered_in_that_tenants_scope(client, owner_a, owner_b, monkeypatch):
    _a_poc_each(client, owner_a, owner_b)
    with system_session(reason="test: queue every event for a probe consumer") as session:
        for e in session.exec(DomainEvent.__table__.select()).all():
            session.add(OutboxPending(consumer="probe", event_id=e.id, tenant_id=e.tenant_id))
    calls: list[tuple] = []

    def probe(session, events) -> None:
        users = session.execute(text("SELECT count(*) FROM users")).scalar_one()
        calls.append((session.info["tenant_id"], session.info["system"], {e.tenant_id for e in events}, users))

    monkeypatch.setitem(outbox.HANDLERS, "probe", probe)
    assert outbox.deliver_all("probe") > 0
    tenants = {uuid.UUID(owner_a.tenant_id), uuid.UUID(owner_b.tenant_id)}
    assert {c[0] for c in calls} == tenants
    on_postgres = get_engine().dialect.name == "postgresql"
    for tenant_id, system, event_tenants, users in calls:
        assert not system and event_tenants == {tenant_id}
        assert users == 1 or not on_postgres  # the consumer's session sees its tenant's rows only
    assert outbox.deliver_all("probe") == 0


def test_tasks_that_know_their_tenant_open_its_session(client, owner_a, monkeypatch):
    import tasks.search

    seen: list[dict] = []
    real = tasks.search.session_scope

    def spy(**kwargs):
        seen.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(tasks.search, "session_scope", spy)
    tasks.search.index_poc(owner_a.tenant_id, [])
    tasks.search.index_owner(owner_a.tenant_id, owner_a.user_id)
    assert seen == [{"tenant_id": uuid.UUID(owner_a.tenant_id)}] * 2


# Where a system session is allowed: no tenant exists yet, or the work spans tenants on purpose.
SYSTEM_SCOPE_ALLOWED = {
    "poc_tracker/db.py",  # defines it
    "poc_tracker/api/deps.py",  # system_session_dep, for the routes below
    "poc_tracker/api/accounts.py",  # sign-up, joining, sign-in, token refresh
    "poc_tracker/api/browser_session.py",  # the sign-in grant and the session cookie name no tenant yet
    "poc_tracker/api/admin.py",  # platform admin: every tenant
    "poc_tracker/services/outbox.py",  # the sweep lists tenants with events pending
    "poc_tracker/services/search_index.py",  # a full rebuild lists the tenants changed meanwhile
    "poc_tracker/services/demo.py",  # the demo tenant may not exist yet
    "poc_tracker/cli.py",  # operator commands
    "tasks/pocs.py",  # the purge lists tenants with expired POCs
    "state/base.py",  # ServiceState._call_as_system
    "state/auth.py",  # sign-in, sign-up
    "state/team.py",  # joining by invitation
    "poc_tracker/api/account_security.py",  # forgot/reset password, e-mail links: the token names the user
    "poc_tracker/api/mfa.py",  # the second step of a sign-in: the mfa token names the user
    "poc_tracker/api/sso.py",  # identifier-first discovery and the provider's callback
    "poc_tracker/api/video_page.py",  # a shared Retrospectiva: the link names the tenant
    "poc_tracker/api/videos.py",  # the player's signed file links
    "poc_tracker/metrics_export.py",  # active tenants across the platform
    "tasks/jobs.py",  # the jobs sweep looks at every tenant
    "tasks/mail.py",  # the mail sender and sweep: every tenant's queue
    "tasks/videos.py",  # the December offer to every tenant
    "state/account.py",  # forgot/reset password and e-mail links, signed out
    "state/mfa_sign_in.py",  # the second step of a sign-in
    "poc_tracker/api/privacy.py",  # cancelling a deletion: signed out, e-mail and password name the user
    "state/privacy.py",  # the same, from the page
    "tasks/privacy.py",  # beat lists the erasures due in every tenant
    "state/sso.py",  # identifier-first SSO: the e-mail's domain names the tenant
    "tasks/reports.py",  # beat queues every tenant's scheduled reports
    "tasks/tenants.py",  # beat finds the tenants past their deletion grace (each is erased in its own scope)
    "poc_tracker/api/report_schedules.py",  # a mail's unsubscribe link names the schedule, signed out
    "poc_tracker/api/billing.py",  # Stripe's webhook: the signed event names the tenant; the platform's billing list
    "tasks/billing.py",  # beat moves every tenant past its grace to read-only
}


def _system_scope_calls(path: Path) -> list[ast.Call]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("system_session", "new_system_session", "system_session_dep", "_call_as_system"):
                calls.append(node)
    return calls


def test_system_sessions_are_opened_only_where_no_single_tenant_applies():
    offenders = []
    for folder in ("poc_tracker", "tasks", "state", "pages", "components"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if _system_scope_calls(path) and rel not in SYSTEM_SCOPE_ALLOWED:
                offenders.append(rel)
    assert offenders == []


def test_every_system_session_says_why():
    for folder in ("poc_tracker", "tasks", "state"):
        for path in (ROOT / folder).rglob("*.py"):
            for call in _system_scope_calls(path):
                if path.name == "db.py":
                    continue
                reason = next((k.value for k in call.keywords if k.arg == "reason"), None)
                if reason is None and call.args:  # system_session_dep("…")
                    reason = call.args[0]
                assert reason is not None, f"{path}:{call.lineno}"
                if isinstance(reason, ast.Constant):
                    assert len(reason.value.strip()) > 5, f"{path}:{call.lineno}"
