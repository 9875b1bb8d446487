"""Uploads through the UI's real ``/_upload`` endpoint keep the web process's memory bounded: a file past the plan's
per-file limit is refused without being read whole, and a body past the request cap is refused while read."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.e2e.browser import sign_up
from tests.e2e.conftest import PORT
from tests.live_server import stream_body

pytestmark = pytest.mark.e2e

MIB = 1 << 20
UPLOAD_HANDLER = "reflex___state____state.state___poc_versions____poc_versions_state.upload"


def _web_pids() -> list[int]:
    """The processes of the app under test (reflex and its granian workers), by the port in their environment."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if f"POC_TRACKER_PORT={PORT}".encode() in environ and b"celery" not in cmdline:
            pids.append(int(proc.name))
    return pids


def _rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class _Peak:
    """Samples the app's resident memory every 20 ms while it runs."""

    def __init__(self) -> None:
        self.pids = _web_pids()
        self.base = self.peak = _rss_mib(self.pids)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss_mib(self.pids))

    def __enter__(self) -> _Peak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> float:
        return self.peak - self.base


def test_a_file_past_the_plan_limit_is_refused_without_reading_it_whole(page, app_server, tmp_path):
    big = tmp_path / "grande.bin"
    with big.open("wb") as fh:  # 160 MiB (under the 256 MiB request cap, far over the basic plan's 10 MiB a file)
        fh.truncate(160 * MIB)
    sign_up(page, app_server, f"m{int(time.time() * 1000) % 10**8}")
    page.goto(f"{app_server}/pocs/new")
    page.fill("input[name=name]", "Memória")
    page.click("button[type=submit]")
    page.wait_for_selector("#poc-name")
    page.click("role=tab[name=/Arquivos/]")
    page.set_input_files("#poc-upload input[type=file]", [str(big)])
    with _Peak() as memory:
        assert memory.pids, "the app's processes were not found"
        page.click("text=Enviar arquivos")
        page.wait_for_selector("text=/Arquivo maior que o limite de .* bytes por arquivo do plano/", timeout=120000)
    assert memory.growth < 48, f"the web process grew by {memory.growth:.0f} MiB for a 160 MiB file"


def test_a_chunked_upload_past_the_request_cap_is_refused_while_read(app_server):
    headers = {
        "Content-Type": "multipart/form-data; boundary=limite",
        "Reflex-Client-Token": "sem-sessao",
        "Reflex-Event-Handler": UPLOAD_HANDLER,
    }
    head = b'--limite\r\nContent-Disposition: form-data; name="files"; filename="a.bin"\r\n\r\n'
    with _Peak() as memory:
        status, body, sent = stream_body(
            app_server, "POST", "/_upload", headers, 300 * MIB, chunk=b"\0" * MIB, head=head
        )
    assert status == 413 and body["error"]["code"] == "upload_too_large", (status, body)
    assert sent < 272 * MIB, f"{sent} bytes were read, past the 256 MiB cap"
    assert memory.growth < 48, f"the web process grew by {memory.growth:.0f} MiB"
