"""Migration 0008 on SQLite: documents move into one FTS5 table per tenant and back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from poc_tracker.search.base import Criteria, SearchDoc
from poc_tracker.search.query import parse
from poc_tracker.search.sqlite import INSERT_DOC, SqliteBackend, doc_row, fts_row, fts_table, tenant_tables
from poc_tracker.search.text import stem

BEFORE = "0007_search_gin_pending"
TENANT_A, TENANT_B = uuid.uuid4(), uuid.uuid4()


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
        decision="go",
        content=content,
        created_at=now,
        updated_at=now,
    )


def found(url: str, tenant: uuid.UUID, q: str) -> list[tuple[str, float]]:
    """Names and scores of what a tenant finds."""
    from poc_tracker.db import engine_for

    with Session(engine_for(url)) as session:
        result = SqliteBackend().search(session, Criteria(tenant_id=tenant, query=parse(q)))
    return sorted((h.name, round(h.score, 9)) for h in result.hits)


def test_documents_move_into_a_table_per_tenant_and_back(tmp_path: Path) -> None:
    from alembic import command

    from poc_tracker.db import engine_for
    from poc_tracker.migrations import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'search.db'}"
    upgrade(url, BEFORE)
    before = [
        doc(TENANT_A, "Fila de mensagens", "def publicar(): pass"),
        doc(TENANT_A, "Cache de sessão"),
        doc(TENANT_B, "Fila de tarefas"),
    ]
    with engine_for(url).begin() as conn:  # as revision 0007's backend wrote them: one shared table
        for d in before:
            doc_id = conn.execute(INSERT_DOC, doc_row(d)).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO search_fts (rowid, scope, name, tags, body, content) "
                    "VALUES (:doc_id, :scope, :name, :tags, :body, :content)"
                ),
                {"doc_id": doc_id, **fts_row(d)},
            )

    upgrade(url)
    with Session(engine_for(url)) as session:
        assert sorted(tenant_tables(session)) == sorted([fts_table(TENANT_A), fts_table(TENANT_B)])
        assert session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")).first() is None
    assert [n for n, _ in found(url, TENANT_A, "fila")] == ["Fila de mensagens"]
    assert [n for n, _ in found(url, TENANT_A, "publicar")] == ["Fila de mensagens"]
    assert [n for n, _ in found(url, TENANT_B, "fila")] == ["Fila de tarefas"]
    assert [n for n, _ in found(url, TENANT_B, "cache")] == []

    command.downgrade(alembic_config(url), BEFORE)
    with Session(engine_for(url)) as session:
        assert tenant_tables(session) == []
        rows = (
            session.execute(
                text(
                    "SELECT d.name FROM search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid "
                    "WHERE search_fts MATCH :m ORDER BY d.name"
                ),
                {"m": stem("fila")},
            )
            .scalars()
            .all()
        )
    assert rows == ["Fila de mensagens", "Fila de tarefas"]
