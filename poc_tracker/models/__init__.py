"""SQLModel tables; importing this package registers every table."""

from poc_tracker.models.audit import AuditLog, DomainEvent
from poc_tracker.models.tenant import Tenant
from poc_tracker.models.user import Invitation, RefreshToken, User

__all__ = ["AuditLog", "DomainEvent", "Invitation", "RefreshToken", "Tenant", "User"]
