"""The installable app: head tags, the install button and the offline banner (driven by /pwa.js)."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.paint_first import WAITS_FOR_SCRIPTS
from state.session import SessionState

# /pwa.js sets these attributes on <html>; CSS shows or hides what depends on them without a server round trip.
WHEN_OFFLINE = "html[data-offline] &"
WHEN_INSTALLABLE = "html[data-can-install] &"
_DIMMED = {"opacity": "0.5", "pointer_events": "none", "cursor": "not-allowed"}
# Offline, what needs the server looks disabled (/pwa.js also blocks clicks, submits and keys and adds a title).
OFFLINE_DISABLED_STYLE = {
    f"{WHEN_OFFLINE} #app-content :is(button, input, textarea, select, [role=combobox], [role=checkbox])": _DIMMED,
    f"{WHEN_OFFLINE} #app-content a:has(button)": _DIMMED,
    f"{WHEN_OFFLINE} .needs-network": _DIMMED,
}


def head_components(offline_max_bytes: int) -> list[rx.Component]:
    """Manifest, icons, theme colours and the PWA script, for every page's <head>."""
    return [
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.el.meta(name="theme-color", content="#3e63dd", media="(prefers-color-scheme: light)"),
        rx.el.meta(name="theme-color", content="#18191b", media="(prefers-color-scheme: dark)"),
        rx.el.meta(name="apple-mobile-web-app-title", content="POC Tracker"),
        rx.el.meta(name="mobile-web-app-capable", content="yes"),
        rx.el.meta(
            name="description",
            content="POC Tracker: registre, organize e encontre as provas de conceito da sua equipe.",
        ),
        rx.el.meta(name="poc-tracker-offline-max-bytes", content=str(offline_max_bytes)),
        rx.el.script(src="/auth.js", defer=True),
        rx.el.script(src="/webauthn.js", defer=True),
        rx.el.script(src="/pwa.js", defer=True),
    ]


def install_button(compact: bool = False) -> rx.Component:
    """The "Instalar app" button: shown only when the browser offers to install (beforeinstallprompt)."""
    label = t("Instalar app")
    content = rx.icon("download", size=16) if compact else rx.fragment(rx.icon("download", size=16), label)
    return rx.button(
        content,
        variant="soft",
        size="2",
        aria_label=label,
        title=label,
        class_name="pwa-install",
        on_click=rx.call_script("window.pocPwa && window.pocPwa.install()"),
        disabled=WAITS_FOR_SCRIPTS,
        display="none",
        style={WHEN_INSTALLABLE: {"display": "inline-flex"}},
    )


def offline_banner() -> rx.Component:
    """Shown while the browser is offline: what the user sees and what does not work."""
    return rx.box(
        rx.flex(
            rx.icon("wifi_off", size=18),
            rx.text(
                rx.text.strong(t("Você está offline — mostrando o que foi salvo neste aparelho.")),
                " ",
                t("Ações que mudam dados precisam de conexão."),
                size="2",
            ),
            rx.el.a(t("Ver POCs salvas"), href="/offline.html", style={"color": "inherit", "font-weight": "600"}),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        id="offline-banner",
        role="status",
        display="none",
        padding_x=["16px", "24px"],
        padding_y="10px",
        background="var(--amber-3)",
        color="var(--amber-12)",
        border_bottom="1px solid var(--amber-6)",
        style={WHEN_OFFLINE: {"display": "block"}},
    )


def sync_trigger() -> rx.Component:
    """A hidden button /pwa.js clicks when back online with an expired token: the app hands over a fresh one."""
    return rx.el.button(
        id="pwa-sync-trigger",
        type="button",
        on_click=SessionState.sync_offline,
        hidden=True,
        aria_hidden="true",
        tab_index=-1,
    )
