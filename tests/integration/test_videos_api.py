"""Retrospectiva API: validation, brand, sharing (public page and files), revocation, expiry, tenant walls."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import update

from poc_tracker.db import session_scope, system_session
from poc_tracker.models import VideoShare
from poc_tracker.models.base import utcnow
from poc_tracker.services import video_shares
from poc_tracker.services.job_runner import run_job
from poc_tracker.services.videos import render_work
from poc_tracker.settings import get_settings
from tests.personas import Persona, add_member
from tests.video_support import WORKER_ENV, seed_year, this_year


@pytest.fixture
def small_videos(monkeypatch: pytest.MonkeyPatch):
    """Render in this process, small and short (the worker's code, without a worker: tests/worker has those)."""
    for key, value in WORKER_ENV.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def rendered_video(client, who: Persona, fmt: str = "vertical") -> str:
    body = {"year": this_year(), "scope": "me", "template": "aurora", "formats": [fmt]}
    res = client.post("/api/v1/videos", json=body, headers=who.headers)
    assert res.status_code == 202, res.text
    video_id = res.json()["videoId"]
    assert run_job(uuid.UUID(video_id), uuid.UUID(who.tenant_id), render_work) == "done"
    return video_id


def token_of(url: str) -> str:
    return url.rsplit("/v/", 1)[1]


def test_low_contrast_brand_is_refused_with_a_portuguese_message(client, owner_a: Persona):
    res = client.put(
        "/api/v1/videos/brand",
        json={"primary": "#ffcc00", "secondary": "#ffffff", "font": "noto-sans"},
        headers=owner_a.headers,
    )
    assert res.status_code == 422
    error = res.json()["error"]
    assert error["code"] == "low_contrast"
    assert error["message"].startswith("As duas cores têm contraste de 1,") and "4,5:1" in error["message"]
    assert client.get("/api/v1/videos/brand", headers=owner_a.headers).json()["primary"] == "#5b21b6"  # unchanged
    ok = client.put(
        "/api/v1/videos/brand",
        json={"primary": "#0b3d2e", "secondary": "#f5f5f0", "font": "dejavu-sans"},
        headers=owner_a.headers,
    )
    assert ok.status_code == 200 and ok.json()["font"] == "dejavu-sans"


def test_members_cannot_change_the_brand_nor_render_the_team_edition(client, owner_a: Persona):
    member = add_member(client, owner_a, "dev", "member")
    res = client.put(
        "/api/v1/videos/brand", json={"primary": "#000000", "secondary": "#ffffff", "font": "noto-sans"},
        headers=member.headers,
    )  # fmt: skip
    assert res.status_code == 403
    team = {"year": this_year(), "scope": "tenant", "template": "neon", "formats": ["vertical"]}
    assert client.post("/api/v1/videos", json=team, headers=member.headers).status_code == 403


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"year": 1999}, "invalid_year"),
        ({"year": 3000}, "invalid_year"),
        ({"template": "vaporwave"}, "invalid_template"),
        ({"formats": []}, "invalid_formats"),
        ({"formats": ["square"]}, "invalid_formats"),
    ],
)
def test_bad_requests_get_a_clear_error(client, owner_a: Persona, body, code):
    res = client.post("/api/v1/videos", json={"year": this_year(), **body}, headers=owner_a.headers)
    assert res.status_code == 422 and res.json()["error"]["code"] == code, res.text


def test_a_shared_link_plays_signed_out_and_a_revoked_one_is_404(client, owner_a: Persona, small_videos):
    seed_year(client, owner_a)
    video_id = rendered_video(client, owner_a)
    video = client.get(f"/api/v1/videos/{video_id}", headers=owner_a.headers).json()
    assert video["status"] == "done" and video["share"] is None
    shared = client.post(f"/api/v1/videos/{video_id}/share", headers=owner_a.headers)
    assert shared.status_code == 200
    url, token = shared.json()["shareUrl"], token_of(shared.json()["shareUrl"])
    assert len(token) >= 40
    page = client.get(f"/v/{token}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert f'<meta property="og:image" content="{url}/card.png">' in html
    assert f'<meta property="og:video" content="{url}/vertical.mp4">' in html
    assert "Busca semântica &lt;b&gt;&amp;&lt;/b&gt; embeddings" in html and "<b>&" not in html
    assert "<script" not in html
    mp4 = client.get(f"/v/{token}/vertical.mp4")
    assert mp4.status_code == 200 and mp4.headers["content-type"] == "video/mp4" and mp4.content[4:8] == b"ftyp"
    part = client.get(f"/v/{token}/vertical.mp4", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == mp4.content[:100]
    assert (
        part.headers["content-range"] == f"bytes 0-99/{len(mp4.content)}" and part.headers["accept-ranges"] == "bytes"
    )
    tail = client.get(f"/v/{token}/vertical.mp4", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == mp4.content[-10:]
    beyond = client.get(f"/v/{token}/vertical.mp4", headers={"Range": f"bytes={len(mp4.content) + 5}-"})
    assert beyond.status_code == 416
    card = client.get(f"/v/{token}/card.png")
    assert card.status_code == 200 and card.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/v/{token}/horizontal.mp4").status_code == 404  # not rendered
    assert client.get(f"/v/{token}/../../etc/passwd").status_code == 404
    assert client.get(f"/api/v1/videos/{video_id}", headers=owner_a.headers).json()["share"]["expiresAt"]
    assert client.delete(f"/api/v1/videos/{video_id}/share", headers=owner_a.headers).status_code == 204
    assert client.get(f"/v/{token}").status_code == 404
    assert client.get(f"/v/{token}/vertical.mp4").status_code == 404
    again = token_of(client.post(f"/api/v1/videos/{video_id}/share", headers=owner_a.headers).json()["shareUrl"])
    assert (
        again != token and client.get(f"/v/{again}").status_code == 200 and client.get(f"/v/{token}").status_code == 404
    )


def test_the_players_signed_links_work_until_altered_or_expired(client, owner_a: Persona, small_videos):
    from poc_tracker.services import video_links, videos

    video_id = rendered_video(client, owner_a)
    with session_scope(tenant_id=uuid.UUID(owner_a.tenant_id)) as session:
        job = videos.access_video(session, video_shares_actor(owner_a), uuid.UUID(video_id))
        link = video_links.file_link(job, "vertical")
        old = video_links.file_link(job, "vertical", now=1.0)
    res = client.get(link, headers={"Range": "bytes=0-3"})  # no token: a <video> element sends none
    assert res.status_code == 206 and res.headers["content-disposition"].startswith("inline")
    assert client.get(link.replace("vertical", "horizontal")).status_code == 404
    assert client.get(link[:-4] + "0000").status_code == 404
    assert client.get(old).status_code == 404  # expired


def video_shares_actor(who: Persona):
    from poc_tracker.services.users import actor_for

    with session_scope(tenant_id=uuid.UUID(who.tenant_id)) as session:
        return actor_for(session, user_id=uuid.UUID(who.user_id), tenant_id=uuid.UUID(who.tenant_id))


def test_an_expired_link_is_404_and_the_page_lists_only_pocs_still_visible(client, owner_a: Persona, small_videos):
    seed_year(client, owner_a)
    video_id = rendered_video(client, owner_a)
    token = token_of(client.post(f"/api/v1/videos/{video_id}/share", headers=owner_a.headers).json()["shareUrl"])
    assert "Fila com Redis Streams" in client.get(f"/v/{token}").text
    pocs = client.get("/api/v1/pocs", headers=owner_a.headers).json()["data"]
    gone = next(p for p in pocs if p["name"] == "Fila com Redis Streams")
    assert client.delete(f"/api/v1/pocs/{gone['id']}", headers=owner_a.headers).status_code in (200, 204)
    page = client.get(f"/v/{token}").text
    assert "Fila com Redis Streams" not in page and "Painel em tempo real" in page
    with system_session(reason="test") as session:
        session.exec(update(VideoShare).values(expires_at=utcnow()))
    assert client.get(f"/v/{token}").status_code == 404
    assert client.get("/v/not-a-token").status_code == 404


def test_another_tenants_video_is_404_everywhere(client, owner_a: Persona, owner_b: Persona, small_videos):
    video_id = rendered_video(client, owner_a)
    member = add_member(client, owner_a, "colega", "admin")
    for who in (owner_b, member):  # another tenant, and another person of the same tenant
        h = who.headers
        assert client.get(f"/api/v1/videos/{video_id}", headers=h).status_code == 404
        assert client.get(f"/api/v1/videos/{video_id}/download?format=vertical", headers=h).status_code == 404
        assert client.post(f"/api/v1/videos/{video_id}/share", headers=h).status_code == 404
        assert client.delete(f"/api/v1/videos/{video_id}/share", headers=h).status_code == 404
        assert client.post(f"/api/v1/videos/{video_id}/retry", headers=h).status_code == 404
        assert client.get("/api/v1/videos", headers=h).json()["count"] == 0
    assert client.get(f"/api/v1/videos/{uuid.uuid4()}", headers=owner_a.headers).status_code == 404
    listed = client.get("/api/v1/videos", headers=owner_a.headers).json()
    assert listed["count"] == 1 and {f["format"] for f in listed["data"][0]["files"]} == {
        "vertical", "card", "poster", "captions",
    }  # fmt: skip
    res = client.get(f"/api/v1/videos/{video_id}/download?format=captions", headers=owner_a.headers)
    assert res.status_code == 200 and res.text.startswith("WEBVTT")
    assert re.search(r"filename\*=UTF-8''retrospectiva-\d{4}-captions\.vtt", res.headers["content-disposition"])


def test_december_offers_the_retrospectiva_without_rendering_anything(client, owner_a: Persona):
    with system_session(reason="test") as session:
        assert video_shares.offer_year(session, year=this_year()) >= 1
    with system_session(reason="test") as session:
        assert video_shares.offer_year(session, year=this_year()) == 0  # a second run offers nothing new
    assert client.get("/api/v1/videos/offer", headers=owner_a.headers).json() == {"year": this_year()}
    assert client.get("/api/v1/videos", headers=owner_a.headers).json()["count"] == 0
    assert client.delete(f"/api/v1/videos/offer/{this_year()}", headers=owner_a.headers).status_code == 204
    assert client.get("/api/v1/videos/offer", headers=owner_a.headers).json() == {"year": None}


def test_preview_shows_a_still_of_each_scene(client, owner_a: Persona):
    seed_year(client, owner_a)
    res = client.get(
        "/api/v1/videos/preview", params={"year": this_year(), "template": "papel"}, headers=owner_a.headers
    )
    assert res.status_code == 200
    scenes = res.json()["scenes"]
    assert len(scenes) >= 5 and all(s.startswith("data:image/png;base64,") for s in scenes)


def test_the_team_edition_tells_the_tenants_year(client, owner_a: Persona):
    from tests.video_support import expected_story

    seed_year(client, owner_a)
    member = add_member(client, owner_a, "dev", "member")
    client.post("/api/v1/pocs", json={"name": "POC da colega", "language": "rust"}, headers=member.headers)
    team, _ = expected_story(owner_a, {"year": this_year(), "scope": "tenant", "template": "neon"})
    mine, _ = expected_story(owner_a, {"year": this_year(), "scope": "me", "template": "neon"})
    assert team.scenes[0].text["lead"] == "O ano da equipe" and team.scenes[0].text["name"].startswith("Empresa")
    assert team.scenes[1].text["value0"] == "4" and mine.scenes[1].text["value0"] == "3"
    res = client.get("/api/v1/videos/preview", params={"year": this_year(), "scope": "tenant"}, headers=owner_a.headers)
    assert res.status_code == 200
    assert (
        client.get(
            "/api/v1/videos/preview", params={"year": this_year(), "scope": "tenant"}, headers=member.headers
        ).status_code
        == 403
    )
