"""Consents (LGPD art. 8): acceptance of the terms and notice at sign-up, optional purposes granted and revoked.

Append-only: a choice is a new row; the latest row of a purpose is the person's current choice. IP address and
device are kept only as keyed hashes: enough to prove a record, useless to track anyone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from poc_tracker.auth.sealing import keyed_hashes
from poc_tracker.errors import Invalid
from poc_tracker.i18n import N_
from poc_tracker.models import ConsentRecord
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit

NOTICE_VERSION = "2026-11"  # bump when the terms or the privacy notice change: everyone is asked again
REQUIRED = ("terms", "privacy_notice")
OPTIONAL = ("product_news", "retrospectiva_notice")
CHANNELS = ("web", "api")
CONSEQUENCES = {
    "product_news": N_("Sem este consentimento, você não recebe e-mails sobre novidades do produto."),
    "retrospectiva_notice": N_(
        "Sem este consentimento, não avisamos em dezembro que sua Retrospectiva anual está pronta para gerar; "
        "você ainda pode gerá-la na página Retrospectiva."
    ),
}


@dataclass(frozen=True)
class Consent:
    """A purpose and the person's current choice (None: never asked)."""

    purpose: str
    granted: bool | None
    version: str | None
    at: str | None


def _hash(value: str | None) -> str:
    return keyed_hashes(value, context="consent")[0] if value else ""


def record(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    purpose: str,
    granted: bool,
    channel: str,
    ip: str | None = None,
    user_agent: str | None = None,
) -> ConsentRecord:
    """Append one choice."""
    row = ConsentRecord(
        tenant_id=tenant_id,
        user_id=user_id,
        purpose=purpose,
        version=NOTICE_VERSION,
        granted=granted,
        channel=channel if channel in CHANNELS else "web",
        ip_hash=_hash(ip),
        user_agent_hash=_hash(user_agent),
        at=utcnow(),
    )
    session.add(row)
    return row


def accept_notice(
    session: Session, *, tenant_id: uuid.UUID, user_id: uuid.UUID, channel: str, ip: str | None, user_agent: str | None
) -> None:
    """The terms and the privacy notice accepted (at sign-up, or again after a new version)."""
    for purpose in REQUIRED:
        record(
            session,
            tenant_id=tenant_id,
            user_id=user_id,
            purpose=purpose,
            granted=True,
            channel=channel,
            ip=ip,
            user_agent=user_agent,
        )
    emit(
        session,
        tenant_id=tenant_id,
        actor_id=user_id,
        kind="privacy.notice_accepted",
        target_type="user",
        target_id=user_id,
        version=NOTICE_VERSION,
        channel=channel,
    )


def latest(session: Session, *, tenant_id: uuid.UUID, user_id: uuid.UUID) -> dict[str, ConsentRecord]:
    """The latest record of each purpose."""
    rows = session.exec(
        select(ConsentRecord)
        .where(ConsentRecord.tenant_id == tenant_id, ConsentRecord.user_id == user_id)
        .order_by(col(ConsentRecord.at))
    ).all()
    return {r.purpose: r for r in rows}


def current(session: Session, *, actor: Actor) -> list[Consent]:
    """Every purpose with the actor's current choice."""
    found = latest(session, tenant_id=actor.tenant_id, user_id=actor.user_id)
    return [
        Consent(p, r.granted if r else None, r.version if r else None, r.at.isoformat() if r else None)
        for p in (*REQUIRED, *OPTIONAL)
        for r in [found.get(p)]
    ]


def needs_notice(session: Session, *, actor: Actor) -> bool:
    """True when the actor has not accepted the current terms and notice (new version, or never asked)."""
    found = latest(session, tenant_id=actor.tenant_id, user_id=actor.user_id)
    return any(p not in found or not found[p].granted or found[p].version != NOTICE_VERSION for p in REQUIRED)


def update(
    session: Session,
    *,
    actor: Actor,
    choices: dict[str, bool],
    channel: str,
    ip: str | None = None,
    user_agent: str | None = None,
) -> list[Consent]:
    """Grant or revoke optional purposes, or accept the current notice; only changes are recorded."""
    unknown = set(choices) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise Invalid("Finalidade desconhecida: {purpose}.", code="unknown_purpose", purpose=sorted(unknown)[0])
    if any(choices.get(p) is False for p in REQUIRED):
        raise Invalid(
            "Os termos e o aviso de privacidade são necessários para usar a conta. Para deixar de aceitá-los, "
            "exclua sua conta.",
            code="notice_required",
        )
    if any(choices.get(p) for p in REQUIRED) and needs_notice(session, actor=actor):
        accept_notice(
            session, tenant_id=actor.tenant_id, user_id=actor.user_id, channel=channel, ip=ip, user_agent=user_agent
        )
    found = latest(session, tenant_id=actor.tenant_id, user_id=actor.user_id)
    for purpose in OPTIONAL:
        if purpose in choices and (purpose not in found or found[purpose].granted != choices[purpose]):
            record(
                session,
                tenant_id=actor.tenant_id,
                user_id=actor.user_id,
                purpose=purpose,
                granted=choices[purpose],
                channel=channel,
                ip=ip,
                user_agent=user_agent,
            )
    session.flush()
    return current(session, actor=actor)


def require_acceptance(accepted: bool) -> None:
    """A sign-up form without the terms and notice ticked is refused, naming the checkbox."""
    if not accepted:
        raise Invalid(
            "Para criar a conta, aceite os termos de uso e o aviso de privacidade.",
            code="notice_not_accepted",
            details={"field": "accept_privacy_notice"},
        )


def declined(session: Session, purpose: str) -> set[uuid.UUID]:
    """People whose latest choice for an optional purpose is a revocation (system-wide, for yearly sweeps)."""
    rows = session.exec(
        select(ConsentRecord.user_id, ConsentRecord.granted)
        .where(ConsentRecord.purpose == purpose)
        .order_by(col(ConsentRecord.at))
    ).all()
    latest_choice = dict(rows)
    return {user for user, granted in latest_choice.items() if not granted}
