"""The write wall of a tenant awaiting deletion: every write emits a domain event, so ``emit`` asks here first."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from poc_tracker.errors import Forbidden
from poc_tracker.i18n import N_
from poc_tracker.models import Tenant

READ_ONLY = N_("A organização está programada para exclusão: até lá, nada pode ser alterado.")
# What stays possible during the grace: signing in and out (owners), keeping the account safe, and the
# privacy rights themselves (cancelling the deletion, exporting the data).
ALLOWED = (
    "auth.",
    "mfa.",
    "user.logged_",
    "user.session",
    "user.password",
    "tenant.deletion_",
    "tenant.export",
    "privacy.",
)


def refuse_writes_while_closing(
    session: Session, *, tenant_id: uuid.UUID, actor_id: uuid.UUID | None, kind: str
) -> None:
    """Refuse a person's write in a tenant whose deletion is scheduled (system work, like purges, goes on)."""
    if actor_id is None or kind.startswith(ALLOWED):
        return
    if session.exec(select(Tenant.deletion_due_at).where(Tenant.id == tenant_id)).first() is not None:
        raise Forbidden(READ_ONLY, code="tenant_read_only")
