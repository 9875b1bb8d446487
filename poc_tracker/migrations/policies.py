"""Database-side walls used by migrations: row-level security and immutable tenancy."""

from __future__ import annotations

from alembic import op


def enable_tenant_rls(table: str, column: str = "tenant_id") -> None:
    """On PostgreSQL, let a transaction see only its tenant's rows (unless in system scope)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} USING ("
        f"current_setting('app.bypass_rls', true) = 'on' "
        f"OR {column}::text = current_setting('app.tenant_id', true))"
    )


def forbid_tenant_change(table: str) -> None:
    """A row's tenant_id can never change: a trigger refuses it, on both databases."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""CREATE FUNCTION {table}_tenant_immutable() RETURNS trigger AS $$
            BEGIN
              IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id THEN
                RAISE EXCEPTION 'tenant_id of {table} cannot change' USING ERRCODE = 'check_violation';
              END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql"""
        )
        op.execute(
            f"CREATE TRIGGER {table}_tenant_immutable BEFORE UPDATE OF tenant_id ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_tenant_immutable()"
        )
    else:
        op.execute(
            f"CREATE TRIGGER {table}_tenant_immutable BEFORE UPDATE OF tenant_id ON {table} "
            f"WHEN NEW.tenant_id IS NOT OLD.tenant_id "
            f"BEGIN SELECT RAISE(ABORT, 'tenant_id of {table} cannot change'); END"
        )
