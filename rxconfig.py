"""Reflex configuration, read from the POC Tracker settings."""

import reflex as rx

from components.chunks import ChunkGroupsPlugin
from components.paint_first import PaintFirstPlugin
from components.radix_styles import LeanRadixThemesPlugin
from components.state_updates import StateTransitionsPlugin
from poc_tracker.origins import app_origins
from poc_tracker.settings import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="poc_tracker",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_port=_settings.port,
    backend_port=_settings.port,
    api_url=_settings.app_url,
    deploy_url=_settings.app_url,
    # Credentialed cross-origin calls and the state websocket only from the app itself.
    cors_allowed_origins=app_origins(_settings.app_url),
    # Behind `make prod`'s HAProxy (or an ALB) the client's address is the balancer's last X-Forwarded-For entry.
    trusted_proxy_hops=_settings.trusted_proxy_hops,
    # Brotli first (about a fifth smaller than gzip for JS and CSS), gzip for clients without it.
    frontend_compression_formats=["brotli", "gzip"],
    # No page builds components at run time (dynamic components) and no script reads window.__reflex: without
    # this every page imported the whole of Radix Themes (issue 17's Lighthouse runs: the login page's scripts).
    frontend_lazy_bundled_libraries=True,
    state_manager_mode="redis" if _settings.redis_url else "disk",
    redis_url=_settings.redis_url or None,
    plugins=[
        rx.plugins.SitemapPlugin(),
        LeanRadixThemesPlugin(
            theme=rx.theme(appearance="inherit", accent_color="indigo", gray_color="slate", radius="large"),
        ),
        ChunkGroupsPlugin(),  # the shared libraries as a chunk each, each run in a task of its own
        StateTransitionsPlugin(),  # server state renders as a React transition, in slices
        PaintFirstPlugin(),  # after the build: each page paints before its scripts are fetched
    ],
)
