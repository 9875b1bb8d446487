"""The POCs in a collection: add at a position, remove, reorder; positions stay packed from 0.

Items whose POC is in the bin keep their slot but are hidden; positions a client sends count only
the POCs it can see.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from poc_tracker.errors import Invalid
from poc_tracker.models import Collection, CollectionItem, Poc
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.collections import access_collection_for_change, create_collection
from poc_tracker.services.events import emit
from poc_tracker.services.pocs import access_poc_by_id

MAX_ITEMS = 500


def collection_pocs(session: Session, *, actor: Actor, collection: Collection) -> list[Poc]:
    """The live POCs of a collection, in order."""
    query = (
        select(Poc)
        .join(CollectionItem, col(CollectionItem.poc_id) == col(Poc.id))
        .where(
            CollectionItem.collection_id == collection.id,
            CollectionItem.tenant_id == actor.tenant_id,
            Poc.tenant_id == actor.tenant_id,
            col(Poc.deleted_at).is_(None),
        )
        .order_by(col(CollectionItem.position), col(CollectionItem.added_at), col(Poc.id))
    )
    return list(session.exec(query).all())


def _items(session: Session, collection: Collection) -> list[CollectionItem]:
    query = (
        select(CollectionItem)
        .where(CollectionItem.collection_id == collection.id)
        .order_by(col(CollectionItem.position), col(CollectionItem.added_at), col(CollectionItem.poc_id))
    )
    return list(session.exec(query).all())


def _live(session: Session, actor: Actor, items: list[CollectionItem]) -> set[uuid.UUID]:
    ids = [it.poc_id for it in items]
    if not ids:
        return set()
    query = select(Poc.id).where(Poc.tenant_id == actor.tenant_id, col(Poc.id).in_(ids), col(Poc.deleted_at).is_(None))
    return set(session.exec(query).all())


def _save_order(
    session: Session,
    actor: Actor,
    collection: Collection,
    items: list[CollectionItem],
    kind: str,
    poc_id: uuid.UUID | None = None,
) -> None:
    """Re-pack positions, touch the collection and record the event."""
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            session.add(item)
    collection.updated_at = utcnow()
    session.add(collection)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind=kind,
        target_type="collection",
        target_id=collection.id,
        **({"poc_id": str(poc_id)} if poc_id else {}),
        order=[str(it.poc_id) for it in items],
    )


def add_poc(
    session: Session, *, actor: Actor, collection_id: uuid.UUID, poc_id: uuid.UUID, position: int | None = None
) -> Collection:
    """Put a POC in a collection, at the end or at a position; adding it again only moves it, if asked."""
    collection = access_collection_for_change(session, actor, collection_id)
    poc = access_poc_by_id(session, actor, poc_id)
    items = _items(session, collection)
    current = next((it for it in items if it.poc_id == poc.id), None)
    live = _live(session, actor, items) | {poc.id}
    if current is not None:
        visible = [it for it in items if it.poc_id in live]
        if position is None or visible.index(current) == min(position, len(visible) - 1):
            return collection
        items.remove(current)
        kind = "collection.reordered"
    else:
        if len(items) >= MAX_ITEMS:
            raise Invalid(
                "Uma coleção pode ter no máximo {max} POCs.",
                code="collection_full",
                details={"max": MAX_ITEMS},
                max=MAX_ITEMS,
            )
        current = CollectionItem(collection_id=collection.id, poc_id=poc.id, tenant_id=actor.tenant_id)
        session.add(current)
        kind = "collection.poc_added"
    visible = [it for it in items if it.poc_id in live]
    if position is not None and position < len(visible):
        items.insert(items.index(visible[max(position, 0)]), current)
    else:
        items.append(current)
    _save_order(session, actor, collection, items, kind, poc.id)
    return collection


def remove_poc(session: Session, *, actor: Actor, collection_id: uuid.UUID, poc_id: uuid.UUID) -> Collection:
    """Take a POC out of a collection (a POC in the bin too); removing it twice changes nothing."""
    collection = access_collection_for_change(session, actor, collection_id)
    poc = access_poc_by_id(session, actor, poc_id, deleted=True)
    items = _items(session, collection)
    current = next((it for it in items if it.poc_id == poc.id), None)
    if current is None:
        return collection
    items.remove(current)
    session.delete(current)
    _save_order(session, actor, collection, items, "collection.poc_removed", poc.id)
    return collection


def reorder(session: Session, *, actor: Actor, collection_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> Collection:
    """Put the listed POCs first, in that order; the others keep their relative order after them."""
    collection = access_collection_for_change(session, actor, collection_id)
    items = _items(session, collection)
    by_poc = {it.poc_id: it for it in items}
    if len(set(poc_ids)) != len(poc_ids):
        raise Invalid("A lista de POCs tem itens repetidos.", code="duplicate_ids", details={"field": "pocIds"})
    unknown = [str(p) for p in poc_ids if p not in by_poc]
    if unknown:
        raise Invalid(
            "Uma ou mais POCs não estão na coleção.",
            code="not_in_collection",
            details={"field": "pocIds", "pocIds": unknown},
        )
    listed = set(poc_ids)
    ordered = [by_poc[p] for p in poc_ids] + [it for it in items if it.poc_id not in listed]
    if ordered == items:
        return collection
    _save_order(session, actor, collection, ordered, "collection.reordered")
    return collection


def collections_holding(session: Session, *, actor: Actor, poc_id: uuid.UUID) -> set[uuid.UUID]:
    """The ids of the actor's tenant's collections that hold a POC (the POC page's menu marks them)."""
    query = select(CollectionItem.collection_id).where(
        CollectionItem.tenant_id == actor.tenant_id, CollectionItem.poc_id == poc_id
    )
    return set(session.exec(query).all())


def create_with_poc(session: Session, *, actor: Actor, name: str, poc_id: uuid.UUID) -> Collection:
    """A new private collection that starts with one POC (the POC page's "Nova coleção")."""
    access_poc_by_id(session, actor, poc_id)  # a POC the actor cannot see makes no collection
    collection = create_collection(session, actor=actor, data={"name": name})
    return add_poc(session, actor=actor, collection_id=collection.id, poc_id=poc_id)
