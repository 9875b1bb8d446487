"""The REST API v1: a FastAPI app given to Reflex through ``api_transformer``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from swagger_ui_bundle import swagger_ui_path

from poc_tracker.api import (
    account_security,
    accounts,
    admin,
    audit,
    browser_session,
    collections,
    dojo_ws,
    dojos,
    favorites,
    files,
    health,
    identity_providers,
    metrics,
    mfa,
    pocs,
    privacy,
    report_schedules,
    reports,
    search,
    sso,
    tags,
    tenant_privacy,
    versions,
    video_page,
    videos,
    wellknown,
)
from poc_tracker.api.deps import bind_client_address
from poc_tracker.api.errors import install_error_handlers
from poc_tracker.api.middleware import install_middleware
from poc_tracker.api.proxy import ForwardedClient
from poc_tracker.api.security import SecurityHeaders
from poc_tracker.errors import NotFound
from poc_tracker.tracing import instrument_api, setup_tracing

API_PREFIX = "/api/v1"
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def _docs_routes(app: FastAPI) -> None:
    """Swagger UI served from the installed package (no CDN)."""
    app.mount(f"{API_PREFIX}/_swagger", StaticFiles(directory=swagger_ui_path), name="swagger")

    @app.get(f"{API_PREFIX}/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{API_PREFIX}/openapi.json",
            title="POC Tracker API",
            swagger_js_url=f"{API_PREFIX}/_swagger/swagger-ui-bundle.js",
            swagger_css_url=f"{API_PREFIX}/_swagger/swagger-ui.css",
            swagger_favicon_url="/favicon.svg",
        )


def create_api() -> FastAPI:
    """The API app with its routers, error shape and request pipeline."""
    app = FastAPI(
        title="POC Tracker API",
        version="1.0.0",
        description="API REST do POC Tracker: organizações, contas, POCs, busca.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    v1 = APIRouter(prefix=API_PREFIX)
    v1.include_router(accounts.router, dependencies=[Depends(bind_client_address)])  # sign-in counts per address
    v1.include_router(account_security.router, dependencies=[Depends(bind_client_address)])
    v1.include_router(browser_session.router, dependencies=[Depends(bind_client_address)])  # the device
    v1.include_router(sso.router, dependencies=[Depends(bind_client_address)])
    v1.include_router(mfa.router, dependencies=[Depends(bind_client_address)])
    v1.include_router(admin.router)
    v1.include_router(audit.router)
    v1.include_router(tenant_privacy.router)
    v1.include_router(identity_providers.router)
    v1.include_router(pocs.router)
    v1.include_router(tags.router)
    v1.include_router(search.router)
    v1.include_router(favorites.router)
    v1.include_router(collections.router)
    v1.include_router(files.router)
    v1.include_router(versions.router)
    v1.include_router(dojos.router)
    v1.include_router(dojo_ws.router)
    v1.include_router(reports.router)
    v1.include_router(report_schedules.router)
    v1.include_router(videos.router)
    v1.include_router(privacy.router, dependencies=[Depends(bind_client_address)])  # consents hash the device
    app.include_router(v1)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(wellknown.router)
    app.include_router(video_page.router)
    _docs_routes(app)

    # Unknown /api/v1 paths answer in the error shape instead of falling through to the UI.
    @app.api_route(f"{API_PREFIX}/{{path:path}}", methods=ALL_METHODS, include_in_schema=False)
    def not_found(path: str, request: Request) -> None:
        for route in app.routes:
            if route is not request.scope.get("route") and route.matches(request.scope)[0] is Match.PARTIAL:
                raise StarletteHTTPException(405)
        raise NotFound()

    install_error_handlers(app)
    install_middleware(app)
    app.add_middleware(SecurityHeaders)  # errors of the pipeline get the headers too
    app.add_middleware(ForwardedClient)  # outermost: every layer sees the user's address, not the balancer's
    setup_tracing("web")  # no-op unless OTEL_EXPORTER_OTLP_ENDPOINT is set
    instrument_api(app)
    return app
