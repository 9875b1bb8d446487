"""The database itself refuses a tenant change and, on PostgreSQL, hides other tenants' rows."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from poc_tracker.db import new_session, new_system_session
from tests.personas import Persona


def test_a_users_tenant_can_never_change(owner_a: Persona, owner_b: Persona):
    with new_system_session(reason="test") as session, pytest.raises(DBAPIError):
        session.execute(
            text("UPDATE users SET tenant_id = :b WHERE id = :u"),
            {
                "b": owner_b.tenant_id.replace("-", "") if session.bind.dialect.name == "sqlite" else owner_b.tenant_id,
                "u": owner_a.user_id.replace("-", "") if session.bind.dialect.name == "sqlite" else owner_a.user_id,
            },
        )
        session.flush()


def test_row_level_security_hides_other_tenants(profile, owner_a: Persona, owner_b: Persona):
    if profile.name != "production":
        pytest.skip("row-level security is a PostgreSQL feature; SQLite relies on the service layer")
    with new_session(tenant_id=owner_a.tenant_id) as session:
        assert session.execute(text("SELECT count(*) FROM users")).scalar() == 1
        assert session.execute(text("SELECT count(*) FROM tenants")).scalar() == 1
        assert session.execute(text("SELECT count(*) FROM users WHERE id = :b"), {"b": owner_b.user_id}).scalar() == 0
    with new_session() as session:  # no tenant in context: fail closed
        assert session.execute(text("SELECT count(*) FROM users")).scalar() == 0
    with new_system_session(reason="test") as session:
        assert session.execute(text("SELECT count(*) FROM users")).scalar() == 2
