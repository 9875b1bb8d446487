"""The public page of a shared Retrospectiva (``/v/{token}``): server-rendered HTML with Open Graph tags.

Link previews read the tags without running scripts, so the page is plain HTML; every user text in it is
escaped. A revoked or expired link, and any unknown token, answers 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, select_autoescape
from sqlmodel import Session

from poc_tracker.api.deps import system_session_dep
from poc_tracker.api.media import media_response
from poc_tracker.errors import NotFound
from poc_tracker.i18n import gettext, ngettext
from poc_tracker.services import video_shares, videos
from poc_tracker.services.video_shares import SharedVideo
from poc_tracker.settings import get_settings

# No tenant is known when the request arrives; the service narrows to the one the token or link names.
SharedVideoSession = Annotated[Session, Depends(system_session_dep("shared video: the link's token names the tenant"))]

router = APIRouter(include_in_schema=False)
FILES = {"vertical.mp4": "vertical", "horizontal.mp4": "horizontal", "card.png": "card", "poster.jpg": "poster",
         "captions.vtt": "captions"}  # fmt: skip

PAGE = Environment(autoescape=select_autoescape(default=True, default_for_string=True)).from_string(
    """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<meta name="description" content="{{ description }}">
<meta name="robots" content="noindex">
<meta property="og:type" content="video.other">
<meta property="og:title" content="{{ title }}">
<meta property="og:description" content="{{ description }}">
<meta property="og:url" content="{{ base }}">
<meta property="og:image" content="{{ base }}/card.png">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta property="og:image:alt" content="{{ title }}">
<meta property="og:video" content="{{ base }}/{{ main }}.mp4">
<meta property="og:video:type" content="video/mp4">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image" content="{{ base }}/card.png">
<style>
body{margin:0;background:#0f0c24;color:#f5f3ff;font-family:"Noto Sans",system-ui,sans-serif}
main{max-width:960px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.6rem;margin:8px 0 4px}
p{color:#cfc9f0;margin:4px 0 16px}
video{display:block;width:100%;max-height:80vh;background:#000;border-radius:16px}
ul{padding-left:20px;color:#e7e3ff}
a{color:#ffc457}
.formats{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<p>{{ description }}</p>
<video controls playsinline preload="metadata" poster="{{ base }}/poster.jpg">
{% for fmt in formats %}<source src="{{ base }}/{{ fmt }}.mp4" type="video/mp4">{% endfor %}
<track kind="captions" src="{{ base }}/captions.vtt" srclang="{{ lang }}" label="{{ captions }}">
</video>
{% if pocs %}<h2>{{ pocs_title }}</h2><ul>{% for name in pocs %}<li>{{ name }}</li>{% endfor %}</ul>{% endif %}
<p><a href="{{ app }}">POC Tracker</a></p>
</main>
</body>
</html>
"""
)


def render_page(token: str, shared: SharedVideo) -> str:
    """The HTML of a shared video, in the language it was made in."""
    job, locale = shared.job, shared.job.params.get("locale", "pt_BR")
    params = job.params
    title = gettext("Retrospectiva {year} de {name}", locale, year=params["year"], name=shared.owner_name)
    return PAGE.render(
        lang="en" if locale == "en" else "pt-BR",
        title=title,
        description=gettext("Um ano de POCs em um vídeo curto.", locale),
        base=video_shares.share_url(token),
        main=params["formats"][0],
        formats=params["formats"],
        captions=gettext("Legendas", locale),
        pocs=shared.pocs,
        pocs_title=ngettext("{n} POC do ano", "{n} POCs do ano", len(shared.pocs), locale),
        app=get_settings().app_url,
    )


@router.get("/v/{token}", response_class=HTMLResponse)
def shared_page(token: str, session: SharedVideoSession) -> HTMLResponse:
    """The public page; 404 when the link is unknown, revoked or expired."""
    shared = video_shares.shared_video(session, token)
    return HTMLResponse(render_page(token, shared), headers={"Cache-Control": "private, no-store"})


@router.get("/v/{token}/{name}")
def shared_file(
    token: str, name: str, session: SharedVideoSession, range: Annotated[str | None, Header()] = None
) -> Response:
    """A file of the shared video (the video, the card, the poster, the captions), byte ranges included."""
    if name not in FILES:
        raise NotFound()
    shared = video_shares.shared_video(session, token)
    return media_response(videos.video_file(shared.job, FILES[name]), range)
