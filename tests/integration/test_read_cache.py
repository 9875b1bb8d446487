"""The read cache: served only at the tenant's current generation, bumped by every committed change."""

from __future__ import annotations

import uuid

import pytest

from poc_tracker import read_cache
from poc_tracker.db import session_scope
from poc_tracker.services import pocs
from poc_tracker.services.outbox import deliver_tenant
from poc_tracker.services.users import actor_for
from tests.personas import Persona


def _ids(persona: Persona) -> tuple[uuid.UUID, uuid.UUID]:
    return uuid.UUID(persona.tenant_id), uuid.UUID(persona.user_id)


def _generation(tenant_id: uuid.UUID) -> int:
    got = read_cache.get("probe", tenant_id, uuid.UUID(int=0))
    assert got is not None
    return got.generation


def _create_poc(persona: Persona, name: str, *, fail: bool = False) -> None:
    tenant_id, user_id = _ids(persona)
    with session_scope(tenant_id=tenant_id) as session:
        actor = actor_for(session, user_id=user_id, tenant_id=tenant_id)
        pocs.create_poc(session, actor=actor, data={"name": name, "language": "Python"})
        if fail:
            raise RuntimeError("the transaction ends without committing")


def test_the_embedded_profile_caches_nothing(profile, owner_a: Persona):
    if profile.name != "embedded":
        pytest.skip("the embedded profile has no Redis")
    assert read_cache.get("dashboard", *_ids(owner_a)) is None


def test_an_entry_is_served_until_the_tenant_changes(profile, owner_a: Persona, owner_b: Persona):
    if profile.name == "embedded":
        pytest.skip("needs Redis")
    tenant, user = _ids(owner_a)
    first = read_cache.get("dashboard", tenant, user, "pt_BR")
    assert first is not None and first.value is None
    read_cache.put(first, {"my_pocs": "3"})
    assert read_cache.get("dashboard", tenant, user, "pt_BR").value == {"my_pocs": "3"}
    assert read_cache.get("dashboard", tenant, user, "en").value is None  # another language, another entry
    assert read_cache.get("dashboard", tenant, uuid.uuid4(), "pt_BR").value is None  # another user, never shared
    read_cache.bump(*_ids(owner_b)[:1])
    assert read_cache.get("dashboard", tenant, user, "pt_BR").value == {"my_pocs": "3"}  # another tenant changed
    read_cache.bump(tenant)
    assert read_cache.get("dashboard", tenant, user, "pt_BR").value is None


def test_a_value_computed_while_a_write_landed_is_not_passed_off_as_fresh(profile, owner_a: Persona):
    if profile.name == "embedded":
        pytest.skip("needs Redis")
    tenant, user = _ids(owner_a)
    before = read_cache.get("dashboard", tenant, user)
    read_cache.bump(tenant)  # a write commits while the page computes from what it read before
    read_cache.put(before, {"my_pocs": "0"})
    assert read_cache.get("dashboard", tenant, user).value is None


def test_a_committed_change_bumps_the_generation_a_rolled_back_one_does_not(profile, owner_a: Persona):
    if profile.name == "embedded":
        pytest.skip("needs Redis")
    tenant, _ = _ids(owner_a)
    start = _generation(tenant)
    _create_poc(owner_a, "Cache frio")
    assert _generation(tenant) == start + 1
    with pytest.raises(RuntimeError):
        _create_poc(owner_a, "Nunca existiu", fail=True)
    assert _generation(tenant) == start + 1


def test_the_activity_feed_recorded_by_the_worker_bumps_it_too(profile, owner_a: Persona):
    if profile.name == "embedded":
        pytest.skip("needs Redis")
    tenant, _ = _ids(owner_a)
    _create_poc(owner_a, "Feed novo")
    start = _generation(tenant)
    assert deliver_tenant("audit", tenant) >= 1
    assert _generation(tenant) == start + 1
