"""The browser's sign-in: its refresh token in an HttpOnly cookie, spent only with a CSRF token.

API clients keep using ``/auth/login`` and ``/auth/refresh`` with tokens in the body; the web UI uses
these routes, so no script on the page can read (or send elsewhere) a long-lived credential.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from pydantic import Field
from sqlmodel import Session

from poc_tracker.api.deps import system_session_dep
from poc_tracker.api.schemas import CamelModel
from poc_tracker.errors import Forbidden, Unauthorized
from poc_tracker.origins import LOOPBACK, app_origins
from poc_tracker.services import browser_sessions, sessions
from poc_tracker.services.sessions import TokenPair
from poc_tracker.settings import get_settings

router = APIRouter(tags=["auth"])
# A grant or a cookie names no tenant until it is looked up: a named system-scope session.
CookieSession = Annotated[Session, Depends(system_session_dep("browser session: grant, refresh, sign-out"))]

SESSION_PATH = "/api/v1/auth/session"
REFRESH_COOKIE = "poc_tracker_session"
CSRF_COOKIE = "poc_tracker_csrf"
CSRF_HEADER = "x-csrf-token"


class GrantRedeem(CamelModel):
    """The one-minute grant the UI handed the page after a sign-in."""

    grant: str = Field(max_length=4096)


class BrowserSession(CamelModel):
    """An access token for the page's own API calls; the refresh token stays in the cookie."""

    access_token: str
    expires_in: int
    token_type: str = "Bearer"


def _secure(request: Request) -> bool:
    """Secure cookies, except over plain HTTP to another host than this machine (a LAN trial)."""
    host = request.url.hostname or ""
    return request.url.scheme == "https" or host in LOOPBACK or host == "::1"


def _answer(request: Request, response: Response, pair: TokenPair) -> BrowserSession:
    secure = _secure(request)
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh_token,
        max_age=get_settings().refresh_token_ttl,
        path=SESSION_PATH,
        httponly=True,
        secure=secure,
        samesite="strict",
    )
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        max_age=get_settings().refresh_token_ttl,
        path="/",
        httponly=False,
        secure=secure,
        samesite="strict",
    )
    response.headers["Cache-Control"] = "no-store"
    return BrowserSession(access_token=pair.access_token, expires_in=pair.expires_in)


def _checked_cookie(request: Request) -> str:
    """The refresh cookie of a same-origin request that proves it can read the CSRF cookie."""
    origin = request.headers.get("origin")
    if origin is not None and origin not in app_origins() and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise Forbidden("Pedido recusado: origem não permitida.", code="csrf")
    expected, given = request.cookies.get(CSRF_COOKIE, ""), request.headers.get(CSRF_HEADER, "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        raise Forbidden("Pedido recusado: token CSRF ausente ou inválido.", code="csrf")
    token = request.cookies.get(REFRESH_COOKIE, "")
    if not token:
        raise Unauthorized("Sessão inválida. Entre novamente.", code="invalid_refresh_token")
    return token


@router.post("/auth/session", response_model=BrowserSession)
def open_session(body: GrantRedeem, request: Request, response: Response, session: CookieSession) -> BrowserSession:
    """Trade the UI's sign-in grant for the session cookie (once)."""
    pair = browser_sessions.redeem_grant(session, grant=body.grant)
    session.commit()
    return _answer(request, response, pair)


@router.post("/auth/session/refresh", response_model=BrowserSession)
def refresh_session(request: Request, response: Response, session: CookieSession) -> BrowserSession:
    """A new access token; the cookie's refresh token is rotated."""
    pair = sessions.refresh(session, refresh_token=_checked_cookie(request))
    session.commit()
    return _answer(request, response, pair)


@router.delete("/auth/session", status_code=status.HTTP_204_NO_CONTENT)
def close_session(request: Request, response: Response, session: CookieSession) -> None:
    """Sign this browser out: the sign-in is revoked and the cookies are cleared."""
    try:
        browser_sessions.end(session, refresh_token=_checked_cookie(request))
        session.commit()
    except Unauthorized:
        pass  # nothing to end; the cookies go all the same
    response.delete_cookie(REFRESH_COOKIE, path=SESSION_PATH, httponly=True, secure=_secure(request), samesite="strict")
