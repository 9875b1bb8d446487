"""Roles grant permissions in order: viewer < member < admin < owner."""

from __future__ import annotations

import itertools

from poc_tracker.auth.roles import permissions_for, top_role


def test_stronger_roles_include_weaker_permissions():
    order = ["viewer", "member", "admin", "owner"]
    for weaker, stronger in itertools.pairwise(order):
        assert set(permissions_for([weaker])) < set(permissions_for([stronger]))


def test_viewer_reads_only():
    perms = permissions_for(["viewer"])
    assert "pocs:read" in perms and "pocs:write" not in perms


def test_unknown_roles_fall_back_to_viewer():
    assert top_role(["hacker"]) == "viewer"
    assert top_role(["member", "admin"]) == "admin"


def test_platform_admin_is_an_extra_permission():
    assert "platform:admin" in permissions_for(["member"], platform_admin=True)
    assert "platform:admin" not in permissions_for(["owner"])
