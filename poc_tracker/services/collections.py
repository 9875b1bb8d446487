"""Collections: named, ordered groups of POCs, private to their owner or shared with the tenant."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, or_
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from poc_tracker.errors import Conflict, Forbidden, Invalid, NotFound
from poc_tracker.models import Collection, CollectionItem, Poc, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.validation import clean_text

VISIBILITIES = ("private", "tenant")
LIMITS = {"name": 100, "description": 1000}


def _visible(actor: Actor) -> SelectOfScalar[Collection]:
    """The collections an actor may see: the tenant's shared ones and their own."""
    return (
        select(Collection)
        .where(Collection.tenant_id == actor.tenant_id)
        .where(or_(col(Collection.visibility) == "tenant", col(Collection.owner_id) == actor.user_id))
    )


def access_collection_by_id(
    session: Session, actor: Actor, collection_id: uuid.UUID, *, for_update: bool = False
) -> Collection:
    """A collection the actor may see; missing, foreign and someone else's private one look the same."""
    query = _visible(actor).where(Collection.id == collection_id)
    collection = session.exec(query.with_for_update() if for_update else query).first()
    if collection is None:
        raise NotFound("Coleção não encontrada.", code="collection_not_found")
    return collection


def can_change(actor: Actor, collection: Collection) -> bool:
    """Admins and owners change every visible collection; members their own."""
    return actor.can("pocs:write_all") or (actor.can("pocs:write") and collection.owner_id == actor.user_id)


def access_collection_for_change(session: Session, actor: Actor, collection_id: uuid.UUID) -> Collection:
    """A collection the actor may change, locked for the rest of the transaction."""
    collection = access_collection_by_id(session, actor, collection_id, for_update=True)
    if not can_change(actor, collection):
        raise Forbidden("Você só pode alterar as suas próprias coleções.", code="not_your_collection")
    return collection


def clean_collection(data: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise the collection fields present in ``data``."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in LIMITS:
            out[key] = clean_text(value or "", field=key, max_length=LIMITS[key], required=key == "name")
        elif key == "visibility":
            if value not in VISIBILITIES:
                raise Invalid(
                    "Valor inválido para {field}.",
                    code="invalid_choice",
                    details={"field": key, "allowed": list(VISIBILITIES)},
                    field=key,
                )
            out[key] = value
    return out


def refuse_duplicate_name(session: Session, actor: Actor, name: str, *, except_id: uuid.UUID | None = None) -> None:
    """Two collections the actor sees may not share a name (case and accents of spaces aside): the menus list names."""
    wanted = " ".join(name.split()).casefold()
    for other_id, other in session.exec(select(Collection.id, Collection.name).where(_visible(actor).whereclause)):
        if other_id != except_id and " ".join(other.split()).casefold() == wanted:
            raise Conflict(
                "Já existe uma coleção chamada {name}.",
                code="collection_name_taken",
                details={"field": "name"},
                field="name",
                name=name,
            )


def create_collection(session: Session, *, actor: Actor, data: dict[str, Any]) -> Collection:
    """A new collection owned by the actor (members and up); private unless said otherwise."""
    actor.require("pocs:write")
    if "name" not in data:
        raise Invalid("O campo {field} é obrigatório.", code="required", details={"field": "name"}, field="name")
    fields = clean_collection(data)
    refuse_duplicate_name(session, actor, fields["name"])
    collection = Collection(tenant_id=actor.tenant_id, owner_id=actor.user_id, **fields)
    session.add(collection)
    session.flush()
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="collection.created",
        target_type="collection",
        target_id=collection.id,
        name=collection.name,
        visibility=collection.visibility,
    )
    return collection


def update_collection(session: Session, *, actor: Actor, collection_id: uuid.UUID, data: dict[str, Any]) -> Collection:
    """Rename, describe or share a collection (its owner, or an admin)."""
    collection = access_collection_for_change(session, actor, collection_id)
    fields = clean_collection(data)
    changed = [k for k, v in fields.items() if getattr(collection, k) != v]
    if not changed:
        return collection
    if "name" in changed:
        refuse_duplicate_name(session, actor, fields["name"], except_id=collection.id)
    for key in changed:
        setattr(collection, key, fields[key])
    collection.updated_at = utcnow()
    session.add(collection)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="collection.updated",
        target_type="collection",
        target_id=collection.id,
        fields=changed,
    )
    return collection


def delete_collection(session: Session, *, actor: Actor, collection_id: uuid.UUID) -> None:
    """Delete a collection (never its POCs)."""
    collection = access_collection_for_change(session, actor, collection_id)
    session.execute(delete(CollectionItem).where(col(CollectionItem.collection_id) == collection.id))
    session.delete(collection)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="collection.deleted",
        target_type="collection",
        target_id=collection.id,
        name=collection.name,
    )


def list_collections(session: Session, *, actor: Actor, page: int = 1, limit: int = 20) -> tuple[list[Collection], int]:
    """A page of the collections I may see, most recently changed first."""
    actor.require("pocs:read")
    query = _visible(actor)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Collection.updated_at).desc(), col(Collection.id)).offset((page - 1) * limit).limit(limit)
    ).all()
    return list(rows), int(total)


def poc_counts(session: Session, actor: Actor, collections: list[Collection]) -> dict[uuid.UUID, int]:
    """How many live POCs each collection holds (one query)."""
    ids = [c.id for c in collections]
    if not ids:
        return {}
    query = (
        select(CollectionItem.collection_id, func.count())
        .join(Poc, col(Poc.id) == col(CollectionItem.poc_id))
        .where(
            CollectionItem.tenant_id == actor.tenant_id,
            col(CollectionItem.collection_id).in_(ids),
            col(Poc.deleted_at).is_(None),
        )
        .group_by(col(CollectionItem.collection_id))
    )
    return {cid: int(n) for cid, n in session.exec(query).all()}


def owner_names(session: Session, actor: Actor, collections: list[Collection]) -> dict[uuid.UUID, str]:
    """Names of the owners of some collections (one query)."""
    ids = {c.owner_id for c in collections}
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.name).where(User.tenant_id == actor.tenant_id, col(User.id).in_(ids)))
    return dict(rows.all())
