"""Dojo hosts take turns like everyone: a host's seat (role "host") becomes a place in the audience queue.

Revision ID: 0020_dojo_host_takes_turns
"""

from __future__ import annotations

from alembic import op

revision = "0020_dojo_host_takes_turns"
down_revision = "0022_billing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply (the next turn seats the host from the queue; who hosts is ``dojos.host_id``)."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("SET LOCAL app.bypass_rls = 'on'")  # every tenant's rows, as the policies allow a migration
    op.execute("UPDATE dojo_participants SET role = 'audience' WHERE role = 'host'")


def downgrade() -> None:
    """Revert: hosts sit in their own seat again."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("SET LOCAL app.bypass_rls = 'on'")
    op.execute(
        "UPDATE dojo_participants SET role = 'host' FROM dojos "
        "WHERE dojos.id = dojo_participants.dojo_id AND dojos.host_id = dojo_participants.user_id"
    )
