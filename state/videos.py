"""The Retrospectiva page: choose, preview, follow, play, download, share and revoke."""

from __future__ import annotations

import base64
import dataclasses
from typing import ClassVar

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, format_dt, gettext
from poc_tracker.models import Job
from poc_tracker.models.base import utcnow
from poc_tracker.services import video_brand, video_links, video_shares, videos
from poc_tracker.video.render import stills_png
from poc_tracker.video.templates import TEMPLATES
from state.base import as_id
from state.i18n import I18nState
from state.jobs import JobsMixin
from state.session import SessionState

FORMAT_LABELS = {
    "vertical": N_("Vertical (stories)"),
    "horizontal": N_("Horizontal"),
    "card": N_("Imagem para redes"),
    "poster": N_("Capa"),
    "captions": N_("Legendas"),
}


@dataclasses.dataclass
class DownloadLink:
    """A file of the video on show."""

    label: str = ""
    url: str = ""


class VideoState(JobsMixin, rx.State):
    """The person's videos of kind "video" and the one on show."""

    year: str = ""
    scope: str = "me"
    template: str = "aurora"
    want_vertical: bool = True
    want_horizontal: bool = True
    can_team: bool = False
    offer_year: int = 0
    error: str = ""
    previews: list[str] = []
    previewing: bool = False
    shown_id: str = ""
    shown_title: str = ""
    player_url: str = ""
    poster_url: str = ""
    captions_url: str = ""
    shown_format: str = "vertical"
    shown_formats: list[str] = []
    downloads: list[DownloadLink] = []
    share_url: str = ""
    share_expires: str = ""
    _job_kind: ClassVar[str] = videos.KIND

    def _job_title(self, job: Job, locale: str) -> str:
        p = job.params
        label = gettext(str(TEMPLATES[p["template"]].label), locale) if p["template"] in TEMPLATES else ""
        scope = gettext("Equipe", locale) if p["scope"] == "tenant" else gettext("Meu ano", locale)
        return f"Retrospectiva {p['year']} · {scope} · {label}"

    async def _reload_jobs(self) -> bool:
        """The rows, and the newest finished video in the player once it is done."""
        active = await super()._reload_jobs()
        newest = next((j for j in self.jobs if j.status == "done"), None)
        if newest and newest.id != self.shown_id and self._newer_than_shown(newest.id):
            await self._show(newest.id)
        return active

    def _newer_than_shown(self, video_id: str) -> bool:
        ids = [j.id for j in self.jobs]
        return not self.shown_id or self.shown_id not in ids or ids.index(video_id) < ids.index(self.shown_id)

    @rx.var
    def years(self) -> list[str]:
        """This year and the three before."""
        now = utcnow().year
        return [str(y) for y in range(now, now - 4, -1)]

    async def _actor_locale(self):  # noqa: ANN202
        return (await self.get_state(SessionState)).actor(), (await self.get_state(I18nState)).locale

    @rx.event
    async def load_page(self):  # noqa: ANN201
        """Defaults, the offer, the videos, and the newest finished one on show."""
        actor, _ = await self._actor_locale()
        self.year = self.year or str(utcnow().year)
        self.can_team = actor.can("tenant:read")
        with session_scope(tenant_id=actor.tenant_id) as session:
            self.offer_year = video_shares.current_offer(session, actor=actor) or 0
        return type(self).load_jobs

    @rx.event
    def set_year(self, value: str) -> None:
        """Year chosen."""
        self.year, self.previews = value, []

    @rx.event
    def set_scope(self, value: str | list[str]) -> None:
        """Mine or the team's."""
        self.scope, self.previews = value if isinstance(value, str) else value[0], []

    @rx.event
    def set_template(self, value: str) -> None:
        """Template chosen."""
        self.template, self.previews = value, []

    @rx.event
    def set_want_vertical(self, value: bool) -> None:
        """Vertical format on or off."""
        self.want_vertical = value

    @rx.event
    def set_want_horizontal(self, value: bool) -> None:
        """Horizontal format on or off."""
        self.want_horizontal = value

    def _formats(self) -> list[str]:
        return [f for f, on in (("vertical", self.want_vertical), ("horizontal", self.want_horizontal)) if on]

    @rx.event
    async def create_video(self):  # noqa: ANN201
        """Ask for the video: it is queued and its progress shows below."""
        actor, locale = await self._actor_locale()
        self.error = ""
        try:
            with session_scope(tenant_id=actor.tenant_id) as session:
                videos.request_video(session, actor=actor, year=int(self.year or 0), scope=self.scope,
                                     template=self.template, formats=self._formats())  # fmt: skip
                video_shares.dismiss_offer(session, actor=actor, year=int(self.year or 0))
        except DomainError as exc:
            self.error = exc.localized(locale)
            return None
        self.offer_year = 0
        return type(self).load_jobs

    @rx.event
    async def preview(self) -> None:
        """A still of every scene, before rendering."""
        actor, locale = await self._actor_locale()
        self.error, self.previewing = "", True
        yield
        try:
            params = {"year": int(self.year or 0), "scope": self.scope, "template": self.template, "locale": locale}
            videos.check_params(
                actor, year=params["year"], scope=self.scope, template=self.template, formats=["vertical"]
            )
            with session_scope(tenant_id=actor.tenant_id) as session:
                story = videos.story_for(session, actor, params)
                brand = video_brand.load_brand(session, actor.tenant_id)
            pngs = stills_png(story, TEMPLATES[self.template], brand, "vertical", scale=0.2)
            self.previews = ["data:image/png;base64," + base64.b64encode(p).decode() for p in pngs]
        except DomainError as exc:
            self.error = exc.localized(locale)
        self.previewing = False

    async def _show(self, video_id: str) -> None:
        actor, locale = await self._actor_locale()
        with session_scope(tenant_id=actor.tenant_id) as session:
            job = videos.access_video(session, actor, as_id(video_id))
            share = video_shares.live_share(session, job)
        formats = job.params["formats"]
        fmt = self.shown_format if self.shown_format in formats else formats[0]
        self.shown_id, self.shown_title = str(job.id), self._job_title(job, locale)
        self.shown_formats, self.shown_format = formats, fmt
        self.player_url = video_links.file_link(job, fmt)
        self.poster_url = video_links.file_link(job, "poster")
        self.captions_url = video_links.file_link(job, "captions")
        self.downloads = [
            DownloadLink(
                gettext(FORMAT_LABELS[f["format"]], locale), video_links.file_link(job, f["format"], download=True)
            )
            for f in job.files
            if f.get("format") in FORMAT_LABELS
        ]
        self.share_expires = format_dt(share.expires_at, locale) if share else ""
        if not share:
            self.share_url = ""

    @rx.event
    async def show(self, video_id: str):  # noqa: ANN201
        """Put a finished video in the player."""
        try:
            await self._show(video_id)
        except DomainError as exc:
            return rx.toast.error(exc.localized((await self.get_state(I18nState)).locale))
        return None

    @rx.event
    async def switch_format(self, fmt: str | list[str]) -> None:
        """Vertical or horizontal in the player."""
        self.shown_format = fmt if isinstance(fmt, str) else fmt[0]
        await self._show(self.shown_id)

    async def _share_call(self, action) -> rx.event.EventSpec | None:  # noqa: ANN001
        actor, locale = await self._actor_locale()
        try:
            with session_scope(tenant_id=actor.tenant_id) as session:
                result = action(session, actor)
        except DomainError as exc:
            return rx.toast.error(exc.localized(locale))
        self.share_url = video_shares.share_url(result[0]) if result else ""
        await self._show(self.shown_id)
        return None

    @rx.event
    async def share(self):  # noqa: ANN201
        """Make a public link (an earlier one stops working)."""
        return await self._share_call(lambda s, a: video_shares.share_video(s, actor=a, video_id=as_id(self.shown_id)))

    @rx.event
    async def revoke(self):  # noqa: ANN201
        """Stop the public link."""
        await self._share_call(
            lambda s, a: video_shares.revoke_share(s, actor=a, video_id=as_id(self.shown_id)) and None
        )
        return rx.toast.success(gettext("Link revogado.", (await self.get_state(I18nState)).locale))

    @rx.event
    async def download_job(self, job_id: str):  # noqa: ANN201
        """The video's main file, through a signed link (the bytes never pass through the websocket)."""
        actor, locale = await self._actor_locale()
        try:
            with session_scope(tenant_id=actor.tenant_id) as session:
                job = videos.access_video(session, actor, as_id(job_id))
            url = video_links.file_link(job, job.params["formats"][0], download=True)
        except DomainError as exc:
            return rx.toast.error(exc.localized(locale))
        return rx.redirect(url, is_external=True)

    @rx.event
    async def dismiss_offer(self) -> None:
        """Hide December's notice."""
        actor, _ = await self._actor_locale()
        with session_scope(tenant_id=actor.tenant_id) as session:
            video_shares.dismiss_offer(session, actor=actor, year=self.offer_year)
        self.offer_year = 0
