"""/pocs: my POCs and all of the tenant's, with filters."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from components.poc import empty_state, poc_list_view
from poc_tracker.i18n import N_
from poc_tracker.services.languages import LANGUAGES
from state.poc_list import PocListState


def status_options() -> list[rx.Component]:
    """Status choices for a select."""
    return [
        rx.select.item(t("Ideia"), value="idea"),
        rx.select.item(t("Em andamento"), value="in_progress"),
        rx.select.item(t("Concluída"), value="done"),
        rx.select.item(t("Arquivada"), value="archived"),
    ]


def filters() -> rx.Component:
    """Language, status, tag and text filters."""
    return rx.form(
        rx.flex(
            rx.input(
                name="q",
                placeholder=t("Buscar por nome ou descrição"),
                aria_label=t("Buscar por nome ou descrição"),
                default_value=PocListState.q,
                flex="1 1 220px",
                size="2",
            ),
            rx.select.root(
                rx.select.trigger(placeholder=t("Linguagem"), aria_label=t("Linguagem")),
                rx.select.content(*[rx.select.item(n, value=n) for n in LANGUAGES]),
                name="language",
                default_value=PocListState.language,
            ),
            rx.select.root(
                rx.select.trigger(placeholder=t("Status"), aria_label=t("Status")),
                rx.select.content(*status_options()),
                name="status",
                default_value=PocListState.status,
            ),
            rx.input(
                name="tag",
                placeholder=t("Tag"),
                aria_label=t("Tag"),
                default_value=PocListState.tag,
                width="140px",
                size="2",
            ),
            rx.button(rx.icon("filter", size=16), t("Filtrar"), type="submit", variant="soft"),
            rx.button(t("Limpar"), type="reset", variant="ghost", on_click=PocListState.clear_filters),
            spacing="2",
            wrap="wrap",
            align="center",
            width="100%",
        ),
        on_submit=PocListState.apply_filters,
        reset_on_submit=False,
        width="100%",
    )


def scope_label(long: rx.Var, short: rx.Var) -> rx.Component:
    """A tab's label: the short one on a phone, so the three tabs fit the screen."""
    return rx.fragment(
        rx.text(short, as_="span", display=rx.breakpoints(initial="inline", sm="none")),
        rx.text(long, as_="span", display=rx.breakpoints(initial="none", sm="inline")),
    )


def scope_tabs() -> rx.Component:
    """Mine, the organisation's and favourites: three even tabs as wide as the page on a phone, never off-screen."""
    return rx.segmented_control.root(
        rx.segmented_control.item(scope_label(t("Minhas POCs"), t("Minhas")), value="mine"),
        rx.segmented_control.item(scope_label(t("Todas da organização"), t("Todas")), value="all"),
        rx.segmented_control.item(scope_label(t("Favoritas"), t("Favoritas")), value="favorites"),
        value=PocListState.scope,
        on_change=PocListState.set_scope,
        width=rx.breakpoints(initial="100%", sm="auto"),
        id="scope-tabs",
    )


def pager() -> rx.Component:
    """Previous and next page."""
    return rx.hstack(
        rx.text(PocListState.total, " ", t("POCs"), size="2", color_scheme="gray"),
        rx.spacer(),
        rx.button(
            rx.icon("chevron-left", size=16),
            t("Anterior"),
            variant="soft",
            size="2",
            disabled=PocListState.page <= 1,
            on_click=PocListState.previous_page,
        ),
        rx.button(
            t("Próxima"),
            rx.icon("chevron-right", size=16),
            variant="soft",
            size="2",
            disabled=~PocListState.has_more,
            on_click=PocListState.next_page,
        ),
        width="100%",
        align="center",
    )


@signed_in_page("/pocs", N_("POCs"), on_load=PocListState.open_pocs, wide=True)
def pocs_page() -> tuple[rx.Component, ...]:
    """The POC list page."""
    return (
        rx.hstack(
            rx.heading(t("POCs"), size="7"),
            rx.spacer(),
            rx.link(rx.button(rx.icon("plus", size=16), t("Nova POC"), size="3"), href="/pocs/new"),
            width="100%",
            align="center",
        ),
        scope_tabs(),
        rx.cond(PocListState.scope != "favorites", filters()),
        error_callout(PocListState.error),
        rx.cond(
            PocListState.total > 0,
            rx.vstack(poc_list_view(PocListState.rows), pager(), spacing="3", width="100%"),
            empty_state(
                "lightbulb",
                t("Nenhuma POC encontrada"),
                t(
                    "Registre uma prova de conceito com a hipótese, o código e o que você aprendeu — "
                    "ou limpe os filtros."
                ),
                rx.link(rx.button(rx.icon("plus", size=16), t("Registrar minha primeira POC")), href="/pocs/new"),
            ),
        ),
    )
