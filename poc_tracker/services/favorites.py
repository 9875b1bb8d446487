"""Favourites: a person's stars on the POCs of their tenant."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from poc_tracker.models import Favorite, Poc
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.pocs import access_poc_by_id
from poc_tracker.services.upsert import insert_if_absent


def star_poc(session: Session, *, actor: Actor, poc_id: uuid.UUID) -> bool:
    """Star a POC; starring twice changes nothing. True when the star is new."""
    actor.require("pocs:read")
    poc = access_poc_by_id(session, actor, poc_id)
    added = insert_if_absent(
        session, Favorite, user_id=actor.user_id, poc_id=poc.id, tenant_id=actor.tenant_id, created_at=utcnow()
    )
    if added:
        emit(
            session,
            tenant_id=actor.tenant_id,
            actor_id=actor.user_id,
            kind="favorite.added",
            target_type="poc",
            target_id=poc.id,
        )
    return added


def unstar_poc(session: Session, *, actor: Actor, poc_id: uuid.UUID) -> bool:
    """Remove my star from a POC; True when there was one."""
    actor.require("pocs:read")
    poc = access_poc_by_id(session, actor, poc_id)
    mine = (col(Favorite.user_id) == actor.user_id) & (col(Favorite.poc_id) == poc.id)
    statement = delete(Favorite).where(mine, col(Favorite.tenant_id) == actor.tenant_id).returning(col(Favorite.poc_id))
    removed = session.execute(statement).first() is not None
    if removed:
        emit(
            session,
            tenant_id=actor.tenant_id,
            actor_id=actor.user_id,
            kind="favorite.removed",
            target_type="poc",
            target_id=poc.id,
        )
    return removed


def list_favorites(session: Session, *, actor: Actor, page: int = 1, limit: int = 20) -> tuple[list[Poc], int]:
    """A page of the POCs I starred, newest star first; POCs in the bin are left out."""
    actor.require("pocs:read")
    query = (
        select(Poc)
        .join(Favorite, col(Favorite.poc_id) == col(Poc.id))
        .where(
            Favorite.user_id == actor.user_id,
            Favorite.tenant_id == actor.tenant_id,
            Poc.tenant_id == actor.tenant_id,
            col(Poc.deleted_at).is_(None),
        )
    )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Favorite.created_at).desc(), col(Poc.id)).offset((page - 1) * limit).limit(limit)
    ).all()
    return list(rows), int(total)


def starred_ids(session: Session, *, actor: Actor, poc_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these POCs I starred (one query)."""
    ids = list(poc_ids)
    if not ids:
        return set()
    query = select(Favorite.poc_id).where(
        Favorite.user_id == actor.user_id, Favorite.tenant_id == actor.tenant_id, col(Favorite.poc_id).in_(ids)
    )
    return set(session.exec(query).all())
