"""Tag routes: list with counts, autocomplete, rename and merge."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.organize_schemas import TagChangePublic, TagMerge, TagPublic, TagRename, TagsPublic
from poc_tracker.services import tags
from poc_tracker.services.tags import TagChange

router = APIRouter(tags=["tags"])


def _change_public(change: TagChange) -> TagChangePublic:
    return TagChangePublic(tag=change.tag, sources=change.sources, affected_pocs=len(change.poc_ids))


@router.get("/tags", response_model=TagsPublic)
def list_tags(
    session: SessionDep,
    actor: CurrentActor,
    prefix: Annotated[
        str | None, Query(max_length=50, description="autocomplete: accents, case and one typo are forgiven")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=100, description="10 with a prefix, 100 without")] = None,
) -> TagsPublic:
    """My tenant's tags with how many live POCs carry each; with ``prefix``, the best matches first."""
    size = limit or (10 if prefix is not None else 100)
    matches, total = tags.list_tags(session, actor=actor, prefix=prefix, limit=size)
    return TagsPublic(
        data=[TagPublic(tag=m.tag, count=m.count, typos=m.typos) for m in matches], total_count=total, limit=size
    )


@router.post("/tags/rename", response_model=TagChangePublic)
def rename_tag(body: TagRename, session: SessionDep, actor: CurrentActor) -> TagChangePublic:
    """Rename a tag in every POC (admins); onto an existing tag it merges the two."""
    change = tags.rename_tag(session, actor=actor, source=body.from_, target=body.to)
    session.commit()
    return _change_public(change)


@router.post("/tags/merge", response_model=TagChangePublic)
def merge_tags(body: TagMerge, session: SessionDep, actor: CurrentActor) -> TagChangePublic:
    """Fold several tags into one in every POC (admins)."""
    change = tags.merge_tags(session, actor=actor, sources=body.sources, target=body.target)
    session.commit()
    return _change_public(change)
