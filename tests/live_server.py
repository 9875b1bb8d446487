"""The API app served by granian (the server ``reflex run --env prod`` uses) on a spare loopback port, and a lean
HTTP/1.1 load client (asyncio sockets and h11: the client's own overhead stays small beside the server's)."""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import h11
import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of a process, KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@contextmanager
def live_api(env: dict[str, str], log: Path, port: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Serve ``poc_tracker.api:create_api`` in a child process with ``env`` on top of this one's; yield its URL."""
    port = port or free_port()
    out = log.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "poc_tracker.api:create_api",
        ],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.2)
        yield base, proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()


@dataclass(frozen=True)
class Call:
    """One request of a burst: a label, the method, the path, headers and an optional JSON body."""

    what: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: object = None


@dataclass
class Answer:
    """A call as the client saw it: status (None when it failed or timed out), seconds, JSON body, headers."""

    what: str
    status: int | None
    seconds: float
    body: dict
    headers: dict[str, str]


def _request_bytes(conn: h11.Connection, host: str, call: Call) -> bytes:
    data = b"" if call.body is None else json.dumps(call.body).encode()
    headers = [("Host", host), ("Content-Length", str(len(data))), *call.headers.items()]
    if call.body is not None:
        headers.append(("Content-Type", "application/json"))
    return (
        conn.send(h11.Request(method=call.method, target=call.path, headers=headers))
        + conn.send(h11.Data(data=data))
        + conn.send(h11.EndOfMessage())
    )


async def _read_response(reader: asyncio.StreamReader, conn: h11.Connection) -> tuple[int, dict[str, str], bytes]:
    status, headers, body = 0, {}, bytearray()
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            conn.receive_data(await reader.read(65536))
        elif isinstance(event, h11.Response):
            status = event.status_code
            headers = {k.decode().lower(): v.decode() for k, v in event.headers}
        elif isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
            return status, headers, bytes(body)


class _Gate:
    """Lets every client go at once, when all are connected (or failed to connect)."""

    def __init__(self, count: int) -> None:
        self.left, self.open = count, asyncio.Event()

    def arrive(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.open.set()


async def _one(host: str, port: int, call: Call, gate: _Gate, timeout: float) -> Answer:
    """Connect, wait until every client is connected, then send and time the call."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except (OSError, TimeoutError) as exc:
        gate.arrive()
        return Answer(call.what, None, 0.0, {"exception": repr(exc)}, {})
    conn = h11.Connection(h11.CLIENT)
    raw = _request_bytes(conn, f"{host}:{port}", call)
    gate.arrive()
    await gate.open.wait()
    started = time.perf_counter()
    try:
        writer.write(raw)
        status, headers, body = await asyncio.wait_for(_read_response(reader, conn), timeout)
    except (OSError, TimeoutError, h11.RemoteProtocolError) as exc:
        return Answer(call.what, None, time.perf_counter() - started, {"exception": repr(exc)}, {})
    finally:
        writer.close()
    seconds = time.perf_counter() - started
    try:
        parsed = json.loads(body) if body else {}
    except ValueError:
        parsed = {"text": body[:200].decode("utf-8", "replace")}
    return Answer(call.what, status, seconds, parsed if isinstance(parsed, dict) else {"data": parsed}, headers)


async def burst(base: str, calls: list[Call], timeout: float = 30.0) -> list[Answer]:
    """Open one connection per call, then send every call at once; each is timed from its own send."""
    host, port = base.removeprefix("http://").split(":")
    gate = _Gate(len(calls))
    return list(await asyncio.gather(*(_one(host, int(port), c, gate, timeout) for c in calls)))


def stream_body(
    base: str,
    method: str,
    path: str,
    headers: dict[str, str],
    total: int,
    chunk: bytes = b"x" * 65536,
    head: bytes = b"",
) -> tuple[int, dict, int]:
    """Send ``head`` then ``total`` bytes of ``chunk`` as a chunked body (no Content-Length), watching for an
    early answer after each chunk; returns the status, the JSON body and how many body bytes went out."""
    host, port = base.removeprefix("http://").split(":")
    conn = h11.Connection(h11.CLIENT)
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        request = h11.Request(
            method=method,
            target=path,
            headers=[("Host", f"{host}:{port}"), ("Transfer-Encoding", "chunked"), *headers.items()],
        )
        sock.sendall(conn.send(request))
        sent, pieces = 0, [head] if head else []
        while sent < total or pieces:
            piece = pieces.pop() if pieces else chunk[: total - sent]
            try:
                sock.sendall(conn.send(h11.Data(data=piece)))
            except OSError:
                break
            sent += len(piece)
            if select.select([sock], [], [], 0)[0]:
                break
        else:
            sock.sendall(conn.send(h11.EndOfMessage()))
        status, body = 0, bytearray()
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(sock.recv(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                break
    return status, json.loads(body) if body else {}, sent


def run_async(coro, timeout: float = 120.0):
    """Run a coroutine to its end on a thread of its own and return its result.

    Playwright's sync API (browser tests of the same session) leaves an event loop marked as running on the
    main thread, where ``asyncio.run`` refuses to start.
    """
    result: list = []
    failures: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coro))
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the scenario did not end"
    if failures:
        raise failures[0]
    return result[0]
