"""On one web process too, the UI's "save to the POC" and "end" keep edits its room has not logged yet."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from poc_tracker.db import new_session
from poc_tracker.models import Dojo
from poc_tracker.settings import get_settings
from tests.dojo_support import Peer, create_dojo, ui_registry, ui_room
from tests.live_server import run_async

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def slow_flush(monkeypatch):
    """Rooms keep their edits in memory for a minute: only a flush someone asks for logs them."""
    monkeypatch.setenv("POC_TRACKER_DOJO_FLUSH_SECONDS", "60")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def live(profile, slow_flush):
    """The API on one event loop (a web process) whose rooms the UI's handlers share."""
    from poc_tracker.api import create_api

    with TestClient(create_api()) as c:
        yield c


def saved_text(client: TestClient, who, poc_id: str) -> str:
    files = client.get(f"/api/v1/pocs/{poc_id}/files", headers=who.headers).json()["data"]
    res = client.get(f"/api/v1/pocs/{poc_id}/files/{files[0]['id']}/content", headers=who.headers)
    assert res.status_code == 200, res.text
    return res.json()["text"]


def test_the_ui_saves_and_ends_with_the_edits_its_room_holds(live, owner_a, member_a):
    from state.dojo import DojoRoomState

    poc = live.post("/api/v1/pocs", json={"name": "Kata", "language": "python"}, headers=owner_a.headers).json()
    dojo = create_dojo(live, owner_a, pocId=poc["id"])
    with live.websocket_connect(f"/api/v1/ws/dojos/{dojo['id']}?token={member_a.access_token}") as ws:
        pilot = Peer(ws)
        pilot.sync()
        pilot.type(0, "def fizz(n):\n")
        pilot.ping()  # applied by the room, still batched

        room = run_async(ui_room(ui_registry(), owner_a.user_id, owner_a.tenant_id, dojo["id"]))
        run_async(DojoRoomState.save_to_poc.fn(room))
        assert room.error == ""
        assert saved_text(live, owner_a, poc["id"]) == "def fizz(n):\n"

        pilot.type(len("def fizz(n):\n"), "    return n\n")
        pilot.ping()
        run_async(DojoRoomState.end_dojo.fn(room))
        assert room.error == "" and room.status == "ended"
        while pilot.until("state")["status"] != "ended":  # the room hears of it once committed
            pass
    with new_session(tenant_id=uuid.UUID(owner_a.tenant_id)) as session:
        ended = session.get(Dojo, uuid.UUID(dojo["id"]))
        assert ended is not None and ended.final_code == "def fizz(n):\n    return n\n"
