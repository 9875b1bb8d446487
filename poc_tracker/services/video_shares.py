"""Public links of Retrospectiva videos, and December's offer of one."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from poc_tracker.errors import Conflict, NotFound
from poc_tracker.i18n import N_
from poc_tracker.models import Job, Poc, User, VideoOffer, VideoShare
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.privacy import consents
from poc_tracker.services.users import actor_for
from poc_tracker.services.video_stats import year_pocs
from poc_tracker.services.videos import KIND, access_video
from poc_tracker.settings import get_settings


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share_url(token: str) -> str:
    """The public address of a shared video."""
    return f"{get_settings().app_url.rstrip('/')}/v/{token}"


def share_video(session: Session, *, actor: Actor, video_id: uuid.UUID) -> tuple[str, datetime]:
    """A new public link (earlier ones revoked); only a finished video can be shared."""
    job = access_video(session, actor, video_id)
    if job.status != "done":
        raise Conflict(N_("Só um vídeo pronto pode ser compartilhado."), code="video_not_done")
    revoke_share(session, actor=actor, video_id=video_id)
    token = secrets.token_urlsafe(32)
    expires = min(utcnow() + timedelta(days=get_settings().video_share_days), job.expires_at)
    session.add(
        VideoShare(
            tenant_id=job.tenant_id,
            job_id=job.id,
            created_by=actor.user_id,
            token_hash=_hash(token),
            expires_at=expires,
        )
    )
    return token, expires


def revoke_share(session: Session, *, actor: Actor, video_id: uuid.UUID) -> int:
    """Revoke every live link of a video; how many there were."""
    job = access_video(session, actor, video_id)
    live = session.exec(
        select(VideoShare).where(VideoShare.job_id == job.id, col(VideoShare.revoked_at).is_(None))
    ).all()
    for share in live:
        share.revoked_at = utcnow()
        session.add(share)
    return len(live)


def live_share(session: Session, job: Job) -> VideoShare | None:
    """The video's live link, if any (its token is not kept: only its expiry is shown)."""
    return session.exec(
        select(VideoShare).where(
            VideoShare.job_id == job.id, col(VideoShare.revoked_at).is_(None), col(VideoShare.expires_at) > utcnow()
        )
    ).first()


@dataclass(frozen=True)
class SharedVideo:
    """What the public page shows: the video, its owner's name and the POCs they can still see."""

    job: Job
    owner_name: str
    pocs: list[str]


def shared_video(session: Session, token: str) -> SharedVideo:
    """A live link's video (system session: the visitor is nobody); revoked, expired or unknown: NotFound."""
    share = session.exec(select(VideoShare).where(VideoShare.token_hash == _hash(token or ""))).first()
    missing = NotFound(N_("Link não encontrado ou expirado."), code="share_not_found")
    if share is None or share.revoked_at is not None or share.expires_at <= utcnow():
        raise missing
    job = session.exec(select(Job).where(Job.id == share.job_id, Job.tenant_id == share.tenant_id)).first()
    if job is None or job.kind != KIND or job.status != "done":
        raise missing
    owner = session.exec(select(User).where(User.id == job.owner_id, User.tenant_id == job.tenant_id)).one()
    try:
        actor = actor_for(session, user_id=owner.id, tenant_id=owner.tenant_id)
    except Exception:  # the owner left: the link dies with their access
        raise missing from None
    pocs: list[Poc] = year_pocs(session, actor, job.params["year"], job.params["scope"])
    return SharedVideo(job=job, owner_name=owner.name, pocs=[p.name for p in pocs[:8]])


def offer_year(session: Session, *, year: int) -> int:
    """December: offer every active person their Retrospectiva unless they declined the notice. Safe to rerun."""
    users = session.exec(select(User.id, User.tenant_id).where(col(User.is_active).is_(True))).all()
    have = set(session.exec(select(VideoOffer.user_id).where(VideoOffer.year == year)).all())
    have |= consents.declined(session, "retrospectiva_notice")  # revoked the yearly notice: no offer
    new = [VideoOffer(user_id=uid, tenant_id=tid, year=year) for uid, tid in users if uid not in have]
    session.add_all(new)
    return len(new)


def current_offer(session: Session, *, actor: Actor) -> int | None:
    """The year of the actor's open offer, if any."""
    offer = session.exec(
        select(VideoOffer)
        .where(
            VideoOffer.user_id == actor.user_id,
            VideoOffer.tenant_id == actor.tenant_id,
            col(VideoOffer.dismissed_at).is_(None),
        )
        .order_by(col(VideoOffer.year).desc())
    ).first()
    return offer.year if offer else None


def dismiss_offer(session: Session, *, actor: Actor, year: int) -> None:
    """Hide the notice (asking for the video does too)."""
    offer = session.exec(
        select(VideoOffer).where(
            VideoOffer.user_id == actor.user_id, VideoOffer.tenant_id == actor.tenant_id, VideoOffer.year == year
        )
    ).first()
    if offer and offer.dismissed_at is None:
        offer.dismissed_at = utcnow()
        session.add(offer)
