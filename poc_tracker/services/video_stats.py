"""What a year holds for the Retrospectiva: figures, languages, the highlighted POC, rhythm and collaboration."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from poc_tracker.models import Blob, Dojo, DojoParticipant, Favorite, Poc, PocFile, PocVersion, Tenant, User
from poc_tracker.services.actor import Actor
from poc_tracker.settings import get_settings
from poc_tracker.storage import get_file_store
from poc_tracker.video.story import Highlight, YearStats

CODE_LINES, CODE_CHARS = 6, 56
CODE_EXTENSIONS = (".py", ".ts", ".tsx", ".js", ".go", ".rs", ".java", ".kt", ".rb", ".cs", ".sql", ".ex", ".php")


def _bounds(year: int) -> tuple[datetime, datetime]:
    tz = ZoneInfo(get_settings().timezone)
    start = datetime(year, 1, 1, tzinfo=tz).astimezone(UTC)
    return start, datetime(year + 1, 1, 1, tzinfo=tz).astimezone(UTC)


def year_pocs(session: Session, actor: Actor, year: int, scope: str) -> list[Poc]:
    """Live POCs of the year the actor can see: their own (scope "me") or the whole tenant's."""
    start, end = _bounds(year)
    query = select(Poc).where(
        Poc.tenant_id == actor.tenant_id,
        col(Poc.deleted_at).is_(None),
        col(Poc.created_at) >= start,
        col(Poc.created_at) < end,
    )
    if scope == "me":
        query = query.where(Poc.owner_id == actor.user_id)
    return list(session.exec(query.order_by(col(Poc.created_at), col(Poc.id))).all())


def _code_glimpse(session: Session, poc: Poc) -> tuple[str, tuple[str, ...]]:
    """The first lines of the POC's first code file (text only; nothing is run or interpreted)."""
    files = session.exec(
        select(PocFile).where(PocFile.poc_id == poc.id, PocFile.tenant_id == poc.tenant_id).order_by(col(PocFile.path))
    ).all()
    chosen = next((f for f in files if f.path.lower().endswith(CODE_EXTENSIONS) and f.size <= 512_000), None)
    if chosen is None:
        return "", ()
    blob = session.exec(select(Blob).where(Blob.poc_id == poc.id, Blob.hash == chosen.blob_hash)).first()
    try:
        text = get_file_store().get(blob.storage_key)[:8192].decode("utf-8") if blob else ""
    except (FileNotFoundError, UnicodeDecodeError):
        return "", ()
    lines = [ln.rstrip()[:CODE_CHARS] for ln in text.splitlines() if ln.strip()][:CODE_LINES]
    return chosen.path, tuple(lines)


def _highlight(session: Session, pocs: list[Poc]) -> Highlight | None:
    if not pocs:
        return None
    stars = dict(
        session.exec(
            select(Favorite.poc_id, func.count())
            .where(col(Favorite.poc_id).in_([p.id for p in pocs]))
            .group_by(Favorite.poc_id)
        ).all()
    )
    best = max(pocs, key=lambda p: (stars.get(p.id, 0), p.current_version, p.created_at.timestamp(), str(p.id)))
    path, code = _code_glimpse(session, best)
    return Highlight(best.name, best.language, best.current_version, int(stars.get(best.id, 0)), path, code)


def _daily(year: int, stamps: list[datetime]) -> tuple[int, ...]:
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    counts = [0] * days
    tz = ZoneInfo(get_settings().timezone)
    for stamp in stamps:
        local = stamp.astimezone(tz).date()
        if local.year == year:
            counts[(local - date(year, 1, 1)).days] += 1
    return tuple(counts)


def _dojos(session: Session, actor: Actor, year: int, scope: str) -> tuple[int, tuple[str, ...]]:
    start, end = _bounds(year)
    query = select(Dojo.id).where(
        Dojo.tenant_id == actor.tenant_id, col(Dojo.created_at) >= start, col(Dojo.created_at) < end
    )
    if scope == "me":
        mine = select(DojoParticipant.dojo_id).where(DojoParticipant.user_id == actor.user_id)
        query = query.where(col(Dojo.id).in_(mine) | (Dojo.host_id == actor.user_id))
    ids = list(session.exec(query).all())
    if not ids:
        return 0, ()
    people = session.exec(
        select(User.name, func.count())
        .join(DojoParticipant, col(DojoParticipant.user_id) == col(User.id))
        .where(col(DojoParticipant.dojo_id).in_(ids), User.tenant_id == actor.tenant_id, User.id != actor.user_id)
        .group_by(User.name)
        .order_by(func.count().desc(), User.name)
    ).all()
    return len(ids), tuple(name for name, _ in people)


def collect(session: Session, *, actor: Actor, year: int, scope: str, url: str) -> YearStats:
    """The year of one person or of the whole tenant, read with the actor's visibility."""
    pocs = year_pocs(session, actor, year, scope)
    start, end = _bounds(year)
    versions = select(PocVersion.created_at).where(
        PocVersion.tenant_id == actor.tenant_id, col(PocVersion.created_at) >= start, col(PocVersion.created_at) < end
    )
    if scope == "me":
        versions = versions.where(PocVersion.author_id == actor.user_id)
    version_stamps = list(session.exec(versions).all())
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).one()
    user = session.exec(select(User).where(User.id == actor.user_id, User.tenant_id == actor.tenant_id)).one()
    dojos, people = _dojos(session, actor, year, scope)
    tags = Counter(t for p in pocs for t in p.tags)
    return YearStats(
        year=year,
        scope=scope,
        name=user.name if scope == "me" else tenant.name,
        tenant_name=tenant.name,
        url=url,
        pocs=len(pocs),
        versions=len(version_stamps),
        files=sum(p.file_count for p in pocs),
        dojos=dojos,
        languages=tuple(Counter(p.language for p in pocs).most_common(4)),
        tags=tuple(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:5]),
        highlight=_highlight(session, pocs),
        go=sum(1 for p in pocs if p.decision == "go"),
        no_go=sum(1 for p in pocs if p.decision == "no_go"),
        daily=_daily(year, [p.created_at for p in pocs] + version_stamps),
        people=people,
    )


def user_ids_with_pocs(session: Session, tenant_id: uuid.UUID) -> list[uuid.UUID]:
    """Active people of a tenant (for the December offer)."""
    return list(session.exec(select(User.id).where(User.tenant_id == tenant_id, col(User.is_active).is_(True))).all())
