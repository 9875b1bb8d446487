"""Request body caps counted while the body is read, so a chunked body (no Content-Length) is stopped too.

Upload endpoints (the API's multipart one and Reflex's ``/_upload``) may take ``upload_max_bytes``; every other
request 1 MiB. Past the cap the client gets 413 in the error shape at once and the handler reading the body gets
an exception instead of more bytes; nothing it sends afterwards reaches the client.
"""

from __future__ import annotations

import logging
import re

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from poc_tracker.api.errors import error_response
from poc_tracker.errors import DomainError, TooLarge
from poc_tracker.i18n import N_, negotiate
from poc_tracker.services.uploads import upload_too_large
from poc_tracker.settings import get_settings

log = logging.getLogger("poc_tracker.api")

MAX_JSON_BODY = 1024 * 1024
UPLOAD_PATHS = re.compile(r"/_upload/?|/api/v1/pocs/[^/]+/files/?")


class BodyTooLarge(Exception):
    """Raised into the handler that reads past the cap (the client has its 413 already)."""


def _limit(path: str) -> int:
    """The bytes a request to this path may send."""
    return get_settings().upload_max_bytes if UPLOAD_PATHS.fullmatch(path) else MAX_JSON_BODY


def _refusal(scope: Scope, most: int) -> ASGIApp:
    """The 413 in the error shape and the caller's language; the connection is closed after it."""
    error: DomainError = (
        upload_too_large(most)
        if UPLOAD_PATHS.fullmatch(scope["path"])
        else TooLarge(N_("O conteúdo enviado é grande demais."), code="payload_too_large")
    )
    locale = negotiate(Headers(scope=scope).get("accept-language"))
    return error_response(
        error.status, error.code, error.localized(locale), error.details, headers={"Connection": "close"}
    )


class BodyLimit:
    """Counts request body bytes as they arrive and answers 413 past the path's cap."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        most = _limit(scope["path"])
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit():  # the server holds the client to it: no need to count
            if int(length) > most:
                await _refusal(scope, most)(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        await _Counted(self.app, most).run(scope, receive, send)


class _Counted:
    """One request whose body is counted; past the cap the 413 goes out and the handler stops."""

    def __init__(self, app: ASGIApp, most: int) -> None:
        self.app, self.most = app, most
        self.seen, self.started, self.refused = 0, False, False

    async def run(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                self.seen += len(message.get("body", b""))
                if self.seen > self.most:
                    await self._refuse(scope, receive, send)
            return message

        async def guarded_send(message: Message) -> None:
            if self.refused:
                return
            if message["type"] == "http.response.start":
                self.started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not self.refused:
                raise

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.refused:
            self.refused = True
            log.info(
                "request body over its cap",
                extra={"event": "body_too_large", "details": {"path": scope["path"], "max": self.most}},
            )
            if not self.started:
                await _refusal(scope, self.most)(scope, receive, send)
        raise BodyTooLarge()
