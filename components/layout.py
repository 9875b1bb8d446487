"""The page frames: a header for signed-in pages and a centred card for sign-in and sign-up."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.i18n import I18nState
from state.profile import ProfileState
from state.session import SessionState


def brand() -> rx.Component:
    """Logo and product name."""
    return rx.link(
        rx.hstack(
            rx.center(rx.icon("flask-conical", size=18, color="white"), width="32px", height="32px",
                      border_radius="10px", background="linear-gradient(135deg, var(--indigo-9), var(--cyan-9))"),
            rx.heading("POC Tracker", size="4", weight="bold", display=["none", "block"]),
            align="center", spacing="2",
        ),
        href="/", underline="none", color="inherit",
    )


def language_switch() -> rx.Component:
    """A select between Português and English, remembered on the profile."""
    return rx.select.root(
        rx.select.trigger(aria_label="Idioma / Language", variant="ghost"),
        rx.select.content(
            rx.select.item("Português (BR)", value="pt_BR"),
            rx.select.item("English", value="en"),
        ),
        value=I18nState.locale,
        on_change=ProfileState.choose_locale,
        size="2",
    )


def user_menu() -> rx.Component:
    """Avatar with the profile and sign-out entries."""
    return rx.menu.root(
        rx.menu.trigger(rx.button(rx.avatar(fallback=SessionState.initials, size="2", radius="full"),
                                  variant="ghost", radius="full", aria_label=t("Menu da conta"))),
        rx.menu.content(
            rx.box(rx.text(SessionState.user_email, size="1", color_scheme="gray"), padding_x="8px", padding_y="4px"),
            rx.menu.item(rx.icon("user", size=16), t("Perfil"), on_click=rx.redirect("/profile")),
            rx.menu.separator(),
            rx.menu.item(rx.icon("log-out", size=16), t("Sair"), color="red", on_click=SessionState.sign_out),
        ),
    )


def nav_link(icon: str, label: rx.Var, href: str) -> rx.Component:
    """A link of the main navigation."""
    return rx.link(rx.hstack(rx.icon(icon, size=16), rx.text(label, display=["none", "inline"]), spacing="1",
                             align="center"), href=href, color_scheme="gray", high_contrast=True, size="2",
                   aria_label=label)


def header() -> rx.Component:
    """The top bar of signed-in pages."""
    return rx.hstack(
        brand(),
        rx.badge(SessionState.tenant_name, variant="soft", size="2", display=["none", "none", "inline-flex"]),
        rx.spacer(),
        nav_link("house", t("Início"), "/"),
        nav_link("flask-conical", t("POCs"), "/pocs"),
        nav_link("folder", t("Coleções"), "/collections"),
        language_switch(),
        user_menu(),
        align="center", spacing="3", padding_x=["12px", "24px"], padding_y="10px", width="100%",
        border_bottom="1px solid var(--gray-a5)", position="sticky", top="0", z_index="10",
        background="var(--color-panel-solid)",
    )


def app_page(*children: rx.Component) -> rx.Component:
    """A signed-in page: header and content; nothing shows until the sign-in is known."""
    return rx.box(
        rx.cond(
            SessionState.signed_in,
            rx.fragment(header(), rx.container(rx.vstack(*children, spacing="5", width="100%"),
                                               size="3", padding_x=["16px", "24px"], padding_y="24px")),
            rx.center(rx.spinner(size="3"), height="100vh"),
        ),
        min_height="100vh",
    )


def auth_page(title: rx.Var, subtitle: rx.Var, *children: rx.Component) -> rx.Component:
    """A centred card for signing in or up."""
    return rx.box(
        rx.hstack(rx.spacer(), language_switch(), padding="12px", width="100%"),
        rx.center(
            rx.card(
                rx.vstack(
                    brand(),
                    rx.heading(title, size="6", margin_top="2"),
                    rx.text(subtitle, color_scheme="gray", size="2"),
                    *children,
                    spacing="3", width="100%",
                ),
                size="4", width="100%", max_width="440px",
            ),
            padding_x="16px", padding_bottom="48px",
        ),
        min_height="100vh",
        background="radial-gradient(circle at 20% 0%, var(--indigo-a3), transparent 45%), var(--gray-1)",
    )


def form_field(label: rx.Var, name: str, *, type_: str = "text", placeholder: rx.Var | str = "",
               error: rx.Var | None = None, auto_complete: str = "", **props: object) -> rx.Component:
    """A labelled input with an inline error under it."""
    return rx.vstack(
        rx.text(label, as_="label", html_for=name, size="2", weight="medium"),
        rx.input(id=name, name=name, type=type_, placeholder=placeholder, auto_complete=auto_complete,
                 size="3", width="100%", **props),
        rx.cond(error, rx.text(error, color="red", size="1")) if error is not None else rx.fragment(),
        spacing="1", width="100%", align="stretch",
    )


def error_callout(message: rx.Var) -> rx.Component:
    """A red box with the message, when there is one."""
    return rx.cond(message != "", rx.callout(message, icon="triangle-alert", color_scheme="red", size="1",
                                             width="100%", role="alert"))
