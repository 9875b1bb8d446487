"""Who is acting: every service call carries one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from poc_tracker.auth.roles import Role, permissions_for, top_role
from poc_tracker.errors import Forbidden
from poc_tracker.i18n import DEFAULT_LOCALE


@dataclass(frozen=True)
class Actor:
    """A signed-in user acting inside their tenant."""

    user_id: uuid.UUID
    tenant_id: uuid.UUID
    roles: list[str] = field(default_factory=list)
    platform_admin: bool = False
    locale: str = DEFAULT_LOCALE
    session_id: uuid.UUID | None = None  # the sign-in acted through (refresh token family), when known
    read_only: bool = False  # the tenant awaits deletion: reads, and cancelling the deletion, only

    @property
    def role(self) -> Role:
        """The strongest role."""
        return top_role(self.roles)

    @property
    def permissions(self) -> list[str]:
        """Every permission held (while the tenant awaits deletion, only reading and cancelling it)."""
        held = permissions_for(self.roles, platform_admin=self.platform_admin)
        if self.read_only:
            return [p for p in held if p.endswith(":read") or p in ("tenant:delete", "tenant:export")]
        return held

    def can(self, permission: str) -> bool:
        """Whether the actor holds a permission."""
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """Raise Forbidden unless the actor holds a permission."""
        if not self.can(permission):
            raise Forbidden()
