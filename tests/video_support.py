"""Helpers of the Retrospectiva tests: a year of data through the API, a worker on the videos queue, polling."""

from __future__ import annotations

import time
import uuid

from fastapi.testclient import TestClient

from poc_tracker.db import session_scope
from poc_tracker.models.base import utcnow
from poc_tracker.services.users import actor_for
from poc_tracker.services.video_brand import load_brand
from poc_tracker.services.videos import story_for
from poc_tracker.video.branding import Brand
from poc_tracker.video.story import Story
from tests.personas import Persona

SCALE, PACE = 0.2, 0.05  # small and short renders: the production code path with fewer pixels and frames
WORKER_ENV = {"POC_TRACKER_VIDEO_SCALE": str(SCALE), "POC_TRACKER_VIDEO_PACE": str(PACE)}
LOGO_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="300" height="100" rx="20" '
    b'fill="#0a7"/><circle cx="60" cy="50" r="30" fill="#fff"/></svg>'
)
CODE = "def busca(termo: str) -> list[str]:\n    return [p for p in índice if termo in p]\n"


def seed_year(client: TestClient, who: Persona) -> None:
    """Three POCs with languages, tags, decisions, versions and a code file."""
    specs = [
        ("Busca semântica <b>&</b> embeddings", "python", ["busca", "ml"], "go"),
        ("Fila com Redis Streams", "go", ["filas"], "no_go"),
        ("Painel em tempo real", "typescript", ["ui", "busca"], "go"),
    ]
    for name, language, tags, decision in specs:
        res = client.post(
            "/api/v1/pocs",
            json={"name": name, "language": language, "tags": tags, "decision": decision},
            headers=who.headers,
        )
        assert res.status_code == 201, res.text
        poc_id = res.json()["id"]
        if language == "python":
            up = client.post(
                f"/api/v1/pocs/{poc_id}/files",
                files={"files": ("busca.py", CODE.encode(), "text/x-python")},
                headers=who.headers,
            )
            assert up.status_code in (200, 201), up.text
            client.patch(f"/api/v1/pocs/{poc_id}", json={"description": "v3"}, headers=who.headers)


def expected_story(who: Persona, params: dict) -> tuple[Story, Brand]:
    """The story and brand the worker renders for these parameters (same code, same data)."""
    tenant, user = uuid.UUID(who.tenant_id), uuid.UUID(who.user_id)
    with session_scope(tenant_id=tenant) as session:
        actor = actor_for(session, user_id=user, tenant_id=tenant)
        return story_for(session, actor, {"locale": "pt_BR", **params}, pace=PACE), load_brand(session, tenant)


def wait_video(client: TestClient, who: Persona, video_id: str, timeout: float = 300.0) -> dict:
    """Poll until the video is done or failed; the statuses seen on the way are kept."""
    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/videos/{video_id}", headers=who.headers).json()
        seen.append((body["status"], body["progress"]))
        if body["status"] in ("done", "failed"):
            body["seen"] = seen
            return body
        time.sleep(0.3)
    raise AssertionError(f"video not finished in {timeout} s: {seen[-5:]}")


def this_year() -> int:
    """The current year (videos of the future are refused)."""
    return utcnow().year
