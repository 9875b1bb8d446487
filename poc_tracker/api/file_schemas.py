"""Shapes of files, versions, diffs and changes on the wire."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from poc_tracker.api.schemas import CamelModel, shaped_like
from poc_tracker.services.history import RestorePreview


class FilePublic(CamelModel):
    """A file of a POC's current tree."""

    id: uuid.UUID
    path: str
    size: int
    mime_type: str
    hash: str
    language: str
    created_at: datetime
    updated_at: datetime


class TreeNode(CamelModel):
    """A folder or a file in the nested tree."""

    name: str
    path: str
    type: str  # "dir" or "file"
    file_id: uuid.UUID | None = None
    size: int = 0
    children: list[TreeNode] = []


class FilesPublic(CamelModel):
    """A POC's current files: flat (sorted by path) and nested."""

    data: list[FilePublic]
    tree: list[TreeNode]
    total_count: int
    total_bytes: int
    merkle_root: str
    current_version: int


class UploadPublic(CamelModel):
    """What an upload changed; ``version`` is None when nothing did."""

    version: int | None
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    new_blobs: int
    files: list[FilePublic]


class FileContentPublic(CamelModel):
    """A text file's content, with the language to highlight it as."""

    id: uuid.UUID
    path: str
    size: int
    mime_type: str
    language: str
    text: str


class TreeEntry(CamelModel):
    """A file as a version remembers it."""

    path: str
    hash: str
    size: int
    mime: str


class VersionSummary(CamelModel):
    """A version in the history list."""

    number: int
    message: str
    author_id: uuid.UUID | None
    author_name: str
    merkle_root: str
    file_count: int
    total_bytes: int
    created_at: datetime


class VersionPublic(VersionSummary):
    """A version with its metadata snapshot and file tree."""

    meta: dict[str, Any]
    tree: list[TreeEntry]


class VersionsPublic(CamelModel):
    """A page of versions, newest first."""

    data: list[VersionSummary]
    total_count: int
    page: int
    limit: int
    has_more: bool


class MetaChangePublic(CamelModel):
    """A metadata field that differs between two versions."""

    field: str
    before: Any
    after: Any


class FileChangePublic(CamelModel):
    """A file that differs; ``diff`` is a unified diff, None for binary or very large files."""

    path: str
    status: str
    binary: bool
    diff: str | None
    before_size: int | None
    after_size: int | None


class DiffPublic(CamelModel):
    """Differences from one version to another."""

    from_version: int
    to_version: int
    meta: list[MetaChangePublic]
    files: list[FileChangePublic]


class RestoreRequest(CamelModel):
    """An optional message for the restoring version."""

    message: str | None = Field(None, max_length=500)


class ChangesPublic(CamelModel):
    """Paths that changed since the version with a given Merkle root."""

    since_version: int
    since_root: str
    current_version: int
    current_root: str
    added: list[str]
    modified: list[str]
    removed: list[str]


class RestorePreviewPublic(shaped_like(RestorePreview)):
    """What restoring a version would change: files back, gone and changed, metadata fields changed."""
