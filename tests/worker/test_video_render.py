"""A real Celery worker renders the Retrospectiva: checked with ffprobe, frame by frame and caption by caption."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from poc_tracker.video.ffmpeg import frame_at, probe
from poc_tracker.video.frames import Renderer
from poc_tracker.video.render import frame_size
from poc_tracker.video.templates import TEMPLATES
from tests.personas import Persona
from tests.search_support import start_worker, stop_worker
from tests.video_support import LOGO_SVG, SCALE, WORKER_ENV, expected_story, seed_year, this_year, wait_video


@pytest.fixture
def worker(profile):
    """A worker on the videos queue, rendering small and short videos."""
    proc = start_worker(profile, "videos", env=WORKER_ENV)
    yield proc
    stop_worker(proc)


def _download(client, who: Persona, video_id: str, fmt: str, tmp_path: Path) -> Path:
    res = client.get(f"/api/v1/videos/{video_id}/download", params={"format": fmt}, headers=who.headers)
    assert res.status_code == 200, res.text
    path = tmp_path / f"{video_id}-{fmt}"
    path.write_bytes(res.content)
    return path


def _mid_frames(path: Path, renderer: Renderer) -> list[tuple[np.ndarray, np.ndarray]]:
    """(decoded, expected) frame from the middle of every scene."""
    story, out = renderer.story, []
    size = (renderer.box.w, renderer.box.h)
    for start, scene in zip(story.starts(), story.scenes, strict=True):
        mid = start + scene.frames // 2
        got = np.frombuffer(frame_at(path, mid, story.fps, size), np.uint8).astype(int)
        want = np.asarray(renderer.frame(mid).convert("RGB"), np.uint8).reshape(-1).astype(int)
        out.append((got, want))
    return out


def test_each_template_renders_both_formats_as_planned(client, owner_a: Persona, worker, tmp_path):
    seed_year(client, owner_a)
    res = client.put(
        "/api/v1/videos/brand", json={"primary": "#1d4ed8", "secondary": "#ffffff", "font": "noto-serif"},
        headers=owner_a.headers,
    )  # fmt: skip
    assert res.status_code == 200, res.text
    logo = client.put(
        "/api/v1/videos/brand/logo", content=LOGO_SVG, headers={**owner_a.headers, "Content-Type": "image/svg+xml"}
    )
    assert logo.status_code == 204, logo.text
    year, ids = this_year(), {}
    for template in sorted(TEMPLATES):
        body = {"year": year, "scope": "me", "template": template, "formats": ["vertical", "horizontal"]}
        res = client.post("/api/v1/videos", json=body, headers=owner_a.headers)
        assert res.status_code == 202 and res.json()["status"] == "queued", res.text
        ids[template] = res.json()["videoId"]
    for template, video_id in ids.items():
        done = wait_video(client, owner_a, video_id)
        assert done["status"] == "done", (done["error"], worker.poll())
        assert {f["format"] for f in done["files"]} == {"vertical", "horizontal", "card", "poster", "captions"}
        assert {s for s, _ in done["seen"]} <= {"queued", "rendering", "encoding", "done"}
        story, brand = expected_story(owner_a, {"year": year, "scope": "me", "template": template})
        assert [s.kind for s in story.scenes][:4] == ["opening", "numbers", "languages", "highlight"]
        for fmt in ("vertical", "horizontal"):
            path = _download(client, owner_a, video_id, fmt, tmp_path)
            info = probe(path)
            assert abs(info.duration - story.seconds) <= 0.1, (info.duration, story.seconds)
            assert (info.width, info.height) == frame_size(fmt, SCALE)
            assert (info.video_codec, info.pix_fmt, info.fps, info.audio_codec) == ("h264", "yuv420p", 30, "aac")
            assert path.read_bytes()[4:8] == b"ftyp" and path.read_bytes().find(b"moov") < path.read_bytes().find(
                b"mdat"
            )
            renderer = Renderer(story, TEMPLATES[template], brand, frame_size(fmt, SCALE))
            for got, want in _mid_frames(path, renderer):
                assert np.abs(got - want).mean() < 4.0  # lossy H.264: close to the drawn frame, not equal
        vtt = _download(client, owner_a, video_id, "captions", tmp_path).read_text("utf-8")
        for scene in story.scenes:
            for text in scene.text.values():
                flat = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                assert flat in vtt, (scene.kind, text)


def test_a_rerender_gives_identical_frames(client, owner_a: Persona, worker, tmp_path):
    seed_year(client, owner_a)
    body = {"year": this_year(), "scope": "me", "template": "neon", "formats": ["vertical"]}
    paths = []
    for _ in range(2):
        video_id = client.post("/api/v1/videos", json=body, headers=owner_a.headers).json()["videoId"]
        assert wait_video(client, owner_a, video_id)["status"] == "done"
        paths.append(_download(client, owner_a, video_id, "vertical", tmp_path))
    story, _brand = expected_story(owner_a, body)
    size = frame_size("vertical", SCALE)
    for start, scene in zip(story.starts(), story.scenes, strict=True):
        mid = start + scene.frames // 2
        assert frame_at(paths[0], mid, 30, size) == frame_at(paths[1], mid, 30, size), scene.kind


def test_a_failure_says_why_and_a_retry_renders(client, owner_a: Persona, profile, tmp_path):
    seed_year(client, owner_a)
    no_ffmpeg = tmp_path / "bin"
    no_ffmpeg.mkdir()
    broken = start_worker(profile, "videos", env={**WORKER_ENV, "PATH": str(no_ffmpeg)})
    try:
        body = {"year": this_year(), "scope": "me", "template": "papel", "formats": ["horizontal"]}
        video_id = client.post("/api/v1/videos", json=body, headers=owner_a.headers).json()["videoId"]
        failed = wait_video(client, owner_a, video_id)
    finally:
        stop_worker(broken)
    assert failed["status"] == "failed" and failed["files"] == []
    assert failed["error"] == {
        "code": "video_encode_failed",
        "message": "Não foi possível codificar o vídeo. Tente de novo.",
    }
    res = client.get(f"/api/v1/videos/{video_id}/download", params={"format": "horizontal"}, headers=owner_a.headers)
    assert res.status_code == 409
    good = start_worker(profile, "videos", env={**WORKER_ENV, "PATH": os.environ["PATH"]})
    try:
        assert client.post(f"/api/v1/videos/{video_id}/retry", headers=owner_a.headers).status_code == 202
        done = wait_video(client, owner_a, video_id)
    finally:
        stop_worker(good)
    assert done["status"] == "done" and done["error"] is None
    assert (
        shutil.which("ffmpeg")
        and probe(_download(client, owner_a, video_id, "horizontal", tmp_path)).audio_codec == "aac"
    )
