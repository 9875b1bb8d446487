"""File routes of a POC: upload (multipart, optional zip unpacking), tree, download, text content, delete."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.file_schemas import FileContentPublic, FilePublic, FilesPublic, TreeNode, UploadPublic
from poc_tracker.api.uploads import UploadForm, read_upload_form
from poc_tracker.errors import Invalid
from poc_tracker.models import PocFile
from poc_tracker.services import files
from poc_tracker.services.actor import Actor
from poc_tracker.services.languages import highlight_language
from poc_tracker.services.merkle import merkle_root
from poc_tracker.settings import get_settings
from poc_tracker.storage.disposition import content_disposition

router = APIRouter(tags=["files"])
TRUE, FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Files; a name may hold a relative path (src/app.py)",
                        },
                        "message": {"type": "string", "maxLength": 500, "description": "Version message"},
                        "unzip": {
                            "type": "boolean",
                            "default": False,
                            "description": "Unpack *.zip parts at the root of the tree",
                        },
                    },
                }
            }
        },
    }
}


def file_public(f: PocFile) -> FilePublic:
    """A file row on the wire."""
    return FilePublic(
        id=f.id,
        path=f.path,
        size=f.size,
        mime_type=f.mime_type,
        hash=f.blob_hash,
        language=highlight_language(f.path),
        created_at=f.created_at,
        updated_at=f.updated_at,
    )


def build_tree(rows: list[PocFile]) -> list[TreeNode]:
    """Nest files sorted by path into folders."""
    root: list[TreeNode] = []
    folders: dict[str, TreeNode] = {}
    for f in rows:
        siblings, parts = root, f.path.split("/")
        for depth, name in enumerate(parts[:-1]):
            path = "/".join(parts[: depth + 1])
            if path not in folders:
                folders[path] = TreeNode(name=name, path=path, type="dir", children=[])
                siblings.append(folders[path])
            folders[path].size += f.size
            siblings = folders[path].children
        siblings.append(TreeNode(name=parts[-1], path=f.path, type="file", file_id=f.id, size=f.size))
    return root


def _flag(value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text not in TRUE + FALSE:
        raise Invalid("Valor verdadeiro ou falso esperado.", code="invalid", details={"field": "unzip"})
    return text in TRUE


def _may_upload(session: Session, actor: Actor, poc_id: uuid.UUID) -> None:
    files.editable_poc(session, actor, poc_id)
    session.rollback()  # hold no database connection while a slow client streams the body


async def upload_form(
    poc_id: uuid.UUID, request: Request, session: SessionDep, actor: CurrentActor
) -> AsyncIterator[UploadForm]:
    """The upload's parts, read only once the caller is known to be allowed (404/403 first)."""
    await run_in_threadpool(_may_upload, session, actor, poc_id)
    s = get_settings()
    form = await read_upload_form(request, max_bytes=s.upload_max_bytes, max_files=s.upload_max_files)
    try:
        yield form
    finally:
        form.close()


@router.post(
    "/pocs/{poc_id}/files",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadPublic,
    openapi_extra=UPLOAD_BODY,
    responses={200: {"description": "Nothing changed (same content)"}},
)
def upload_files(
    poc_id: uuid.UUID,
    response: Response,
    form: Annotated[UploadForm, Depends(upload_form)],
    session: SessionDep,
    actor: CurrentActor,
) -> UploadPublic:
    """Add or replace files (multipart field ``files``); ``unzip=true`` unpacks ``*.zip`` parts."""
    result = files.upload_files(
        session,
        actor=actor,
        poc_id=poc_id,
        items=form.files,
        unzip=_flag(form.fields.get("unzip")),
        message=form.fields.get("message", ""),
    )
    session.commit()
    if result.version is None:
        response.status_code = status.HTTP_200_OK
    return UploadPublic(
        version=result.version.number if result.version else None,
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
        new_blobs=result.new_blobs,
        files=[file_public(f) for f in result.files],
    )


@router.get("/pocs/{poc_id}/files", response_model=FilesPublic)
def list_files(poc_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> FilesPublic:
    """The POC's current files, flat and as a tree, with the tree's Merkle root."""
    poc, rows = files.list_files(session, actor=actor, poc_id=poc_id)
    return FilesPublic(
        data=[file_public(f) for f in rows],
        tree=build_tree(rows),
        total_count=len(rows),
        total_bytes=sum(f.size for f in rows),
        current_version=poc.current_version,
        merkle_root=merkle_root((f.path, f.blob_hash) for f in rows),
    )


@router.get(
    "/pocs/{poc_id}/files/{file_id}",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "The file (local storage)"},
        307: {"description": "Redirect to a presigned URL (S3)"},
    },
)
def download_file(poc_id: uuid.UUID, file_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> Response:
    """Download a file: its bytes, or a redirect to a short-lived URL when files live on S3."""
    d = files.download(session, actor=actor, poc_id=poc_id, file_id=file_id)
    if d.url:
        return RedirectResponse(
            d.url, status_code=status.HTTP_307_TEMPORARY_REDIRECT, headers={"Cache-Control": "no-store"}
        )
    return Response(
        d.data,
        media_type=d.mime_type,
        headers={
            "Content-Disposition": content_disposition(d.filename),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "Cache-Control": "private, no-cache",
        },
    )


@router.get("/pocs/{poc_id}/files/{file_id}/content", response_model=FileContentPublic)
def read_file_content(
    poc_id: uuid.UUID, file_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> FileContentPublic:
    """A text file's content (UTF-8, up to 1 MiB) with its highlighting language."""
    c = files.read_text(session, actor=actor, poc_id=poc_id, file_id=file_id)
    return FileContentPublic(
        id=c.file.id, path=c.file.path, size=c.file.size, mime_type=c.file.mime_type, language=c.language, text=c.text
    )


@router.delete("/pocs/{poc_id}/files/{file_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_file(poc_id: uuid.UUID, file_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Remove a file from the tree (a new version; older versions keep it)."""
    files.delete_file(session, actor=actor, poc_id=poc_id, file_id=file_id)
    session.commit()
