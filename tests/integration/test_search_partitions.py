"""Migrations 0006 and 0007 on PostgreSQL: documents move into tenant partitions and back; short GIN lists."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import text
from sqlmodel import Session

from poc_tracker.search.base import Criteria, SearchDoc
from poc_tracker.search.postgres import COLUMNS, PostgresBackend, row
from poc_tracker.search.query import parse
from poc_tracker.search.sql_schema import GIN_INDEXES, PARTITIONS, SEARCH_INDEXES
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(not PG_URL, reason="partitions are a PostgreSQL feature")
BEFORE = "0005_search_terms"
TENANT_A, TENANT_B = uuid.uuid4(), uuid.uuid4()


@pytest.fixture
def database() -> str:
    """A scratch database of its own (migrations run outside the shared test schema)."""
    base, _ = PG_URL.rsplit("/", 1)
    name = "poc_tracker_migration_test"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def doc(tenant: uuid.UUID, name: str, content: str = "") -> SearchDoc:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    return SearchDoc(
        poc_id=uuid.uuid4(),
        tenant_id=tenant,
        owner_id=uuid.uuid4(),
        owner_name="Ana Souza",
        name=name,
        description="",
        experiment="",
        language="Python",
        tags=["mensageria"],
        status="done",
        decision="adopted",
        content=content,
        created_at=now,
        updated_at=now,
    )


def found(url: str, tenant: uuid.UUID, q: str) -> list[str]:
    from poc_tracker.db import engine_for

    with Session(engine_for(url)) as session:
        result = PostgresBackend().search(session, Criteria(tenant_id=tenant, query=parse(q)))
    return sorted(h.name for h in result.hits)


def partitions(url: str) -> int:
    from poc_tracker.db import engine_for

    with engine_for(url).connect() as conn:
        return conn.execute(text("SELECT count(*) FROM pg_inherits WHERE inhparent = 'search_docs'::regclass")).scalar()


def test_documents_move_into_tenant_partitions_and_back(database: str) -> None:
    from poc_tracker.db import engine_for
    from poc_tracker.migrations import alembic_config, upgrade

    upgrade(database, BEFORE)
    before = [
        doc(TENANT_A, "Fila de mensagens", "def publicar(): pass"),
        doc(TENANT_A, "Cache de sessão"),
        doc(TENANT_B, "Fila de tarefas"),
    ]
    with engine_for(database).begin() as conn:  # as revision 0005's backend wrote them
        conn.execute(
            text(f"INSERT INTO search_docs ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)})"),
            [row(d) for d in before],
        )

    upgrade(database)
    assert partitions(database) == PARTITIONS
    assert found(database, TENANT_A, "fila") == ["Fila de mensagens"]
    assert found(database, TENANT_A, "publicar") == ["Fila de mensagens"]
    assert found(database, TENANT_B, "fila") == ["Fila de tarefas"]
    with engine_for(database).connect() as conn:  # a tenant's search reads one partition
        plan = "\n".join(
            conn.execute(
                text("EXPLAIN SELECT poc_id FROM search_docs WHERE tenant_id = :t AND tsv @@ 'fila'::tsquery"),
                {"t": TENANT_A},
            ).scalars()
        )
        key = conn.execute(
            text(  # never led by the tenant (see sql_schema.repartition)
                "SELECT array_agg(a.attname ORDER BY k.n) FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(att, n) "
                "JOIN pg_attribute a ON a.attnum = k.att WHERE i.indrelid = 'search_docs'::regclass "
                "AND i.indisprimary AND a.attrelid = i.indrelid"
            )
        ).scalar()
        per_partition = conn.execute(
            text("SELECT count(*) FROM pg_index WHERE indrelid = 'search_docs_p00'::regclass")
        ).scalar()
        short = conn.execute(
            text(  # migration 0007: short pending lists for searches to read
                "SELECT count(*) FILTER (WHERE 'gin_pending_list_limit=256' = ANY(reloptions)), count(*) FROM pg_class "
                f"WHERE oid::regclass::text IN ({GIN_INDEXES})"
            )
        ).one()
    assert plan.count("on search_docs_p") == 1, plan
    assert per_partition == len(SEARCH_INDEXES) + 1  # every GIN index, and the key, on each partition
    assert key == ["poc_id", "tenant_id"]
    assert tuple(short) == (PARTITIONS * len(SEARCH_INDEXES) + 1,) * 2  # and the terms' trigrams

    with Session(engine_for(database)) as session:  # an edit replaces the tenant's document in its partition
        edited = doc(TENANT_A, "Fila de eventos")
        PostgresBackend().index(session, [edited])
        PostgresBackend().index(session, [replace(edited, name="Fila de eventos com Kafka")])
        session.commit()
    assert found(database, TENANT_A, "eventos") == ["Fila de eventos com Kafka"]

    from alembic import command

    command.downgrade(alembic_config(database), BEFORE)
    assert partitions(database) == 0
    assert found(database, TENANT_A, "fila") == ["Fila de eventos com Kafka", "Fila de mensagens"]
    assert found(database, TENANT_B, "fila") == ["Fila de tarefas"]
