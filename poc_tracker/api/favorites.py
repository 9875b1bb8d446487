"""Favourite routes: star, unstar, my starred POCs."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.poc_schemas import PocsPublic
from poc_tracker.api.pocs import pocs_public
from poc_tracker.services import favorites

router = APIRouter(tags=["favorites"])


@router.get("/favorites", response_model=PocsPublic)
def list_favorites(
    session: SessionDep,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> PocsPublic:
    """A page of the POCs I starred, newest star first."""
    rows, total = favorites.list_favorites(session, actor=actor, page=page, limit=limit)
    return PocsPublic(
        data=pocs_public(session, actor, rows), total_count=total, page=page, limit=limit, has_more=page * limit < total
    )


@router.put("/favorites/{poc_id}", status_code=status.HTTP_204_NO_CONTENT)
def star_poc(poc_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Star a POC (again: no change)."""
    favorites.star_poc(session, actor=actor, poc_id=poc_id)
    session.commit()


@router.delete("/favorites/{poc_id}", status_code=status.HTTP_204_NO_CONTENT)
def unstar_poc(poc_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Remove my star from a POC (none there: no change)."""
    favorites.unstar_poc(session, actor=actor, poc_id=poc_id)
    session.commit()
