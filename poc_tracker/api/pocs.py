"""POC routes: create, read, list, edit, delete and restore."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.poc_schemas import LanguagePublic, PocCreate, PocPublic, PocsPublic, PocUpdate, UsagePublic
from poc_tracker.api.search_schemas import SimpleSearchPublic
from poc_tracker.errors import Invalid
from poc_tracker.models import Poc
from poc_tracker.services import favorites, pocs, purge, quotas, search
from poc_tracker.services.actor import Actor
from poc_tracker.services.languages import LANGUAGES

router = APIRouter(tags=["pocs"])


def poc_public(
    session: Session, actor: Actor, poc: Poc, owner: str | None = None, favorite: bool | None = None
) -> PocPublic:
    """A POC with what the caller may do with it."""
    name = owner if owner is not None else pocs.owner_names(session, actor, [poc]).get(poc.owner_id, "")
    if favorite is None:
        favorite = poc.id in favorites.starred_ids(session, actor=actor, poc_ids=[poc.id])
    return PocPublic.model_validate(poc).model_copy(
        update={"owner_name": name, "can_edit": pocs.can_edit(actor, poc), "is_favorite": favorite}
    )


def pocs_public(session: Session, actor: Actor, rows: list[Poc]) -> list[PocPublic]:
    """Several POCs; owner names and stars come in one query each, whatever the page size."""
    names = pocs.owner_names(session, actor, rows)
    stars = favorites.starred_ids(session, actor=actor, poc_ids=[p.id for p in rows])
    return [poc_public(session, actor, p, names.get(p.owner_id, ""), p.id in stars) for p in rows]


def _fields(body: PocCreate | PocUpdate) -> dict:
    return body.model_dump(exclude_unset=True, exclude={"message"})


@router.post("/pocs", status_code=status.HTTP_201_CREATED, response_model=PocPublic)
def create_poc(body: PocCreate, session: SessionDep, actor: CurrentActor) -> PocPublic:
    """Register a POC."""
    poc = pocs.create_poc(session, actor=actor, data=_fields(body), message=body.message or "")
    session.commit()
    return poc_public(session, actor, poc)


@router.get("/pocs", response_model=PocsPublic)
def list_pocs(
    session: SessionDep,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    sort: Annotated[str, Query(max_length=20)] = "updated",
    language: Annotated[str | None, Query(max_length=40)] = None,
    tag: Annotated[str | None, Query(max_length=50)] = None,
    owner: Annotated[str | None, Query(max_length=40, description="a user id, or 'me'")] = None,
    status_: Annotated[str | None, Query(alias="status", max_length=20)] = None,
    decision: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    deleted: bool = False,
) -> PocsPublic:
    """A page of my tenant's POCs, filtered and sorted."""
    owner_id = actor.user_id if owner == "me" else (_uuid_or_none(owner) if owner else None)
    filters = pocs.PocFilters(
        language=language, tag=tag, owner_id=owner_id, status=status_, decision=decision, q=q, deleted=deleted
    )
    rows, total = pocs.list_pocs(session, actor=actor, filters=filters, sort=sort, page=page, limit=limit)
    return PocsPublic(
        data=pocs_public(session, actor, rows), total_count=total, page=page, limit=limit, has_more=page * limit < total
    )


def _uuid_or_none(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Invalid("Identificador inválido.", code="invalid_id", details={"field": "owner"}) from None


@router.get("/pocs/languages", response_model=list[LanguagePublic])
def list_languages(actor: CurrentActor) -> list[LanguagePublic]:
    """The languages a POC may have, with accepted aliases."""
    return [LanguagePublic(name=n, aliases=list(a)) for n, a in LANGUAGES.items()]


@router.get("/pocs/usage", response_model=UsagePublic)
def read_usage(session: SessionDep, actor: CurrentActor) -> UsagePublic:
    """My tenant's usage against its plan (admins)."""
    actor.require("users:read")
    return UsagePublic.model_validate(quotas.usage(session, actor=actor))


@router.get("/pocs/search", response_model=SimpleSearchPublic)
def simple_search(
    session: SessionDep,
    actor: CurrentActor,
    q: Annotated[str, Query(max_length=500)] = "",
    language: Annotated[str | None, Query(max_length=40)] = None,
    tags: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006 - FastAPI reads the default only
    page: Annotated[int, Query(ge=1, le=10000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SimpleSearchPublic:
    """The simple search of the contract: ``pocs``, ``totalCount``, ``hasMore`` (relevance order)."""
    request = search.SearchRequest(
        q=q, languages=(language,) if language else (), tags=tuple(tags), page=page, size=limit, facets=True
    )
    result = search.search_pocs(session, actor=actor, request=request)
    rows = pocs.pocs_by_ids(session, actor=actor, poc_ids=[h.poc_id for h in result.hits])
    return SimpleSearchPublic(
        pocs=pocs_public(session, actor, rows), total_count=result.total, has_more=page * limit < result.total
    )


@router.get("/pocs/{poc_id}", response_model=PocPublic)
def read_poc(poc_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> PocPublic:
    """One POC."""
    return poc_public(session, actor, pocs.access_poc_by_id(session, actor, poc_id))


@router.patch("/pocs/{poc_id}", response_model=PocPublic)
def update_poc(poc_id: uuid.UUID, body: PocUpdate, session: SessionDep, actor: CurrentActor) -> PocPublic:
    """Change a POC; a new version when anything changed."""
    poc = pocs.update_poc(session, actor=actor, poc_id=poc_id, data=_fields(body), message=body.message or "")
    session.commit()
    return poc_public(session, actor, poc)


@router.delete("/pocs/{poc_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_poc(poc_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Move a POC to the bin (restorable for 30 days)."""
    pocs.delete_poc(session, actor=actor, poc_id=poc_id)
    session.commit()


@router.delete("/pocs/{poc_id}/purge", status_code=status.HTTP_204_NO_CONTENT)
def purge_poc(poc_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Delete a POC of the bin for good, now (its files too); a live POC is refused (409)."""
    purge.purge_poc(session, actor=actor, poc_id=poc_id)
    session.commit()


@router.post("/pocs/{poc_id}/restore", response_model=PocPublic)
def restore_poc(poc_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> PocPublic:
    """Undo a delete."""
    poc = pocs.restore_poc(session, actor=actor, poc_id=poc_id)
    session.commit()
    return poc_public(session, actor, poc)
