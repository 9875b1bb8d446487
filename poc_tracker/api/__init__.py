"""The REST API v1: a FastAPI app given to Reflex through ``api_transformer``."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from poc_tracker.api import accounts, admin, health
from poc_tracker.api.errors import install_error_handlers
from poc_tracker.api.middleware import install_middleware

API_PREFIX = "/api/v1"


def create_api() -> FastAPI:
    """The API app with its routers, error shape and request pipeline."""
    app = FastAPI(
        title="POC Tracker API", version="1.0.0",
        description="API REST do POC Tracker: organizações, contas, POCs, busca.",
        openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs", redoc_url=None,
    )
    v1 = APIRouter(prefix=API_PREFIX)
    v1.include_router(accounts.router)
    v1.include_router(admin.router)
    app.include_router(v1)
    app.include_router(health.router)
    install_error_handlers(app)
    install_middleware(app)
    return app
