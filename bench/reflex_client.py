"""Benchmark helper: a Reflex browser tab without the browser — Socket.IO over one websocket, speaking the app's events.

It sends what the compiled frontend sends (.web/utils/context.jsx): the hydrate event in the CONNECT packet with the
tab's local storage (the access token, the locale), then ``update_vars_internal`` + ``on_load_internal`` on every
page opened. A page is "loaded" when the server says ``is_hydrated`` again after its on_load handlers ran.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import uuid
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parents[1]
STATE = "reflex___state____state"
ACCESS_VAR = f"{STATE}.state___session____session_state.access_token_rx_state_"
LOCALE_VAR = f"{STATE}.state___i18n___i18n_state.locale_rx_state_"
HYDRATED = '"is_hydrated_rx_state_":true'


def state_schema() -> str:
    """The compiled frontend's state schema (a hydrate with another schema is refused)."""
    web = Path(os.environ.get("BENCH_WEB_DIR") or ROOT / ".web")  # another checkout's build, for an A/B run
    text = (web / "utils" / "context.jsx").read_text(encoding="utf-8")
    return re.search(r'stateSchema = "([0-9a-f]+)"', text).group(1)  # type: ignore[union-attr]


def reflex_version() -> str:
    """Sent as the websocket subprotocol, as the browser does."""
    from importlib.metadata import version

    return version("reflex")


def router(path: str, query: dict[str, str] | None = None) -> dict:
    """The router data the browser adds to an event."""
    data: dict = {"pathname": path.split("?")[0], "asPath": path}
    if query:
        data["query"] = query
    return data


class ReflexTab:
    """One signed-in tab: connect (hydrate on a page), open pages, keep answering the server's pings."""

    def __init__(self, base: str, access_token: str, schema: str) -> None:
        self.ws_url = base.replace("http", "ws", 1) + "/_event/"
        self.origin = base
        self.vars = {ACCESS_VAR: access_token, LOCALE_VAR: "pt_BR"}
        self.schema = schema
        self.token = str(uuid.uuid4())
        self.ws: websockets.ClientConnection | None = None
        self.reader: asyncio.Task | None = None
        self.waiting: tuple[str, asyncio.Future] | None = None
        self.received = 0
        self.errors: list[str] = []

    async def connect(self, path: str = "/", timeout: float = 30.0) -> float:
        """Open the socket and hydrate on ``path`` (its on_load runs); seconds until the page is loaded."""
        started = time.perf_counter()
        self.ws = await websockets.connect(
            f"{self.ws_url}?token={self.token}&EIO=4&transport=websocket",
            origin=self.origin,  # type: ignore[arg-type]
            subprotocols=[reflex_version()],  # type: ignore[list-item]
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,  # Engine.IO pings on its own
        )
        opened = await asyncio.wait_for(self.ws.recv(), timeout)
        if not str(opened).startswith("0"):
            raise RuntimeError(f"unexpected open packet {opened!r}")
        self.reader = asyncio.create_task(self._read())
        boot = {"name": f"{STATE}.hydrate_and_load", "payload": {"vars": self.vars}, "router_data": router(path)}
        await self._expect(HYDRATED, "40/_event," + json.dumps({"event": boot, "state_schema": self.schema}), timeout)
        return time.perf_counter() - started

    async def open(self, path: str, query: dict[str, str] | None = None, timeout: float = 30.0) -> float:
        """Open a page as a client-side navigation does; seconds until its on_load handlers are done."""
        started = time.perf_counter()
        data = router(path, query)
        await self._send({"name": f"{STATE}.reflex___state____update_vars_internal_state.update_vars_internal",
                          "payload": {"vars": self.vars}, "router_data": data})  # fmt: skip
        load = {"name": f"{STATE}.reflex___state____on_load_internal_state.on_load_internal", "router_data": data}
        await self._expect(HYDRATED, "42/_event," + json.dumps(["event", load]), timeout)
        return time.perf_counter() - started

    async def close(self) -> None:
        """Close the socket."""
        if self.reader:
            self.reader.cancel()
        if self.ws:
            await self.ws.close()

    async def _send(self, event: dict) -> None:
        assert self.ws is not None
        await self.ws.send("42/_event," + json.dumps(["event", event]))

    async def _expect(self, marker: str, frame: str, timeout: float) -> None:
        """Send ``frame`` and wait for a frame containing ``marker`` (the events of one tab run in order)."""
        assert self.ws is not None
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.waiting = (marker, future)
        await self.ws.send(frame)
        try:
            await asyncio.wait_for(future, timeout)
        finally:
            self.waiting = None

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for frame in self.ws:
                text = frame if isinstance(frame, str) else frame.decode()
                self.received += len(text)
                if text == "2":  # Engine.IO ping
                    await self.ws.send("3")
                    continue
                if "toast" in text and "error" in text:
                    self.errors.append(text[:300])
                if self.waiting and self.waiting[0] in text and not self.waiting[1].done():
                    self.waiting[1].set_result(None)
        except websockets.ConnectionClosed as exc:
            if self.waiting and not self.waiting[1].done():
                self.waiting[1].set_exception(exc)
