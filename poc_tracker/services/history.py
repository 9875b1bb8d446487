"""A POC's history: its versions, restoring one as a new version, and what changed since a Merkle root."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from poc_tracker.errors import Invalid, NotFound
from poc_tracker.i18n import gettext
from poc_tracker.models import Poc, PocVersion, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.files import editable_poc, lock_poc, set_tree
from poc_tracker.services.merkle import merkle_root
from poc_tracker.services.pocs import _set_tags, access_poc_by_id
from poc_tracker.services.versions import META_FIELDS, current_tree, latest_version, record_version, snapshot_meta

_ROOT = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Changes:
    """Paths added, modified and removed between a past tree and the current one."""

    since: PocVersion
    current_root: str
    current_version: int
    added: list[str]
    modified: list[str]
    removed: list[str]


def access_version(session: Session, poc: Poc, number: int) -> PocVersion:
    """Version ``number`` of a POC already accessed, or NotFound."""
    found = session.exec(
        select(PocVersion).where(
            PocVersion.poc_id == poc.id, PocVersion.tenant_id == poc.tenant_id, PocVersion.number == number
        )
    ).first()
    if found is None:
        raise NotFound("Versão não encontrada.", code="version_not_found", details={"number": number})
    return found


def list_versions(
    session: Session, *, actor: Actor, poc_id: uuid.UUID, page: int = 1, limit: int = 20
) -> tuple[Poc, list[PocVersion], int]:
    """A page of a POC's versions, newest first, and how many there are."""
    poc = access_poc_by_id(session, actor, poc_id)
    scope = (PocVersion.poc_id == poc.id, PocVersion.tenant_id == poc.tenant_id)
    total = session.exec(select(func.count()).select_from(PocVersion).where(*scope)).one()
    rows = session.exec(
        select(PocVersion).where(*scope).order_by(col(PocVersion.number).desc()).offset((page - 1) * limit).limit(limit)
    ).all()
    return poc, list(rows), int(total)


def get_version(session: Session, *, actor: Actor, poc_id: uuid.UUID, number: int) -> tuple[Poc, PocVersion]:
    """One version of a POC."""
    poc = access_poc_by_id(session, actor, poc_id)
    return poc, access_version(session, poc, number)


def author_names(session: Session, actor: Actor, versions: list[PocVersion]) -> dict[uuid.UUID, str]:
    """Names of the authors of some versions (one query)."""
    ids = {v.author_id for v in versions if v.author_id}
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.name).where(User.tenant_id == actor.tenant_id, col(User.id).in_(ids)))
    return dict(rows.all())


@dataclass(frozen=True)
class RestorePreview:
    """What restoring a version would change, to say so before doing it."""

    number: int
    current: int
    added: list[str]
    removed: list[str]
    modified: list[str]
    fields: list[str]
    files_after: int


def restore_preview(session: Session, *, actor: Actor, poc_id: uuid.UUID, number: int) -> RestorePreview:
    """Files that come back, go away or change, and the fields that change, if version ``number`` is restored."""
    poc = editable_poc(session, actor, poc_id)
    old = access_version(session, poc, number)
    now = {e["path"]: e["hash"] for e in current_tree(session, poc)}
    then = {e["path"]: e["hash"] for e in old.tree}
    current = snapshot_meta(poc)
    return RestorePreview(
        number=number,
        current=poc.current_version,
        added=sorted(then.keys() - now.keys()),
        removed=sorted(now.keys() - then.keys()),
        modified=sorted(p for p in now.keys() & then.keys() if now[p] != then[p]),
        fields=[f for f in META_FIELDS if f in old.meta and old.meta[f] != current[f]],
        files_after=len(then),
    )


def restore_version(
    session: Session, *, actor: Actor, poc_id: uuid.UUID, number: int, message: str = ""
) -> tuple[PocVersion, bool]:
    """Bring back a version's metadata and files as a new version; (latest version, whether one was made)."""
    poc = editable_poc(session, actor, poc_id)
    lock_poc(session, poc)
    old = access_version(session, poc, number)
    for name in META_FIELDS:
        if name in old.meta:
            setattr(poc, name, list(old.meta[name]) if name == "tags" else old.meta[name])
    _set_tags(session, poc, poc.tags)
    set_tree(session, poc, old.tree)
    poc.updated_at = utcnow()
    text = message or gettext("Versão {number} restaurada", actor.locale, number=number)
    version = record_version(session, actor=actor, poc=poc, message=text)
    if version is None:
        latest = latest_version(session, poc)
        assert latest is not None  # a POC has a version from its creation on
        return latest, False
    emit(
        session,
        tenant_id=poc.tenant_id,
        actor_id=actor.user_id,
        kind="poc.version_restored",
        target_type="poc",
        target_id=poc.id,
        restored=number,
        version=version.number,
    )
    return version, True


def changes_since(session: Session, *, actor: Actor, poc_id: uuid.UUID, root: str) -> Changes:
    """What changed in the files between the (latest) version whose tree had ``root`` and now."""
    poc = access_poc_by_id(session, actor, poc_id)
    root = (root or "").strip().lower()
    if not _ROOT.match(root):
        raise Invalid(
            "Raiz Merkle inválida: esperados 64 dígitos hexadecimais.", code="invalid_root", details={"field": "since"}
        )
    since = session.exec(
        select(PocVersion)
        .where(PocVersion.poc_id == poc.id, PocVersion.tenant_id == poc.tenant_id, PocVersion.merkle_root == root)
        .order_by(col(PocVersion.number).desc())
        .limit(1)
    ).first()
    if since is None:
        raise NotFound("Nenhuma versão desta POC tem essa raiz Merkle.", code="root_not_found", details={"since": root})
    now = {e["path"]: e["hash"] for e in current_tree(session, poc)}
    before = {e["path"]: e["hash"] for e in since.tree}
    return Changes(
        since=since,
        current_root=merkle_root(now.items()),
        current_version=poc.current_version,
        added=sorted(now.keys() - before.keys()),
        removed=sorted(before.keys() - now.keys()),
        modified=sorted(p for p in now.keys() & before.keys() if now[p] != before[p]),
    )
