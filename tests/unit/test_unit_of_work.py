"""One after-commit path: callbacks registered on the session that commits, no global session listener."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
import sqlmodel
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionEvents

from poc_tracker.unit_of_work import UnitOfWork, on_commit, on_rollback

ROOT = Path(__file__).resolve().parents[2]
# The one listener allowed: PostgreSQL's row-level-security scope, set as each transaction begins (no side effect).
ALLOWED = {("after_begin", "poc_tracker.db._apply_scope")}


def _import_everything() -> None:
    """Import every module that could register a listener (the Reflex app module only by its source, below)."""
    import poc_tracker
    import tasks

    for package in (poc_tracker, tasks):
        for found in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if found.name == "poc_tracker.poc_tracker" or ".migrations" in found.name:
                continue
            importlib.import_module(found.name)


def session_listeners() -> set[tuple[str, str]]:
    """Every (event, function) registered on a Session class, SQLAlchemy's, SQLModel's or ours."""
    names = [n for n in vars(SessionEvents) if not n.startswith("_") and n != "dispatch"]
    found = set()
    for cls in (OrmSession, sqlmodel.Session, UnitOfWork):
        for name in names:
            for fn in getattr(cls.dispatch, name)._clslevel.get(cls, ()):
                found.add((name, f"{fn.__module__}.{fn.__qualname__}"))
    return found


def test_no_global_session_listener_drives_a_side_effect():
    _import_everything()
    assert session_listeners() == ALLOWED


def test_no_source_file_registers_a_session_listener():
    pattern = re.compile(r"(listens_for|event\.listen)\(\s*(\w+\.)*(Session|sessionmaker|UnitOfWork)\b")
    found = []
    for folder in ("poc_tracker", "tasks", "state", "pages", "components"):
        for path in (ROOT / folder).rglob("*.py"):
            found += [f"{path.relative_to(ROOT)}:{m.group(0)}" for m in pattern.finditer(path.read_text())]
    assert found == ["poc_tracker/db.py:listens_for(Session"]


@pytest.fixture
def session():
    engine = create_engine("sqlite://")
    with UnitOfWork(engine) as s:
        yield s


def test_after_commit_callbacks_run_once_after_the_commit_in_order(session):
    ran: list[str] = []
    on_commit(session, lambda: ran.append("first"))
    on_commit(session, lambda: ran.append("nudge"), key="nudge")
    on_commit(session, lambda: ran.append("nudge again"), key="nudge")  # same key: once per transaction
    on_commit(session, lambda: ran.append("last"))
    session.execute(text("SELECT 1"))
    assert ran == []
    session.commit()
    assert ran == ["first", "nudge", "last"]
    session.commit()  # the next transaction registered nothing
    assert ran == ["first", "nudge", "last"]


def test_a_rollback_drops_after_commit_callbacks_and_runs_the_undo_ones(session):
    ran: list[str] = []
    on_commit(session, lambda: ran.append("commit"))
    on_rollback(session, lambda: ran.append("undo"))
    session.rollback()
    session.commit()
    assert ran == ["undo"]


def test_closing_without_a_commit_counts_as_a_rollback():
    ran: list[str] = []
    with UnitOfWork(create_engine("sqlite://")) as session:
        on_commit(session, lambda: ran.append("commit"))
        on_rollback(session, lambda: ran.append("undo"))
    assert ran == ["undo"]


def test_a_commit_forgets_the_undo_callbacks(session):
    ran: list[str] = []
    on_rollback(session, lambda: ran.append("undo"))
    session.commit()
    session.rollback()
    session.close()
    assert ran == []


def test_a_failing_callback_neither_stops_the_others_nor_fails_the_commit(session):
    ran: list[str] = []
    on_commit(session, lambda: 1 / 0)
    on_commit(session, lambda: ran.append("still"))
    session.commit()
    assert ran == ["still"]


def test_only_a_unit_of_work_takes_callbacks():
    with sqlmodel.Session(create_engine("sqlite://")) as plain, pytest.raises(TypeError):
        on_commit(plain, lambda: None)


def test_every_consumer_events_are_queued_for_has_a_handler():
    from poc_tracker.services.events import CONSUMERS
    from poc_tracker.services.outbox import HANDLERS

    assert set(HANDLERS) == set(CONSUMERS)


def test_poc_events_go_to_the_search_index_purges_to_the_file_store_and_everything_to_the_audit_log():
    from poc_tracker.services.events import consumers_of

    assert consumers_of("poc.created", "poc", {}) == ["audit", "search"]
    assert consumers_of("poc.deleted", "poc", {}) == ["audit", "search"]
    assert consumers_of("poc.purged", "poc", {}) == ["audit", "search", "files"]
    assert consumers_of("tag.renamed", "tag", {}) == ["audit"]
    assert consumers_of("user.profile_updated", "user", {"fields": ["name"]}) == ["audit", "search"]
    assert consumers_of("user.profile_updated", "user", {"fields": ["locale"]}) == ["audit"]
