"""The main navigation: a side bar on desktops (768 px and up), a bottom tab bar on phones."""

from __future__ import annotations

from typing import Any, NamedTuple

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink

from components.i18n import t
from components.paint_first import WAITS_FOR_SCRIPTS
from poc_tracker.i18n import N_
from state.session import SessionState

SIDE_BAR_WIDTH = "232px"
BOTTOM_BAR_HEIGHT = "64px"
DESKTOP = rx.breakpoints(initial="none", sm="flex")  # sm is 48em = 768 px
PHONE = rx.breakpoints(initial="flex", sm="none")


class NavItem(NamedTuple):
    """A destination of the main navigation; no href means "not built yet"."""

    icon: str
    label: str  # a Portuguese message id
    href: str = ""


MAIN = [
    NavItem("house", N_("Início"), "/"),
    NavItem("flask-conical", N_("POCs"), "/pocs"),
    NavItem("search", N_("Busca"), "/search"),
    NavItem("folder", N_("Coleções"), "/collections"),
]
MORE = [  # in the side bar; under "Mais" on phones
    NavItem("swords", N_("Dojos"), "/dojos"),
    NavItem("file_chart_column", N_("Relatórios"), "/relatorios"),
    NavItem("clapperboard", N_("Retrospectiva"), "/retrospectiva"),
    NavItem("trash-2", N_("Lixeira"), "/lixeira"),
]
SOON: list[NavItem] = []
PROFILE = NavItem("user", N_("Perfil"), "/profile")


def is_active(href: str) -> rx.Var[bool]:
    """Whether the page on screen belongs to this destination.

    Before the page's scripts run the path is empty: nothing is marked (a prerendered /pocs showed "Início").
    """
    path = rx.State.router.url.path.to(str)
    if href == "/":
        return path == "/"
    return (path == href) | path.startswith(href + "/")


def router_link(*children: rx.Component, href: str, **props: Any) -> rx.Component:
    """A link that navigates inside the app, styled by its class (assets/design.css).

    ``rx.link`` wraps React Router's link in Radix's Link and Text and gives each an Emotion style computed at
    run time: ~14 components per link where this is ~3, on every page of a phone (the nav is most of the shell).
    """
    return ReactRouterLink.create(*children, to=href, **props)


def side_link(item: NavItem) -> rx.Component:
    """A destination in the side bar."""
    return router_link(
        rx.icon(item.icon, size=18),
        rx.el.span(t(item.label)),
        href=item.href,
        class_name="side-link",
        aria_current=rx.cond(is_active(item.href), "page", "false"),
    )


def soon_badge() -> rx.Component:
    """The small "em breve" mark of parts not built yet."""
    return rx.badge(t("em breve"), size="1", variant="soft", color_scheme="gray")


def side_soon(item: NavItem) -> rx.Component:
    """A destination not built yet: shown disabled, with an "em breve" tooltip."""
    return rx.tooltip(
        rx.hstack(
            rx.icon(item.icon, size=18, flex_shrink="0"),
            rx.text(t(item.label), size="2", weight="medium"),
            rx.spacer(),
            soon_badge(),
            spacing="3",
            align="center",
            width="100%",
            padding_x="12px",
            padding_y="8px",
            color="var(--gray-a9)",
            cursor="not-allowed",
            role="link",
            aria_disabled="true",
            tab_index=0,
        ),
        content=t("Em breve: ainda estamos construindo esta parte."),
    )


def initials(letters: rx.Var, solid: bool = False) -> rx.Component:
    """One or two letters in a 32 px badge, like Radix's avatar fallback.

    Radix's avatar sets state in a layout effect while the page hydrates (its image status), which made React
    re-render at once and run every effect of the page in that same task; with no image to load, a span does.
    """
    return rx.el.span(letters, class_name="initials initials-solid" if solid else "initials", aria_hidden="true")


def tenant_chip() -> rx.Component:
    """The organisation: its initial as a logo, and its name."""
    return rx.hstack(
        initials(SessionState.tenant_name[:1].upper(), solid=True),
        rx.text(
            SessionState.tenant_name, size="2", weight="bold", trim="both", class_name="truncate", id="tenant-name"
        ),
        spacing="2",
        align="center",
        width="100%",
        min_width="0",
    )


def side_bar(brand: rx.Component) -> rx.Component:
    """The desktop navigation, fixed on the left."""
    return rx.el.nav(
        rx.vstack(
            brand,
            tenant_chip(),
            rx.separator(size="4"),
            *[side_link(i) for i in MAIN + MORE],
            *[side_soon(i) for i in SOON],
            side_link(PROFILE),
            rx.spacer(),
            rx.link(
                rx.hstack(
                    rx.icon("hard_drive_download", size=16),
                    rx.text(t("POCs salvas offline"), size="1"),
                    spacing="2",
                    align="center",
                ),
                href="/offline.html",
                color_scheme="gray",
                underline="none",
                padding_x="12px",
            ),
            spacing="1",
            height="100%",
            width="100%",
            padding="16px",
            align="stretch",
        ),
        aria_label=t("Navegação principal"),
        id="side-bar",
        display=DESKTOP,
        position="fixed",
        top="0",
        left="0",
        bottom="0",
        width=SIDE_BAR_WIDTH,
        border_right="1px solid var(--gray-a5)",
        background="var(--color-panel-solid)",
        z_index="20",
        overflow_y="auto",
    )


def tab(icon: str, label: rx.Var) -> list[rx.Component]:
    """The look of one tab: an icon over a short label (its colour from the tab's class)."""
    return [rx.icon(icon, size=22), rx.el.span(label, class_name="tab-label")]


def tab_link(item: NavItem) -> rx.Component:
    """A destination in the bottom bar."""
    return router_link(
        *tab(item.icon, t(item.label)),
        href=item.href,
        class_name="tab",
        aria_current=rx.cond(is_active(item.href), "page", "false"),
        aria_label=t(item.label),
    )


def menu_link(item: NavItem) -> rx.Component:
    """A destination in the "Mais" menu."""
    return rx.menu.item(
        rx.link(
            rx.hstack(rx.icon(item.icon, size=16), t(item.label), align="center"),
            href=item.href,
            underline="none",
            color="inherit",
            width="100%",
        )
    )


def more_active() -> rx.Var[bool]:
    """Whether the page on screen is one of those under "Mais" (or the profile)."""
    found = is_active(PROFILE.href)
    for item in MORE:
        found = found | is_active(item.href)
    return found


def more_menu() -> rx.Component:
    """The fifth tab: Dojos, profile, saved POCs, and what is coming."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.el.button(
                *tab("ellipsis", t("Mais")),
                type="button",
                aria_label=t("Mais opções"),
                id="more-tab",
                disabled=WAITS_FOR_SCRIPTS,
                class_name="tab",
                custom_attrs={"data-active": rx.cond(more_active(), "true", "false")},
            )
        ),
        rx.menu.content(
            *[menu_link(i) for i in MORE],
            menu_link(PROFILE),
            menu_link(NavItem("hard_drive_download", N_("POCs salvas offline"), "/offline.html")),
            *([rx.menu.separator()] if SOON else []),
            *[
                rx.menu.item(
                    rx.hstack(rx.icon(i.icon, size=16), t(i.label), soon_badge(), align="center"),
                    disabled=True,
                    title=t("Em breve: ainda estamos construindo esta parte."),
                )
                for i in SOON
            ],
            align="end",
            side="top",
        ),
    )


def bottom_bar() -> rx.Component:
    """The phone navigation, fixed at the bottom (above the home indicator of iPhones)."""
    return rx.el.nav(
        *[tab_link(i) for i in MAIN],
        more_menu(),
        aria_label=t("Navegação principal"),
        id="bottom-bar",
        display=PHONE,
        position="fixed",
        left="0",
        right="0",
        bottom="0",
        z_index="20",
        background="var(--color-panel-solid)",
        border_top="1px solid var(--gray-a5)",
        padding_bottom="env(safe-area-inset-bottom)",
    )
