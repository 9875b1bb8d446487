"""Roles within a tenant and the permissions each grants."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A user's role in their tenant, strongest first."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


RANK = {Role.OWNER: 4, Role.ADMIN: 3, Role.MEMBER: 2, Role.VIEWER: 1}

PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.VIEWER: ("pocs:read", "profile:write"),
    Role.MEMBER: ("pocs:read", "profile:write", "pocs:write"),
    Role.ADMIN: (
        "pocs:read",
        "profile:write",
        "pocs:write",
        "pocs:write_all",
        "users:read",
        "users:invite",
        "users:manage",
        "tenant:read",
    ),
    Role.OWNER: (
        "pocs:read",
        "profile:write",
        "pocs:write",
        "pocs:write_all",
        "users:read",
        "users:invite",
        "users:manage",
        "tenant:read",
        "tenant:write",
        "tenant:delete",
        "tenant:export",
    ),
}


def parse_role(value: str) -> Role | None:
    """A role from its name, or None."""
    try:
        return Role(value)
    except ValueError:
        return None


def top_role(roles: list[str]) -> Role:
    """The strongest of a user's roles (viewer when none is known)."""
    known = [r for r in (parse_role(v) for v in roles) if r is not None]
    return max(known, key=RANK.__getitem__, default=Role.VIEWER)


def permissions_for(roles: list[str], *, platform_admin: bool = False) -> list[str]:
    """Every permission the roles grant, sorted."""
    perms = set(PERMISSIONS[top_role(roles)])
    if platform_admin:
        perms.add("platform:admin")
    return sorted(perms)
