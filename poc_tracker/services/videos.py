"""The Retrospectiva: ask for a video (a job of kind "video"), render it in the worker, share it, brand it."""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from poc_tracker.errors import Conflict, DomainError, Invalid, NotFound
from poc_tracker.i18n import N_
from poc_tracker.models import Job, Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services import jobs
from poc_tracker.services.actor import Actor
from poc_tracker.services.job_runner import JobContext
from poc_tracker.services.video_brand import load_brand
from poc_tracker.services.video_stats import collect
from poc_tracker.settings import get_settings
from poc_tracker.video import render
from poc_tracker.video.ffmpeg import FfmpegError
from poc_tracker.video.story import Story, build_story
from poc_tracker.video.templates import TEMPLATES

log = logging.getLogger(__name__)
KIND = "video"
TASK = "poc_tracker.videos.render"
FORMATS = ("vertical", "horizontal")
EXTRAS = {"card": ("png", "image/png"), "poster": ("jpg", "image/jpeg"), "captions": ("vtt", "text/vtt")}
DOWNLOADS = (*FORMATS, *EXTRAS)
jobs.register_kind(KIND, task=TASK, queue="videos", ttl=timedelta(days=180))


def _year_ok(year: int) -> int:
    now = utcnow().year
    if not isinstance(year, int) or not 2000 <= year <= now:
        raise Invalid(
            N_("Escolha um ano entre 2000 e {year}."), code="invalid_year", details={"field": "year"}, year=now
        )
    return year


def check_params(actor: Actor, *, year: int, scope: str, template: str, formats: list[str]) -> list[str]:
    """Validated parameters (the formats in their order); the team edition ("tenant") is for admins."""
    _year_ok(year)
    if scope not in ("me", "tenant"):
        raise Invalid(N_("Escolha entre o seu ano e o da equipe."), code="invalid_scope", details={"field": "scope"})
    if scope == "tenant":
        actor.require("tenant:read")
    if template not in TEMPLATES:
        raise Invalid(N_("Modelo desconhecido."), code="invalid_template", details={"allowed": sorted(TEMPLATES)})
    chosen = [f for f in FORMATS if f in set(formats or [])]
    if not chosen or len(chosen) != len(set(formats)):
        raise Invalid(N_("Escolha o formato: vertical, horizontal ou os dois."), code="invalid_formats")
    return chosen


def request_video(session: Session, *, actor: Actor, year: int, scope: str, template: str, formats: list[str]) -> Job:
    """Queue a Retrospectiva."""
    chosen = check_params(actor, year=year, scope=scope, template=template, formats=formats)
    params = {"year": year, "scope": scope, "template": template, "formats": chosen, "locale": actor.locale}
    return jobs.create_job(session, actor=actor, kind=KIND, params=params)


def story_for(session: Session, actor: Actor, params: dict[str, Any], *, pace: float = 1.0) -> Story:
    """The story of a video's parameters, with the owner's visibility and language."""
    url = get_settings().app_url.rstrip("/") + "/pocs"
    stats = collect(session, actor=actor, year=params["year"], scope=params["scope"], url=url)
    return build_story(stats, params.get("locale", actor.locale), pace=pace)


def phase(job: Job) -> str:
    """The status the API shows: a running video is "rendering", then "encoding" for its last steps."""
    if job.status == "running":
        return "encoding" if job.progress >= 90 else "rendering"
    return job.status


def render_work(ctx: JobContext) -> None:
    """The worker's part: both formats drawn and encoded at once (threads: Pillow and ffmpeg work off the GIL)."""
    from poc_tracker.db import session_scope

    s = get_settings()
    assert ctx.actor is not None
    with session_scope(tenant_id=ctx.tenant_id) as session:
        story = story_for(session, ctx.actor, ctx.params, pace=s.video_pace)
        brand = load_brand(session, ctx.tenant_id)
    template = TEMPLATES[ctx.params["template"]]
    formats = ctx.params["formats"]
    done = dict.fromkeys(formats, 0.0)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def report(fmt: str, fraction: float) -> None:
        with lock:
            done[fmt] = fraction
            ctx.progress(88 * sum(done.values()) / len(done))

    def one(fmt: str) -> None:
        try:
            render.render_video(story, template, brand, fmt, ctx.workdir / f"{fmt}.mp4", scale=s.video_scale,
                                progress=lambda f: report(fmt, f))  # fmt: skip
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(f,), name=f"video-{f}") for f in formats]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        if isinstance(errors[0], FfmpegError):  # the reason the owner sees; the log keeps ffmpeg's own words
            log.error("video encoding failed", extra={"event": "video_failed", "details": {"error": str(errors[0])}})
            raise DomainError(N_("Não foi possível codificar o vídeo. Tente de novo."), code="video_encode_failed")
        raise errors[0]
    ctx.progress(92)
    _write_extras(ctx, story, template, brand, s.video_scale)


def _write_extras(ctx: JobContext, story: Story, template: Any, brand: Any, scale: float) -> None:
    year = ctx.params["year"]
    for fmt in ctx.params["formats"]:
        _keep(ctx, ctx.workdir / f"{fmt}.mp4", f"retrospectiva-{year}-{fmt}.mp4", "video/mp4", fmt)
    outputs = {
        "card": render.card(story, template, brand),
        "poster": render.poster(story, template, brand, scale=scale),
        "captions": render.captions(story),
    }
    for name, data in outputs.items():
        ext, content_type = EXTRAS[name]
        path = ctx.workdir / f"{name}.{ext}"
        path.write_bytes(data)
        _keep(ctx, path, f"retrospectiva-{year}-{name}.{ext}", content_type, name)


def _keep(ctx: JobContext, path: Path, name: str, content_type: str, fmt: str) -> None:
    ctx.add_file(path, name, content_type)
    ctx.files[-1]["format"] = fmt


def video_file(job: Job, fmt: str) -> jobs.JobFile:
    """One file of a done video by format; Conflict before it exists, NotFound for a format it lacks."""
    if fmt not in DOWNLOADS:
        raise Invalid(N_("Formato desconhecido."), code="invalid_format", details={"allowed": list(DOWNLOADS)})
    if job.status != "done":
        raise Conflict("O arquivo ainda não está pronto.", code="job_not_done")
    meta = next((f for f in job.files if f.get("format") == fmt), None)
    if meta is None:
        raise NotFound(N_("Este vídeo não tem esse formato."), code="format_not_rendered")
    return jobs.JobFile(meta["key"], meta["name"], meta["contentType"], int(meta["size"]))


def access_video(session: Session, actor: Actor, video_id: uuid.UUID) -> Job:
    """One of the actor's videos (another person's or tenant's is "not found")."""
    try:
        return jobs.access_job_by_id(session, actor, video_id, kind=KIND)
    except NotFound:
        raise NotFound(N_("Vídeo não encontrado."), code="video_not_found") from None


def tenant_of(session: Session, tenant_id: uuid.UUID) -> Tenant:
    """The tenant row."""
    return session.exec(select(Tenant).where(Tenant.id == tenant_id)).one()
