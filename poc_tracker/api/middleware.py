"""Per-request work: request id and log context, token-bucket rate limits, body caps and admission control."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from poc_tracker.api.admission import AdmissionLimit
from poc_tracker.api.body_limit import BodyLimit
from poc_tracker.api.errors import error_response
from poc_tracker.api.frontend import cache_control, page_path
from poc_tracker.api.metrics import observe
from poc_tracker.auth.tokens import decode_access_token
from poc_tracker.errors import Unauthorized
from poc_tracker.i18n import gettext, negotiate
from poc_tracker.logs import bind_context, clear_context
from poc_tracker.metrics import route_template
from poc_tracker.ratelimit import get_limiter, retry_after
from poc_tracker.settings import get_settings

log = logging.getLogger("poc_tracker.api")

ANONYMOUS_AUTH_PATHS = {
    "/api/v1/auth/login",
    "/api/v1/auth/refresh",
    "/api/v1/users/register",
    "/api/v1/tenants",
    "/api/v1/auth/session",
    "/api/v1/auth/session/refresh",
    "/api/v1/auth/password/forgot",
    "/api/v1/auth/password/reset",
    "/api/v1/auth/email/confirm",
    "/api/v1/auth/discover",
}
ANONYMOUS_AUTH_GETS = {"/api/v1/auth/oidc/callback"}  # the provider sends the browser back with a GET

Handler = Callable[[Request], Awaitable[Response]]


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limit_key(request: Request) -> str | None:
    """Whose bucket this request draws from: the user's, or the IP's on anonymous auth calls."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        try:
            return f"user:{decode_access_token(token.strip()).user_id}"
        except Unauthorized:
            pass
    path = request.url.path
    if (
        (path in ANONYMOUS_AUTH_PATHS or path.startswith("/api/v1/auth/")) and request.method == "POST"
    ) or path in ANONYMOUS_AUTH_GETS:
        return f"ip:{_client_ip(request)}"
    return None


def _skip_slash_redirect(request: Request) -> None:
    """Serve a page load of "/pocs" as "/pocs/" at once instead of redirecting the browser there."""
    if request.method in ("GET", "HEAD"):
        path = page_path(request.scope["path"], request.headers.get("accept", ""))
        if path is not None:
            request.scope["path"], request.scope["raw_path"] = path, path.encode()


def _set_cache_control(request: Request, response: Response) -> None:
    """Long lifetimes for hashed build files, revalidation for pages (the frontend sends none of its own)."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code not in (200, 304)
        or "cache-control" in response.headers
    ):
        return
    policy = cache_control(request.url.path, response.headers.get("content-type", ""))
    if policy:
        response.headers["Cache-Control"] = policy


def install_middleware(app: FastAPI) -> None:
    """Attach the request pipeline to the API app: admission, this function's middleware, then body caps."""
    app.add_middleware(BodyLimit)

    @app.middleware("http")
    async def _pipeline(request: Request, call_next: Handler) -> Response:
        clear_context()
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        bind_context(request_id=request_id, service="web")
        locale = negotiate(request.headers.get("accept-language"))
        started = time.perf_counter()
        key = _limit_key(request)
        if key is not None:
            wait = get_limiter().take(key, get_settings().rate_limit_per_minute, 60.0)
            if wait > 0:
                secs = retry_after(wait)
                message = gettext("Muitas requisições. Tente novamente em {seconds} s.", locale, seconds=secs)
                return error_response(429, "rate_limited", message, headers={"Retry-After": str(secs)})
        _skip_slash_redirect(request)
        response = await call_next(request)
        response.headers["X-Request-Id"] = request_id
        _set_cache_control(request, response)
        elapsed = time.perf_counter() - started
        route = route_template(request.scope)
        observe(request.method, route, response.status_code, elapsed)
        log.info(
            "request",
            extra={
                "event": "http_request",
                "details": {
                    "method": request.method,
                    "path": request.url.path,
                    "status": response.status_code,
                    "ms": round(elapsed * 1000, 1),
                },
            },
        )
        return response

    app.add_middleware(AdmissionLimit)  # outermost: an overloaded process refuses before any other work
