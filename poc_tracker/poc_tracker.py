"""The Reflex app: pages and the REST API under /api/v1."""

import logging

import reflex as rx
from reflex_base import otel

import pages.account
import pages.audit
import pages.collections
import pages.dojos
import pages.home
import pages.identity_providers
import pages.login
import pages.mailbox
import pages.organization
import pages.poc_detail
import pages.poc_form
import pages.pocs
import pages.privacy
import pages.profile
import pages.reports
import pages.retrospectiva
import pages.search
import pages.security
import pages.signup
import pages.sso
import pages.team  # noqa: F401  (each module registers its route)
from components.pwa import head_components
from poc_tracker.api import create_api
from poc_tracker.i18n import gettext
from poc_tracker.logs import setup_logging
from poc_tracker.metrics_bridge import PrometheusMeterProvider
from poc_tracker.settings import get_settings
from poc_tracker.tracing import setup_tracing

_settings = get_settings()
setup_logging(_settings.log_level, json_logs=_settings.log_json, service="web")
setup_tracing("web")  # no-op unless OTEL_EXPORTER_OTLP_ENDPOINT is set
# Reflex's own trace points: event spans join our traces, event durations and sockets feed the Prometheus metrics.
otel.enable(meter_provider=PrometheusMeterProvider())


def _unexpected_error(exception: Exception) -> rx.event.EventSpec:
    """Log an unexpected error and tell the user in plain words (no stack trace)."""
    logging.getLogger("poc_tracker.ui").error("unhandled UI error", exc_info=exception, extra={"event": "ui_error"})
    return rx.toast.error(
        gettext("Algo deu errado. Tente novamente em instantes.", "pt_BR")
        + " / "
        + gettext("Algo deu errado. Tente novamente em instantes.", "en")
    )


app = rx.App(
    backend_exception_handler=_unexpected_error,
    api_transformer=create_api(),
    head_components=head_components(_settings.offline_max_bytes),
    html_lang="pt-BR",
)
