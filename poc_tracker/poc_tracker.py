"""The Reflex app: pages, the REST API under /api/v1 and the wiring of events to the worker."""

import reflex as rx

import pages.home
import pages.login
import pages.profile
import pages.signup  # noqa: F401  (each module registers its route)
import tasks.events
from poc_tracker.api import create_api
from poc_tracker.logs import setup_logging
from poc_tracker.settings import get_settings

_settings = get_settings()
setup_logging(_settings.log_level, json_logs=_settings.log_json, service="web")
tasks.events.wire()

app = rx.App(
    api_transformer=create_api(),
    head_components=[
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.meta(name="theme-color", content="#3e63dd"),
    ],
    html_lang="pt-BR",
)
