"""Tags of a tenant: counts, typo-tolerant autocomplete, rename and merge (admins)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from poc_tracker.errors import Invalid, NotFound
from poc_tracker.i18n import gettext
from poc_tracker.models import Poc, PocTag
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.pocs import _set_tags, normalize_tags
from poc_tracker.services.tag_matching import TagMatch, match_tags
from poc_tracker.services.versions import record_version

MAX_SOURCES = 50


def tag_counts(session: Session, *, actor: Actor) -> list[tuple[str, int]]:
    """Every tag of the tenant's live POCs with how many carry it, most used first."""
    actor.require("pocs:read")
    used = func.count().label("used")
    query = (
        select(PocTag.tag, used)
        .join(Poc, col(Poc.id) == col(PocTag.poc_id))
        .where(PocTag.tenant_id == actor.tenant_id, Poc.tenant_id == actor.tenant_id, col(Poc.deleted_at).is_(None))
        .group_by(col(PocTag.tag))
        .order_by(used.desc(), col(PocTag.tag))
    )
    return [(tag, int(count)) for tag, count in session.exec(query).all()]


def list_tags(
    session: Session, *, actor: Actor, prefix: str | None = None, limit: int = 100
) -> tuple[list[TagMatch], int]:
    """The tenant's tags (or those matching a typed prefix) and how many there are in all."""
    counts = tag_counts(session, actor=actor)
    if prefix is None:
        matches = [TagMatch(tag=t, count=c, typos=0) for t, c in counts]
    else:
        matches = match_tags(prefix, counts, limit=len(counts))
    return matches[:limit], len(matches)


@dataclass(frozen=True)
class TagChange:
    """What a rename or a merge did."""

    tag: str
    sources: list[str]
    poc_ids: list[uuid.UUID]


def _one_tag(value: str, field: str) -> str:
    tags = normalize_tags([value])
    if not tags:
        raise Invalid("O campo {field} é obrigatório.", code="required", details={"field": field}, field=field)
    return tags[0]


def _retag(session: Session, actor: Actor, sources: list[str], target: str, message: str) -> list[Poc]:
    """Replace ``sources`` by ``target`` in every POC of the tenant (in the bin too), deduplicating."""
    tagged = select(PocTag.poc_id).where(PocTag.tenant_id == actor.tenant_id, col(PocTag.tag).in_(sources))
    query = (
        select(Poc)
        .where(Poc.tenant_id == actor.tenant_id, col(Poc.id).in_(tagged))
        .order_by(col(Poc.id))
        .with_for_update()
    )
    changed = []
    for poc in session.exec(query).all():
        tags = normalize_tags([target if t in sources else t for t in poc.tags])
        if tags == poc.tags:
            continue
        poc.tags, poc.updated_at = tags, utcnow()
        _set_tags(session, poc, tags)
        record_version(session, actor=actor, poc=poc, message=message)
        emit(
            session,
            tenant_id=poc.tenant_id,
            actor_id=actor.user_id,
            kind="poc.updated",
            target_type="poc",
            target_id=poc.id,
            fields=["tags"],
            tags=tags,
        )
        changed.append(poc)
    return changed


def _require_existing(session: Session, actor: Actor, sources: list[str]) -> None:
    query = select(PocTag.tag).where(PocTag.tenant_id == actor.tenant_id, col(PocTag.tag).in_(sources)).limit(1)
    if session.exec(query).first() is None:
        raise NotFound("Tag não encontrada.", code="tag_not_found")


def rename_tag(session: Session, *, actor: Actor, source: str, target: str) -> TagChange:
    """Rename a tag in every POC of the tenant; renaming onto an existing tag merges the two."""
    actor.require("pocs:write_all")
    old, new = _one_tag(source, "from"), _one_tag(target, "to")
    if old == new:
        raise Invalid("A tag nova é igual à atual.", code="same_tag", details={"field": "to"})
    _require_existing(session, actor, [old])
    message = gettext("Tag “{old}” renomeada para “{new}”", actor.locale, old=old, new=new)
    pocs = _retag(session, actor, [old], new, message)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="tag.renamed",
        target_type="tag",
        target_id=new,
        source=old,
        target=new,
        pocs=len(pocs),
    )
    return TagChange(tag=new, sources=[old], poc_ids=[p.id for p in pocs])


def merge_tags(session: Session, *, actor: Actor, sources: list[str], target: str) -> TagChange:
    """Fold several tags into one across the tenant; a POC with more than one keeps a single copy."""
    actor.require("pocs:write_all")
    new = _one_tag(target, "target")
    if len(sources) > MAX_SOURCES:
        raise Invalid(
            "Informe no máximo {max} tags de origem.",
            code="too_many_sources",
            details={"field": "sources"},
            max=MAX_SOURCES,
        )
    olds = [t for t in dict.fromkeys(_one_tag(s, "sources") for s in sources) if t != new]
    if not olds:
        raise Invalid(
            "Informe ao menos uma tag de origem diferente da tag de destino.",
            code="same_tag",
            details={"field": "sources"},
        )
    _require_existing(session, actor, olds)
    message = gettext(
        "Tags {sources} mescladas em “{new}”", actor.locale, sources=", ".join(f"“{t}”" for t in olds), new=new
    )
    pocs = _retag(session, actor, olds, new, message)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="tag.merged",
        target_type="tag",
        target_id=new,
        sources=olds,
        target=new,
        pocs=len(pocs),
    )
    return TagChange(tag=new, sources=olds, poc_ids=[p.id for p in pocs])
