"""The page frames: navigation and header for signed-in pages, a centred card for sign-in and sign-up."""

from __future__ import annotations

import reflex as rx

from components.account import verify_email_banner
from components.billing import billing_banner
from components.closing_banner import closing_banner
from components.i18n import t
from components.nav import BOTTOM_BAR_HEIGHT, DESKTOP, PHONE, SIDE_BAR_WIDTH, bottom_bar, initials, side_bar
from components.paint_first import WAITS_FOR_SCRIPTS
from components.privacy_footer import privacy_footer
from components.pwa import OFFLINE_DISABLED_STYLE, install_button, offline_banner, sync_trigger
from state.i18n import I18nState
from state.profile import ProfileState
from state.session import SessionState


def logo() -> rx.Component:
    """The POC Tracker mark."""
    return rx.center(
        rx.icon("flask-conical", size=18, color="white"),
        width="32px",
        height="32px",
        border_radius="10px",
        flex_shrink="0",
        background="linear-gradient(135deg, var(--indigo-9), var(--cyan-9))",
    )


def brand() -> rx.Component:
    """Logo and product name."""
    return rx.link(
        rx.hstack(logo(), rx.heading("POC Tracker", size="4", weight="bold"), align="center", spacing="2"),
        href="/",
        underline="none",
        color="inherit",
        aria_label="POC Tracker",
    )


def language_switch() -> rx.Component:
    """A select between Português and English, remembered on the profile.

    The browser's own select (a phone shows its own picker): Radix's select sets state in layout effects while
    the page hydrates, which made React re-render at once and run every effect of the page in that same task.
    """
    return rx.el.select(
        rx.el.option("Português (BR)", value="pt_BR"),
        rx.el.option("English", value="en"),
        value=I18nState.locale,
        on_change=ProfileState.choose_locale,
        disabled=WAITS_FOR_SCRIPTS,
        aria_label="Idioma / Language",
        class_name="language-select",
    )


def theme_toggle() -> rx.Component:
    """Light or dark; Reflex remembers the choice in the browser."""
    return rx.icon_button(
        rx.color_mode_cond(light=rx.icon("moon", size=18), dark=rx.icon("sun", size=18)),
        on_click=rx.toggle_color_mode,
        disabled=WAITS_FOR_SCRIPTS,
        variant="ghost",
        color_scheme="gray",
        size="2",
        aria_label=t("Tema claro ou escuro"),
        title=t("Tema claro ou escuro"),
        id="theme-toggle",
    )


def user_menu() -> rx.Component:
    """Avatar with the profile, language and sign-out entries."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                initials(SessionState.initials),
                variant="ghost",
                radius="full",
                aria_label=t("Menu da conta") + " (" + SessionState.initials + ")",
                disabled=WAITS_FOR_SCRIPTS,
            )
        ),
        rx.menu.content(
            rx.box(rx.text(SessionState.user_email, size="1", color_scheme="gray"), padding_x="8px", padding_y="4px"),
            rx.menu.item(rx.icon("user", size=16), t("Perfil"), on_click=rx.redirect("/profile")),
            rx.menu.separator(),
            rx.menu.item(
                rx.icon("languages", size=16),
                "Português (BR)",
                class_name="needs-network",
                on_click=ProfileState.choose_locale("pt_BR"),
            ),
            rx.menu.item(
                rx.icon("languages", size=16),
                "English",
                class_name="needs-network",
                on_click=ProfileState.choose_locale("en"),
            ),
            rx.menu.separator(),
            rx.menu.item(
                rx.icon("log-out", size=16),
                t("Sair"),
                color="red",
                class_name="needs-network",
                on_click=SessionState.sign_out,
            ),
        ),
    )


def header() -> rx.Component:
    """The top bar of signed-in pages: the organisation on phones, then install, theme, language and account."""
    return rx.hstack(
        rx.link(
            rx.hstack(
                logo(),
                rx.text(
                    SessionState.tenant_name, size="3", weight="bold", class_name="truncate", id="header-tenant-name"
                ),
                align="center",
                spacing="2",
                min_width="0",
            ),
            href="/",
            underline="none",
            color="inherit",
            display=PHONE,
            min_width="0",
            flex="1",
        ),
        rx.spacer(display=DESKTOP),
        install_button(compact=True),
        theme_toggle(),
        rx.box(language_switch(), display=DESKTOP, class_name="needs-network"),
        user_menu(),
        align="center",
        spacing="3",
        padding_x=["12px", "24px"],
        padding_y="10px",
        width="100%",
        border_bottom="1px solid var(--gray-a5)",
        position="sticky",
        top="0",
        z_index="10",
        background="var(--color-panel-solid)",
    )


def loading_placeholder() -> rx.Component:
    """The content's place until the sign-in is known: still grey bars, not a spinner.

    An animation running while the page starts makes the browser draw a frame every 16 ms between the scripts
    that start it: with Radix's spinner there, Lighthouse's slowed phone saw home's blocking time at 250-990 ms,
    and at 90-360 ms without it (bench/lighthouse.sh).
    """
    return rx.el.div(
        *[rx.el.span(class_name="page-loading-bar") for _ in range(4)],
        id="page-loading",
        class_name="page-loading",
        role="status",
        aria_label=t("Carregando…"),
        aria_busy="true",
    )


def app_page(*children: rx.Component, wide: bool = False) -> rx.Component:
    """A signed-in page: navigation, header and content.

    The frame is in the prerendered page, so it paints before the scripts run; the content waits until the
    sign-in is known (a spinner in its place, and nobody's data in the HTML).
    """
    return rx.box(
        side_bar(brand()),
        rx.box(
            header(),
            offline_banner(),
            rx.container(
                rx.cond(
                    SessionState.signed_in,
                    rx.vstack(
                        closing_banner(),
                        verify_email_banner(),
                        billing_banner(),
                        *children,
                        privacy_footer(),
                        spacing="5",
                        width="100%",
                    ),
                    loading_placeholder(),
                ),
                id="app-content",
                size="4" if wide else "3",
                padding_x=["16px", "24px"],
                padding_top="24px",
                padding_bottom=rx.breakpoints(initial=f"calc({BOTTOM_BAR_HEIGHT} + 32px)", sm="32px"),
            ),
            margin_left=rx.breakpoints(initial="0", sm=SIDE_BAR_WIDTH),
            min_width="0",
        ),
        bottom_bar(),
        rx.cond(SessionState.signed_in, sync_trigger()),
        min_height="100vh",
        style=OFFLINE_DISABLED_STYLE,
    )


def auth_page(title: rx.Var, subtitle: rx.Var, *children: rx.Component) -> rx.Component:
    """A centred card for signing in or up."""
    return rx.box(
        offline_banner(),
        rx.hstack(
            rx.spacer(),
            install_button(),
            theme_toggle(),
            rx.box(language_switch(), class_name="needs-network"),
            padding="12px",
            width="100%",
            align="center",
            spacing="3",
        ),
        rx.center(
            rx.card(
                rx.vstack(
                    brand(),
                    rx.heading(title, size="6", margin_top="2"),
                    rx.text(subtitle, color_scheme="gray", size="2"),
                    *children,
                    spacing="3",
                    width="100%",
                ),
                size="4",
                width="100%",
                max_width="440px",
                id="app-content",
            ),
            padding_x="16px",
        ),
        privacy_footer(),
        min_height="100vh",
        style=OFFLINE_DISABLED_STYLE,
        background="radial-gradient(circle at 20% 0%, var(--indigo-a3), transparent 45%), var(--gray-1)",
    )


def form_field(
    label: rx.Var,
    name: str,
    *,
    type_: str = "text",
    placeholder: rx.Var | str = "",
    error: rx.Var | None = None,
    auto_complete: str = "",
    hint: rx.Var | str | None = None,
    **props: object,
) -> rx.Component:
    """A labelled input with an inline error under it (or, without an error, its hint)."""
    return rx.vstack(
        rx.text(label, as_="label", custom_attrs={"htmlFor": name}, size="2", weight="medium"),
        rx.input(
            id=name,
            name=name,
            type=type_,
            placeholder=placeholder,
            auto_complete=auto_complete,
            size="3",
            width="100%",
            **props,
        ),
        _below(name, error, hint),
        spacing="1",
        width="100%",
        align="stretch",
    )


def _below(name: str, error: rx.Var | None, hint: rx.Var | str | None) -> rx.Component:
    """What sits under an input: its error when there is one, else its hint."""
    shown_hint = rx.text(hint, size="1", color_scheme="gray", id=f"{name}-hint") if hint is not None else rx.fragment()
    if error is None:
        return shown_hint
    return rx.cond(error, rx.text(error, color="red", size="1", role="alert", id=f"{name}-error"), shown_hint)


def error_callout(message: rx.Var) -> rx.Component:
    """A red box with the message, when there is one."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", size="1", width="100%", role="alert"),
    )
