"""Retrospectiva API: ask for a video, follow it, download its files, share it, set the brand."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from sqlmodel import Session

from poc_tracker.api.deps import CurrentActor, LocaleDep, SessionDep, system_session_dep
from poc_tracker.api.jobs import JobError, download_response
from poc_tracker.api.media import media_response
from poc_tracker.api.video_schemas import (
    BrandPublic,
    BrandUpdate,
    OfferPublic,
    PreviewPublic,
    SharePublic,
    VideoAccepted,
    VideoCreate,
    VideoFilePublic,
    VideoPublic,
    VideosPublic,
)
from poc_tracker.errors import Invalid
from poc_tracker.models import Job
from poc_tracker.services import jobs, video_brand, video_links, video_shares, videos
from poc_tracker.services.actor import Actor
from poc_tracker.video.branding import LOGO_MAX_BYTES
from poc_tracker.video.render import stills_png
from poc_tracker.video.templates import TEMPLATES

# No tenant is known when the request arrives; the service narrows to the one the token or link names.
SignedFileSession = Annotated[Session, Depends(system_session_dep("signed video file: the signature names the tenant"))]

router = APIRouter(tags=["videos"])
BASE = "/api/v1/videos"


def video_public(session: SessionDep, job: Job, locale: str) -> VideoPublic:
    """A video's answer: files only once they exist."""
    error = jobs.error_text(job, locale)
    files = [
        VideoFilePublic(
            format=f["format"],
            url=f"{BASE}/{job.id}/download?format={f['format']}",
            name=f["name"],
            size=f["size"],
            content_type=f["contentType"],
        )
        for f in (job.files if job.status == "done" else [])
        if "format" in f
    ]
    share = video_shares.live_share(session, job)
    p = job.params
    return VideoPublic(
        video_id=job.id,
        year=p["year"],
        scope=p["scope"],
        template=p["template"],
        formats=p["formats"],
        status=videos.phase(job),  # type: ignore[arg-type]
        progress=job.progress,
        error=JobError(code=job.error_code or "job_failed", message=error) if error else None,
        files=files,
        share=SharePublic(expires_at=share.expires_at) if share else None,
        created_at=job.created_at,
        expires_at=job.expires_at,
    )


@router.post("/videos", response_model=VideoAccepted, status_code=status.HTTP_202_ACCEPTED)
def create_video(body: VideoCreate, session: SessionDep, actor: CurrentActor) -> VideoAccepted:
    """Queue a Retrospectiva; answer at once, the worker renders it."""
    job = videos.request_video(
        session, actor=actor, year=body.year, scope=body.scope, template=body.template, formats=body.formats
    )
    video_shares.dismiss_offer(session, actor=actor, year=body.year)
    session.commit()
    return VideoAccepted(video_id=job.id, status=job.status)


@router.get("/videos", response_model=VideosPublic)
def list_videos(
    session: SessionDep,
    actor: CurrentActor,
    locale: LocaleDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> VideosPublic:
    """The caller's videos, newest first."""
    rows, total = jobs.list_jobs(session, actor=actor, kind=videos.KIND, limit=limit, offset=offset)
    return VideosPublic(data=[video_public(session, j, locale) for j in rows], count=total)


@router.get("/videos/brand", response_model=BrandPublic)
def get_brand(session: SessionDep, actor: CurrentActor) -> BrandPublic:
    """The tenant's brand for videos."""
    return BrandPublic.model_validate(video_brand.brand_view(session, actor=actor))


@router.put("/videos/brand", response_model=BrandPublic)
def put_brand(body: BrandUpdate, session: SessionDep, actor: CurrentActor) -> BrandPublic:
    """Set colours (contrast at least 4.5:1) and font; tenant owners."""
    video_brand.set_brand(session, actor=actor, primary=body.primary, secondary=body.secondary, font=body.font)
    session.commit()
    return BrandPublic.model_validate(video_brand.brand_view(session, actor=actor))


@router.put("/videos/brand/logo", status_code=status.HTTP_204_NO_CONTENT)
async def put_logo(request: Request, actor: CurrentActor, session: SessionDep) -> None:
    """The logo as the request body (image/png or image/svg+xml, up to 1 MB)."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > LOGO_MAX_BYTES:
            raise Invalid("O logotipo deve ter até 1 MB.", code="logo_too_large")
    kind = request.headers.get("content-type", "")
    name = "logo.svg" if "svg" in kind else "logo.png"
    video_brand.set_logo(session, actor=actor, data=bytes(data), filename=name)
    session.commit()


@router.delete("/videos/brand/logo", status_code=status.HTTP_204_NO_CONTENT)
def delete_logo(session: SessionDep, actor: CurrentActor) -> None:
    """Remove the logo."""
    video_brand.remove_logo(session, actor=actor)
    session.commit()


@router.get("/videos/offer", response_model=OfferPublic)
def get_offer(session: SessionDep, actor: CurrentActor) -> OfferPublic:
    """December's offer, while the person has neither asked for the video nor dismissed it."""
    return OfferPublic(year=video_shares.current_offer(session, actor=actor))


@router.delete("/videos/offer/{year}", status_code=status.HTTP_204_NO_CONTENT)
def dismiss_offer(year: int, session: SessionDep, actor: CurrentActor) -> None:
    """Hide the offer."""
    video_shares.dismiss_offer(session, actor=actor, year=year)
    session.commit()


@router.get("/videos/preview", response_model=PreviewPublic)
def preview(
    session: SessionDep,
    actor: CurrentActor,
    year: int,
    scope: str = "me",
    template: str = "aurora",
    format: str = "vertical",
) -> PreviewPublic:
    """A small still of every scene, with the brand, before rendering."""
    params = _checked(actor, year, scope, template, format)
    story = videos.story_for(session, actor, params)
    brand = video_brand.load_brand(session, actor.tenant_id)
    pngs = stills_png(story, TEMPLATES[template], brand, format, scale=0.2)
    return PreviewPublic(
        scenes=["data:image/png;base64," + base64.b64encode(p).decode() for p in pngs], seconds=story.seconds
    )


def _checked(actor: Actor, year: int, scope: str, template: str, fmt: str) -> dict:
    videos.check_params(actor, year=year, scope=scope, template=template, formats=[fmt])
    return {"year": year, "scope": scope, "template": template, "locale": actor.locale}


@router.get("/videos/{video_id}", response_model=VideoPublic)
def get_video(video_id: uuid.UUID, session: SessionDep, actor: CurrentActor, locale: LocaleDep) -> VideoPublic:
    """Where a video stands."""
    return video_public(session, videos.access_video(session, actor, video_id), locale)


@router.get("/videos/{video_id}/download")
def download(
    video_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    format: Annotated[str, Query()] = "vertical",
) -> Response:
    """One file of a finished video: vertical, horizontal, card, poster or captions."""
    job = videos.access_video(session, actor, video_id)
    return download_response(videos.video_file(job, format))


@router.get("/videos/{video_id}/files/{fmt}")
def signed_file(
    video_id: uuid.UUID,
    fmt: str,
    session: SignedFileSession,
    exp: Annotated[int, Query()] = 0,
    sig: Annotated[str, Query(max_length=64)] = "",
    dl: Annotated[int, Query()] = 0,
    range: Annotated[str | None, Header()] = None,
) -> Response:
    """A file through a signed link made for the page's player (no token: a <video> cannot send one)."""
    got = video_links.signed_file(session, video_id, fmt, exp, sig, bool(dl))
    return media_response(got, range, inline=not dl)


@router.post("/videos/{video_id}/retry", response_model=VideoAccepted, status_code=status.HTTP_202_ACCEPTED)
def retry(video_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> VideoAccepted:
    """Render a failed video again."""
    videos.access_video(session, actor, video_id)
    job = jobs.retry_job(session, actor=actor, job_id=video_id, kind=videos.KIND)
    session.commit()
    return VideoAccepted(video_id=job.id, status=job.status)


@router.post("/videos/{video_id}/share", response_model=SharePublic)
def share(video_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> SharePublic:
    """A public link (an earlier one stops working)."""
    token, expires = video_shares.share_video(session, actor=actor, video_id=video_id)
    session.commit()
    return SharePublic(share_url=video_shares.share_url(token), expires_at=expires)


@router.delete("/videos/{video_id}/share", status_code=status.HTTP_204_NO_CONTENT)
def revoke(video_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> None:
    """Stop the public link."""
    video_shares.revoke_share(session, actor=actor, video_id=video_id)
    session.commit()
