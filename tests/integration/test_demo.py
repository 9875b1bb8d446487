"""`poc-tracker demo` as the README tells a new team to run it: a tenant with POCs and a sign-in that works."""

from __future__ import annotations


def test_the_demo_tenant_is_created_filled_and_its_owner_signs_in(client):
    from poc_tracker.services.demo import ensure_demo_tenant, fill_tenant

    demo = ensure_demo_tenant("demo")
    fill_tenant(demo.tenant_id, 3)
    res = client.post("/api/v1/auth/login", json={"email": demo.email, "password": demo.password})
    assert res.status_code == 200, res.text
    headers = {"Authorization": f"Bearer {res.json()['accessToken']}"}
    assert client.get("/api/v1/pocs", headers=headers).json()["totalCount"] >= 3
    assert ensure_demo_tenant("demo").tenant_id == demo.tenant_id  # running it again reuses the tenant


def test_demo_pocs_are_searchable_with_no_worker_running(client):
    """No worker runs in this test: what the command wrote must be indexed before it returns."""
    from poc_tracker.db import system_session
    from poc_tracker.services.demo import ensure_demo_tenant, fill_tenant
    from poc_tracker.services.outbox import pending_counts

    demo = ensure_demo_tenant("demo")
    fill_tenant(demo.tenant_id, 2)
    with system_session(reason="test") as session:
        assert pending_counts(session) == {}
    token = client.post("/api/v1/auth/login", json={"email": demo.email, "password": demo.password}).json()
    headers = {"Authorization": f"Bearer {token['accessToken']}"}
    first = client.get("/api/v1/pocs", headers=headers, params={"sort": "created", "limit": 1}).json()["data"][0]
    word = max(first["name"].split(), key=len)
    found = client.get("/api/v1/search/pocs", headers=headers, params={"q": word}).json()
    assert first["id"] in [h["pocId"] for h in found["hits"]], found
