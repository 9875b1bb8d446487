"""Version routes of a POC: history, one version, diffs, restore, and changes since a Merkle root."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, LocaleDep, SessionDep
from poc_tracker.api.file_schemas import (
    ChangesPublic,
    DiffPublic,
    FileChangePublic,
    MetaChangePublic,
    RestorePreviewPublic,
    RestoreRequest,
    TreeEntry,
    VersionPublic,
    VersionsPublic,
    VersionSummary,
)
from poc_tracker.i18n import gettext
from poc_tracker.models import PocVersion
from poc_tracker.services import diffs, history
from poc_tracker.services.actor import Actor

router = APIRouter(tags=["versions"])
VersionNumber = Annotated[int, Path(ge=1, le=1_000_000)]


def _summary(v: PocVersion, names: dict[uuid.UUID, str], locale: str) -> dict:
    # Default messages are Portuguese message ids ("POC criada"); the author's own text stays as written.
    return {
        "number": v.number,
        "message": gettext(v.message, locale),
        "author_id": v.author_id,
        "author_name": names.get(v.author_id, "") if v.author_id else "",
        "merkle_root": v.merkle_root,
        "file_count": len(v.tree),
        "total_bytes": sum(e["size"] for e in v.tree),
        "created_at": v.created_at,
    }


def version_public(session: Session, actor: Actor, v: PocVersion, locale: str) -> VersionPublic:
    """A version with its snapshot."""
    names = history.author_names(session, actor, [v])
    return VersionPublic(**_summary(v, names, locale), meta=v.meta, tree=[TreeEntry(**e) for e in v.tree])


@router.get("/pocs/{poc_id}/versions", response_model=VersionsPublic)
def list_versions(
    poc_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    locale: LocaleDep,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> VersionsPublic:
    """The POC's versions, newest first."""
    _, rows, total = history.list_versions(session, actor=actor, poc_id=poc_id, page=page, limit=limit)
    names = history.author_names(session, actor, rows)
    return VersionsPublic(
        data=[VersionSummary(**_summary(v, names, locale)) for v in rows],
        total_count=total,
        page=page,
        limit=limit,
        has_more=page * limit < total,
    )


@router.get("/pocs/{poc_id}/versions/{number}", response_model=VersionPublic)
def read_version(
    poc_id: uuid.UUID, number: VersionNumber, session: SessionDep, actor: CurrentActor, locale: LocaleDep
) -> VersionPublic:
    """One version: metadata snapshot and file tree."""
    _, v = history.get_version(session, actor=actor, poc_id=poc_id, number=number)
    return version_public(session, actor, v, locale)


@router.get("/pocs/{poc_id}/diff", response_model=DiffPublic)
def diff_versions(
    poc_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    from_: Annotated[int, Query(alias="from", ge=1, le=1_000_000)],
    to: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> DiffPublic:
    """What changed from version ``from`` to version ``to`` (the latest by default)."""
    d = diffs.diff_versions(session, actor=actor, poc_id=poc_id, before=from_, after=to)
    return DiffPublic(
        from_version=d.before.number,
        to_version=d.after.number,
        meta=[MetaChangePublic(field=m.field, before=m.before, after=m.after) for m in d.meta],
        files=[
            FileChangePublic(
                path=f.path,
                status=f.status,
                binary=f.binary,
                diff=f.diff,
                before_size=f.before_size,
                after_size=f.after_size,
            )
            for f in d.files
        ],
    )


@router.get("/pocs/{poc_id}/versions/{number}/restore-preview", response_model=RestorePreviewPublic)
def restore_preview(
    poc_id: uuid.UUID, number: VersionNumber, session: SessionDep, actor: CurrentActor
) -> RestorePreviewPublic:
    """What restoring version ``number`` would add, remove and change (nothing is changed)."""
    p = history.restore_preview(session, actor=actor, poc_id=poc_id, number=number)
    return RestorePreviewPublic.model_validate(p, from_attributes=True)


@router.post(
    "/pocs/{poc_id}/versions/{number}/restore",
    status_code=status.HTTP_201_CREATED,
    response_model=VersionPublic,
    responses={200: {"description": "Already as in that version"}},
)
def restore_version(
    poc_id: uuid.UUID,
    number: VersionNumber,
    response: Response,
    session: SessionDep,
    actor: CurrentActor,
    locale: LocaleDep,
    body: RestoreRequest | None = None,
) -> VersionPublic:
    """Bring back a version's metadata and files as a new version."""
    v, created = history.restore_version(
        session, actor=actor, poc_id=poc_id, number=number, message=(body.message if body else None) or ""
    )
    session.commit()
    if not created:
        response.status_code = status.HTTP_200_OK
    return version_public(session, actor, v, locale)


@router.get("/pocs/{poc_id}/changes", response_model=ChangesPublic)
def changes_since(
    poc_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    since: Annotated[str, Query(min_length=1, max_length=64)],
) -> ChangesPublic:
    """Files added, modified and removed since the version whose tree had the Merkle root ``since``."""
    c = history.changes_since(session, actor=actor, poc_id=poc_id, root=since)
    return ChangesPublic(
        since_version=c.since.number,
        since_root=c.since.merkle_root,
        current_version=c.current_version,
        current_root=c.current_root,
        added=c.added,
        modified=c.modified,
        removed=c.removed,
    )
