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
