"""One request for what a device keeps offline (the PWA's favourites and recently opened POCs)."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter
from pydantic import Field, field_validator

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.poc_schemas import PocPublic
from poc_tracker.api.pocs import pocs_public
from poc_tracker.api.schemas import CamelModel
from poc_tracker.services import offline

router = APIRouter(tags=["offline"])


class OfflineSyncRequest(CamelModel):
    """What the device holds and wants refreshed."""

    opened: list[uuid.UUID] = Field(default_factory=list, max_length=offline.MAX_OPENED)
    known: dict[uuid.UUID, datetime] = Field(
        default_factory=dict, description="POCs the device holds, by id, with the updatedAt it has"
    )
    max_bytes: int = Field(25 << 20, ge=0, description="bytes of text the device may keep")
    favorites: bool = Field(True, description="include the favourites (full records)")

    @field_validator("known")
    @classmethod
    def _few(cls, value: dict[uuid.UUID, datetime]) -> dict[uuid.UUID, datetime]:
        if len(value) > 500:
            raise ValueError("at most 500 known POCs")
        return value


class OfflineFilePublic(CamelModel):
    """A text file kept with its POC."""

    id: uuid.UUID
    path: str
    language: str
    size: int
    text: str


class OfflinePocPublic(CamelModel):
    """A POC to keep; ``files`` null means: keep the files you have (this version is the one you hold)."""

    poc: PocPublic
    files: list[OfflineFilePublic] | None


class OfflineBundlePublic(CamelModel):
    """Favourites (ids), the POCs to keep and the ids to drop."""

    favorites: list[uuid.UUID]
    pocs: list[OfflinePocPublic]
    gone: list[uuid.UUID]


@router.post("/offline/sync", response_model=OfflineBundlePublic)
def offline_sync(body: OfflineSyncRequest, session: SessionDep, actor: CurrentActor) -> OfflineBundlePublic:
    """Everything a device refreshes for offline reading, in one request (one token of the rate limit)."""
    b = offline.offline_bundle(
        session,
        actor=actor,
        opened=body.opened,
        known=body.known,
        max_bytes=body.max_bytes,
        with_favorites=body.favorites,
    )
    shown = pocs_public(session, actor, [k.poc for k in b.pocs])
    return OfflineBundlePublic(
        favorites=b.favorites,
        pocs=[OfflinePocPublic(poc=p, files=_files(k.files)) for p, k in zip(shown, b.pocs, strict=True)],
        gone=b.gone,
    )


def _files(found: list[offline.OfflineFile] | None) -> list[OfflineFilePublic] | None:
    if found is None:
        return None
    return [
        OfflineFilePublic(id=f.file.id, path=f.file.path, language=f.language, size=f.file.size, text=f.text)
        for f in found
    ]
