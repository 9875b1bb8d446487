"""Versions: every change to a POC's metadata or files is a snapshot with author, time and message."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from poc_tracker.models import Poc, PocFile, PocVersion
from poc_tracker.services.actor import Actor
from poc_tracker.services.merkle import merkle_root

META_FIELDS = (
    "name",
    "description",
    "language",
    "tags",
    "status",
    "repository_url",
    "demo_url",
    "hypothesis",
    "success_criteria",
    "result",
    "decision",
    "learnings",
)


def snapshot_meta(poc: Poc) -> dict[str, Any]:
    """The metadata a version keeps."""
    return {f: (list(getattr(poc, f)) if f == "tags" else getattr(poc, f)) for f in META_FIELDS}


def current_tree(session: Session, poc: Poc) -> list[dict[str, Any]]:
    """The POC's files as version entries, sorted by path."""
    files = session.exec(select(PocFile).where(PocFile.poc_id == poc.id).order_by(col(PocFile.path))).all()
    return [{"path": f.path, "hash": f.blob_hash, "size": f.size, "mime": f.mime_type} for f in files]


def latest_version(session: Session, poc: Poc) -> PocVersion | None:
    """The newest version of a POC."""
    return session.exec(
        select(PocVersion).where(PocVersion.poc_id == poc.id).order_by(col(PocVersion.number).desc()).limit(1)
    ).first()


def record_version(session: Session, *, actor: Actor | None, poc: Poc, message: str) -> PocVersion | None:
    """Snapshot the POC if it differs from its latest version; None when nothing changed."""
    meta, tree = snapshot_meta(poc), current_tree(session, poc)
    root = merkle_root((e["path"], e["hash"]) for e in tree)
    last = latest_version(session, poc)
    if last is not None and last.meta == meta and last.merkle_root == root:
        return None
    number = (last.number if last else 0) + 1
    version = PocVersion(
        tenant_id=poc.tenant_id,
        poc_id=poc.id,
        number=number,
        author_id=actor.user_id if actor else None,
        message=message[:500],
        meta=meta,
        tree=tree,
        merkle_root=root,
    )
    poc.current_version = number
    poc.file_count = len(tree)
    poc.total_bytes = sum(e["size"] for e in tree)
    session.add(poc)
    session.add(version)
    session.flush()
    return version
