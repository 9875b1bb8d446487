"""POCs: register, edit, list, delete softly and restore, with roles and quotas."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from poc_tracker.errors import Forbidden, Invalid, NotFound
from poc_tracker.i18n import N_
from poc_tracker.metrics import POCS_CREATED
from poc_tracker.models import Poc, PocTag, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.languages import canonical_language
from poc_tracker.services.quotas import check_poc_quota
from poc_tracker.services.search_sync import forget_pocs
from poc_tracker.services.validation import clean_text
from poc_tracker.services.versions import record_version
from poc_tracker.settings import get_settings
from poc_tracker.unit_of_work import on_commit

STATUSES = ("idea", "in_progress", "done", "archived")
DECISIONS = ("go", "no_go", "pivot", "pending")
TEXT_LIMITS = {"description": 2000, "hypothesis": 2000, "success_criteria": 2000, "result": 2000, "learnings": 2000}
SORTS = {
    "updated": col(Poc.updated_at).desc(),
    "-updated": col(Poc.updated_at).asc(),
    "created": col(Poc.created_at).desc(),
    "-created": col(Poc.created_at).asc(),
    "name": func.lower(Poc.name).asc(),
    "-name": func.lower(Poc.name).desc(),
    "deleted": col(Poc.deleted_at).desc(),  # the bin: most recently deleted first
}
MAX_TAGS, MAX_TAG_LENGTH = 10, 50


def normalize_tags(values: list[str]) -> list[str]:
    """Trimmed, lower case, accents kept, deduplicated in order; at most 10 of at most 50 chars."""
    tags: list[str] = []
    for raw in values or []:
        tag = " ".join(str(raw).split()).lower()
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise Invalid(
                "Cada tag pode ter no máximo {max} caracteres.",
                code="tag_too_long",
                details={"field": "tags"},
                max=MAX_TAG_LENGTH,
            )
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise Invalid(
            "Uma POC pode ter no máximo {max} tags.", code="too_many_tags", details={"field": "tags"}, max=MAX_TAGS
        )
    return tags


def _clean_url(value: str | None, field: str) -> str | None:
    url = (value or "").strip()
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(url) > 500:
        raise Invalid(
            "Informe o endereço completo, começando com https:// (por exemplo https://github.com/acme/projeto).",
            code="invalid_url",
            details={"field": field},
        )
    return url


def _choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise Invalid(
            "Valor inválido para {field}.",
            code="invalid_choice",
            details={"field": field, "allowed": list(allowed)},
            field=field,
        )
    return value


# How each field a client may set is checked and normalised (API names in snake_case); the API's input
# shapes carry exactly these fields (a test holds them together).
CLEANERS: dict[str, Callable[[Any], Any]] = {
    "name": lambda v: clean_text(v, field="name", max_length=100),
    **{
        key: (lambda v, key=key, limit=limit: clean_text(v or "", field=key, max_length=limit, required=False))
        for key, limit in TEXT_LIMITS.items()
    },
    "language": canonical_language,
    "tags": normalize_tags,
    "status": lambda v: _choice(v, STATUSES, "status"),
    "decision": lambda v: _choice(v, DECISIONS, "decision"),
    "repository_url": lambda v: _clean_url(v, "repository_url"),
    "demo_url": lambda v: _clean_url(v, "demo_url"),
}


def clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise the POC fields present in ``data`` (others are ignored)."""
    return {key: CLEANERS[key](value) for key, value in data.items() if key in CLEANERS}


def access_poc_by_id(session: Session, actor: Actor, poc_id: uuid.UUID, *, deleted: bool = False) -> Poc:
    """A POC of the actor's tenant; missing, foreign and (unless asked) deleted look the same."""
    query = select(Poc).where(Poc.id == poc_id, Poc.tenant_id == actor.tenant_id)
    if not deleted:
        query = query.where(col(Poc.deleted_at).is_(None))
    poc = session.exec(query).first()
    if poc is None:
        raise NotFound("POC não encontrada.", code="poc_not_found")
    return poc


def can_edit(actor: Actor, poc: Poc) -> bool:
    """Admins and owners edit every POC of their tenant; members their own."""
    return actor.can("pocs:write_all") or (actor.can("pocs:write") and poc.owner_id == actor.user_id)


def require_edit(actor: Actor, poc: Poc) -> None:
    """Raise Forbidden unless the actor may change this POC."""
    if not can_edit(actor, poc):
        raise Forbidden("Você só pode editar as suas próprias POCs.", code="not_your_poc")


def _set_tags(session: Session, poc: Poc, tags: list[str]) -> None:
    session.exec(delete(PocTag).where(col(PocTag.poc_id) == poc.id))
    for tag in tags:
        session.add(PocTag(poc_id=poc.id, tag=tag, tenant_id=poc.tenant_id))


def create_poc(session: Session, *, actor: Actor, data: dict[str, Any], message: str = "") -> Poc:
    """Register a new POC owned by the actor (members and up)."""
    actor.require("pocs:write")
    if "name" not in data or "language" not in data:
        missing = "name" if "name" not in data else "language"
        raise Invalid("O campo {field} é obrigatório.", code="required", details={"field": missing}, field=missing)
    fields = clean_fields(data)
    check_poc_quota(session, actor=actor)
    poc = Poc(tenant_id=actor.tenant_id, owner_id=actor.user_id, **fields)
    session.add(poc)
    session.flush()
    _set_tags(session, poc, poc.tags)
    record_version(session, actor=actor, poc=poc, message=message or N_("POC criada"))
    emit(
        session,
        tenant_id=poc.tenant_id,
        actor_id=actor.user_id,
        kind="poc.created",
        target_type="poc",
        target_id=poc.id,
        name=poc.name,
        language=poc.language,
        tags=poc.tags,
    )
    on_commit(session, POCS_CREATED.labels(str(poc.tenant_id)).inc)
    return poc


def update_poc(session: Session, *, actor: Actor, poc_id: uuid.UUID, data: dict[str, Any], message: str = "") -> Poc:
    """Change a POC's metadata; a new version when anything changed."""
    poc = access_poc_by_id(session, actor, poc_id)
    require_edit(actor, poc)
    fields = clean_fields(data)
    changed = [k for k, v in fields.items() if getattr(poc, k) != v]
    if not changed:
        return poc
    for key in changed:
        setattr(poc, key, fields[key])
    if "tags" in changed:
        _set_tags(session, poc, poc.tags)
    poc.updated_at = utcnow()
    session.add(poc)
    record_version(session, actor=actor, poc=poc, message=message or N_("Dados atualizados"))
    emit(
        session,
        tenant_id=poc.tenant_id,
        actor_id=actor.user_id,
        kind="poc.updated",
        target_type="poc",
        target_id=poc.id,
        fields=changed,
    )
    return poc


def delete_poc(session: Session, *, actor: Actor, poc_id: uuid.UUID) -> Poc:
    """Move a POC to the bin: hidden now, restorable for a while, purged after."""
    poc = access_poc_by_id(session, actor, poc_id)
    require_edit(actor, poc)
    poc.deleted_at = utcnow()
    session.add(poc)
    forget_pocs(session, poc.tenant_id, [poc.id])  # gone from search in this request, not when a worker gets to it
    emit(
        session,
        tenant_id=poc.tenant_id,
        actor_id=actor.user_id,
        kind="poc.deleted",
        target_type="poc",
        target_id=poc.id,
        name=poc.name,
    )
    return poc


def restore_poc(session: Session, *, actor: Actor, poc_id: uuid.UUID) -> Poc:
    """Bring a deleted POC back (within the restore window)."""
    poc = access_poc_by_id(session, actor, poc_id, deleted=True)
    require_edit(actor, poc)
    if poc.deleted_at is None:
        return poc
    if poc.deleted_at < utcnow() - timedelta(days=get_settings().purge_after_days):
        raise NotFound("POC não encontrada.", code="poc_not_found")
    poc.deleted_at = None
    poc.updated_at = utcnow()
    session.add(poc)
    emit(
        session,
        tenant_id=poc.tenant_id,
        actor_id=actor.user_id,
        kind="poc.restored",
        target_type="poc",
        target_id=poc.id,
        name=poc.name,
    )
    return poc


@dataclass(frozen=True)
class PocFilters:
    """What a POC list may be narrowed by."""

    language: str | None = None
    tag: str | None = None
    owner_id: uuid.UUID | None = None
    status: str | None = None
    decision: str | None = None
    q: str | None = None
    deleted: bool = False


def _filtered(actor: Actor, f: PocFilters):  # noqa: ANN202
    query = select(Poc).where(Poc.tenant_id == actor.tenant_id)
    query = query.where(col(Poc.deleted_at).is_not(None) if f.deleted else col(Poc.deleted_at).is_(None))
    if f.language:
        query = query.where(Poc.language == canonical_language(f.language))
    if f.tag:
        tagged = select(PocTag.poc_id).where(PocTag.tenant_id == actor.tenant_id, PocTag.tag == f.tag.strip().lower())
        query = query.where(col(Poc.id).in_(tagged))
    if f.owner_id:
        query = query.where(Poc.owner_id == f.owner_id)
    if f.status:
        query = query.where(Poc.status == _choice(f.status, STATUSES, "status"))
    if f.decision:
        query = query.where(Poc.decision == _choice(f.decision, DECISIONS, "decision"))
    if f.q:
        escaped = f.q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        query = query.where(
            or_(func.lower(Poc.name).like(like, escape="\\"), func.lower(Poc.description).like(like, escape="\\"))
        )
    return query


def list_pocs(
    session: Session,
    *,
    actor: Actor,
    filters: PocFilters = PocFilters(),
    sort: str = "updated",
    page: int = 1,
    limit: int = 20,
) -> tuple[list[Poc], int]:
    """A page of the tenant's POCs and the total count."""
    if sort not in SORTS:
        raise Invalid("Ordenação desconhecida.", code="invalid_sort", details={"field": "sort", "allowed": list(SORTS)})
    query = _filtered(actor, filters)
    if filters.deleted:  # the bin: members see their own deleted POCs, admins all
        actor.require("pocs:write")
        if not actor.can("pocs:write_all"):
            query = query.where(Poc.owner_id == actor.user_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(SORTS[sort], col(Poc.id)).offset((page - 1) * limit).limit(limit)).all()
    return list(rows), int(total)


def pocs_by_ids(session: Session, *, actor: Actor, poc_ids: list[uuid.UUID]) -> list[Poc]:
    """Live POCs of the actor's tenant, in the order of ``poc_ids`` (search hits)."""
    if not poc_ids:
        return []
    rows = session.exec(
        select(Poc).where(Poc.tenant_id == actor.tenant_id, col(Poc.id).in_(poc_ids), col(Poc.deleted_at).is_(None))
    ).all()
    by_id = {p.id: p for p in rows}
    return [by_id[i] for i in poc_ids if i in by_id]


def owner_names(session: Session, actor: Actor, pocs: list[Poc]) -> dict[uuid.UUID, str]:
    """Names of the owners of some POCs (one query)."""
    ids = {p.owner_id for p in pocs}
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.name).where(User.tenant_id == actor.tenant_id, col(User.id).in_(ids)))
    return dict(rows.all())
