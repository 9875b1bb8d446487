"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1, a port the system picks) and mail helpers."""

from __future__ import annotations

import email
import re
import threading
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


class Inbox:
    """What the SMTP server received; it can refuse mail for a while (a 451, as a busy server does)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False
        self.refused = 0
        self.alive: Callable[[], bool] = lambda: True  # whether whatever sends is still running
        self._lock = threading.Lock()

    # aiosmtpd's hook, named by it
    async def handle_DATA(self, _server, _session, envelope) -> str:
        if self.refuse:
            self.refused += 1
            return "451 4.3.0 Try again later"
        msg = email.message_from_bytes(envelope.content, policy=default_policy)
        with self._lock:
            self.messages.append(msg)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """Messages received for one address."""
        with self._lock:
            return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, count: int = 1, timeout: float = 60.0, alive: Callable[[], bool] = lambda: True):
        """The messages for ``address`` once ``count`` have arrived."""
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            if time.monotonic() > deadline or not alive():
                pytest.fail(f"no mail for {address} within {timeout} s (received: {[m['To'] for m in self.messages]})")
            time.sleep(0.2)
        return self.to(address)


class _AnyPortController(Controller):
    """aiosmtpd's controller on port 0: the system picks a free port, read back before the first connection."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1 and a free port; yields its inbox and port."""
    inbox = Inbox()
    controller = _AnyPortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def smtp_env(port: int) -> dict[str, str]:
    """Settings that send through the test SMTP server (plain, no login: it is on loopback)."""
    return {"POC_TRACKER_SMTP_HOST": "127.0.0.1", "POC_TRACKER_SMTP_PORT": str(port), "POC_TRACKER_SMTP_TLS": "off"}


def text_of(msg: EmailMessage) -> str:
    """The plain text part."""
    return msg.get_body(preferencelist=("plain",)).get_content()


def html_of(msg: EmailMessage) -> str:
    """The HTML part."""
    return msg.get_body(preferencelist=("html",)).get_content()


def link_in(msg: EmailMessage) -> str:
    """The first link of the plain text part."""
    found = LINK.search(text_of(msg))
    assert found, text_of(msg)
    return found.group(0)
