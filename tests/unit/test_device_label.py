"""The short device names of the active sessions list."""

from __future__ import annotations

import pytest

from state.security import device_label

UA = {
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1": (
        "Safari · iPhone"
    ),
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36": "Chrome · Linux",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0": (
        "Edge · Windows"
    ),
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0": "Firefox · macOS",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36": "Chrome · Android",
    "python-httpx/0.28.1": "python-httpx",
    "": "",
    "<script>": "",
}


@pytest.mark.parametrize(("agent", "label"), UA.items())
def test_a_user_agent_becomes_a_short_device_name(agent: str, label: str):
    assert device_label(agent) == label
