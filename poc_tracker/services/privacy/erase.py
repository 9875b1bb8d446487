"""The erasure of a person (LGPD art. 18, VI): their rows deleted or anonymised in every store.

What stays belongs to the team (POCs, their versions, shared collections, Dojos): it is credited to the
anonymised user row, named "Pessoa removida". Every JSON and text column that copied the person's name or
e-mail is scrubbed; the search documents of their POCs are rewritten; their job files (reports, videos,
exports) and Redis keys go.
"""

from __future__ import annotations

import json
import logging
import secrets
import uuid
from typing import Any

from sqlalchemy import String, cast, delete, or_, text
from sqlmodel import Session, SQLModel, col, select

from poc_tracker.models import (
    AccountToken,
    AuditLog,
    Collection,
    Dojo,
    DojoEvent,
    DomainEvent,
    Favorite,
    Invitation,
    Job,
    MailMessage,
    MfaChallenge,
    OidcFlow,
    Passkey,
    Poc,
    PocVersion,
    RecoveryCode,
    RefreshToken,
    ReportSchedule,
    SearchQuery,
    TotpFactor,
    User,
    UserIdentity,
    VideoOffer,
    VideoShare,
)
from poc_tracker.search.sqlite import fts_table, has_table
from poc_tracker.services.events import emit
from poc_tracker.services.search_index import index_pocs
from poc_tracker.settings import get_settings
from poc_tracker.storage import get_file_store

log = logging.getLogger(__name__)
REMOVED = "Pessoa removida"
GENERATED_KINDS = ("report", "video")  # files that may name the person: regenerable, so they go
# (model, column): JSON written by the app that may have copied a name or an e-mail
JSON_COLUMNS: tuple[tuple[type[SQLModel], str], ...] = (
    (DojoEvent, "payload"),
    (AuditLog, "details"),
    (DomainEvent, "payload"),
    (PocVersion, "meta"),
    (Dojo, "retrospective"),
    (Job, "params"),
)
TEXT_COLUMNS: tuple[tuple[type[SQLModel], tuple[str, ...]], ...] = (
    (MailMessage, ("subject", "text_body", "html_body")),
)
OWN_ROWS: tuple[tuple[type[SQLModel], str], ...] = (
    (RefreshToken, "user_id"),
    (UserIdentity, "user_id"),
    (Passkey, "user_id"),
    (TotpFactor, "user_id"),
    (RecoveryCode, "user_id"),
    (MfaChallenge, "user_id"),
    (AccountToken, "user_id"),
    (Favorite, "user_id"),
    (SearchQuery, "user_id"),
    (ReportSchedule, "owner_id"),
    (VideoOffer, "user_id"),
    (VideoShare, "created_by"),
)


def scrub(value: Any, needles: list[str]) -> Any:
    """``value`` with every needle (name, e-mail) inside its strings replaced by "Pessoa removida"."""
    if isinstance(value, str):
        for n in needles:
            value = value.replace(n, REMOVED)
        return value
    if isinstance(value, dict):
        return {k: scrub(v, needles) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, needles) for v in value]
    return value


def _needles(user: User) -> list[str]:
    """What must not survive, longest first: raw, and as JSON escapes (accents stored as backslash-u)."""
    raw = [s for s in {user.email, user.name.strip()} if len(s) >= 3]
    escaped = [json.dumps(s)[1:-1] for s in raw]
    return sorted(set(raw + escaped), key=len, reverse=True)


def _matching(column: Any, needles: list[str]) -> Any:
    return or_(*[cast(column, String).contains(n) for n in needles])


def _scrub_columns(session: Session, tenant_id: uuid.UUID, needles: list[str]) -> None:
    plain = [n for n in needles if "\\" not in n]
    for model, name in JSON_COLUMNS:
        column = getattr(model, name)
        for row in session.exec(select(model).where(model.tenant_id == tenant_id, _matching(column, needles))):  # type: ignore[attr-defined]
            setattr(row, name, scrub(getattr(row, name), plain))
            session.add(row)
    for model, names in TEXT_COLUMNS:
        where = or_(*[_matching(getattr(model, n), plain) for n in names])
        for row in session.exec(select(model).where(model.tenant_id == tenant_id, where)):  # type: ignore[attr-defined]
            for n in names:
                setattr(row, n, scrub(getattr(row, n), plain))
            session.add(row)


def _delete_jobs(session: Session, tenant_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """The person's jobs, and every generated report or video of the tenant (they may name the person)."""
    store = get_file_store()
    found = session.exec(
        select(Job).where(Job.tenant_id == tenant_id, or_(Job.owner_id == user_id, col(Job.kind).in_(GENERATED_KINDS)))
    ).all()
    for job in found:
        for f in job.files:
            store.delete(f["key"])
    ids = [j.id for j in found]
    if ids:
        session.exec(delete(VideoShare).where(col(VideoShare.job_id).in_(ids)))
        session.exec(delete(Job).where(col(Job.id).in_(ids)))


def _delete_own_rows(session: Session, user: User) -> None:
    for model, column in OWN_ROWS:
        session.exec(delete(model).where(getattr(model, column) == user.id))  # type: ignore[arg-type]
    session.exec(delete(Invitation).where(Invitation.tenant_id == user.tenant_id, Invitation.email == user.email))
    session.exec(
        delete(MailMessage).where(MailMessage.tenant_id == user.tenant_id, MailMessage.to_address == user.email)
    )
    session.exec(delete(OidcFlow).where(OidcFlow.tenant_id == user.tenant_id, OidcFlow.login_hint == user.email))
    session.exec(delete(Collection).where(Collection.owner_id == user.id, Collection.visibility == "private"))


def _forget_redis(email: str, user_id: uuid.UUID) -> None:
    """Rate-limit and sign-in marks keyed by the e-mail or the user id (production profile)."""
    url = get_settings().redis_url
    if not url:
        return  # the embedded profile keeps them in process memory, where they expire
    import redis

    client = redis.Redis.from_url(url, socket_timeout=3)
    for pattern in (f"*{email}*", f"*{user_id}*"):
        keys = list(client.scan_iter(match=pattern, count=500))
        if keys:
            client.delete(*keys)


def _compact_fts(session: Session, tenant_id: uuid.UUID) -> None:
    """SQLite FTS5 keeps replaced tokens in its segments until a merge: merge now, so the old name is gone."""
    if session.get_bind().dialect.name != "sqlite":
        return
    table = fts_table(tenant_id)
    if has_table(session, table):
        session.exec(text(f"INSERT INTO {table}({table}) VALUES('optimize')"))  # type: ignore[call-overload]


def _anonymise(user: User) -> None:
    user.email = f"removida-{user.id.hex}@anonimo.invalid"
    user.name = REMOVED
    user.password_hash = "!" + secrets.token_hex(16)  # no password ever matches
    user.roles, user.is_active, user.is_platform_admin = [], False, False
    user.last_login_at = user.email_verified_at = None


def erase_person(session: Session, *, tenant_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """Erase or anonymise everything about one person of one tenant, in this transaction (and Redis, files)."""
    user = session.exec(select(User).where(User.id == user_id, User.tenant_id == tenant_id)).one()
    email, needles = user.email, _needles(user)
    _delete_jobs(session, tenant_id, user_id)
    _delete_own_rows(session, user)
    _scrub_columns(session, tenant_id, needles)
    _anonymise(user)
    session.add(user)
    session.flush()
    owned = list(session.exec(select(Poc.id).where(Poc.tenant_id == tenant_id, Poc.owner_id == user_id)).all())
    if owned:
        index_pocs(session, tenant_id=tenant_id, poc_ids=owned)  # their documents now say "Pessoa removida"
        _compact_fts(session, tenant_id)
    emit(
        session, tenant_id=tenant_id, actor_id=None, kind="user.profile_updated", target_type="user", target_id=user_id
    )
    emit(session, tenant_id=tenant_id, actor_id=None, kind="privacy.erased", target_type="user", target_id=user_id)
    _forget_redis(email, user_id)
    log.info("person erased", extra={"event": "privacy_erased", "details": {"user": str(user_id)}})
