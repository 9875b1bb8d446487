"""Collection routes: create, list, read with POCs in order, edit, delete, add, remove and reorder POCs."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, status
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.organize_schemas import (
    CollectionCreate,
    CollectionDetail,
    CollectionItemPut,
    CollectionOrder,
    CollectionPublic,
    CollectionsPublic,
    CollectionUpdate,
)
from poc_tracker.api.pocs import pocs_public
from poc_tracker.models import Collection
from poc_tracker.services import collection_items, collections
from poc_tracker.services.actor import Actor

router = APIRouter(tags=["collections"])


def collections_public(session: Session, actor: Actor, rows: list[Collection]) -> list[CollectionPublic]:
    """Collections with owner names and POC counts (one query each)."""
    names = collections.owner_names(session, actor, rows)
    counts = collections.poc_counts(session, actor, rows)
    return [
        CollectionPublic.model_validate(c).model_copy(
            update={
                "owner_name": names.get(c.owner_id, ""),
                "poc_count": counts.get(c.id, 0),
                "can_edit": collections.can_change(actor, c),
            }
        )
        for c in rows
    ]


def collection_detail(session: Session, actor: Actor, collection: Collection) -> CollectionDetail:
    """A collection and its live POCs, in order."""
    summary = collections_public(session, actor, [collection])[0]
    rows = collection_items.collection_pocs(session, actor=actor, collection=collection)
    return CollectionDetail(**summary.model_dump(), pocs=pocs_public(session, actor, rows))


@router.post("/collections", status_code=status.HTTP_201_CREATED, response_model=CollectionDetail)
def create_collection(body: CollectionCreate, session: SessionDep, actor: CurrentActor) -> CollectionDetail:
    """Create a collection (members and up); private unless ``visibility`` is ``tenant``."""
    collection = collections.create_collection(session, actor=actor, data=body.model_dump(exclude_unset=True))
    session.commit()
    return collection_detail(session, actor, collection)


@router.get("/collections", response_model=CollectionsPublic)
def list_collections(
    session: SessionDep,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CollectionsPublic:
    """My collections and those shared with my tenant, most recently changed first."""
    rows, total = collections.list_collections(session, actor=actor, page=page, limit=limit)
    return CollectionsPublic(
        data=collections_public(session, actor, rows),
        total_count=total,
        page=page,
        limit=limit,
        has_more=page * limit < total,
    )


@router.get("/collections/{collection_id}", response_model=CollectionDetail)
def read_collection(collection_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> CollectionDetail:
    """One collection with its POCs in order."""
    return collection_detail(session, actor, collections.access_collection_by_id(session, actor, collection_id))


@router.patch("/collections/{collection_id}", response_model=CollectionDetail)
def update_collection(
    collection_id: uuid.UUID, body: CollectionUpdate, session: SessionDep, actor: CurrentActor
) -> CollectionDetail:
    """Rename, describe or share a collection (its owner, or an admin)."""
    collection = collections.update_collection(
        session, actor=actor, collection_id=collection_id, data=body.model_dump(exclude_unset=True)
    )
    session.commit()
    return collection_detail(session, actor, collection)


@router.delete("/collections/{collection_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_collection(collection_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Delete a collection; its POCs stay."""
    collections.delete_collection(session, actor=actor, collection_id=collection_id)
    session.commit()


@router.put("/collections/{collection_id}/pocs/{poc_id}", response_model=CollectionDetail)
def put_collection_poc(
    collection_id: uuid.UUID,
    poc_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    body: Annotated[CollectionItemPut | None, Body()] = None,
) -> CollectionDetail:
    """Add a POC (at the end, or at ``position``); a POC already there only moves, if asked."""
    collection = collection_items.add_poc(
        session, actor=actor, collection_id=collection_id, poc_id=poc_id, position=body.position if body else None
    )
    session.commit()
    return collection_detail(session, actor, collection)


@router.delete("/collections/{collection_id}/pocs/{poc_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_collection_poc(
    collection_id: uuid.UUID, poc_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> None:
    """Take a POC out of a collection; the others close the gap."""
    collection_items.remove_poc(session, actor=actor, collection_id=collection_id, poc_id=poc_id)
    session.commit()


@router.put("/collections/{collection_id}/order", response_model=CollectionDetail)
def reorder_collection(
    collection_id: uuid.UUID, body: CollectionOrder, session: SessionDep, actor: CurrentActor
) -> CollectionDetail:
    """Reorder: the listed POCs first, in that order; any others keep their order after them."""
    collection = collection_items.reorder(session, actor=actor, collection_id=collection_id, poc_ids=body.poc_ids)
    session.commit()
    return collection_detail(session, actor, collection)
