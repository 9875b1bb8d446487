"""/search: find POCs by words, filters and facets; the address bar holds the search, so it can be shared."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from components.poc import decision_badge, empty_state, language_badge, status_badge, tag_list
from components.when import when
from poc_tracker.i18n import N_
from state.search import SearchState

MARK_STYLE = {
    "& mark": {"background": "var(--amber-a5)", "color": "inherit", "border_radius": "3px", "padding": "0 2px"}
}


def search_box() -> rx.Component:
    """The query box with its completions (names and tags)."""
    return rx.form(
        rx.box(
            rx.hstack(
                rx.input(
                    rx.input.slot(rx.icon("search", size=16)),
                    name="q",
                    value=SearchState.typed,
                    on_change=SearchState.type_query.debounce(250),
                    size="3",
                    flex="1",
                    auto_complete="off",
                    placeholder=t('Buscar POCs: palavras, "frases", -excluir, language:python tag:api'),
                    aria_label=t("Buscar POCs"),
                ),
                rx.button(t("Buscar"), type="submit", size="3"),
                width="100%",
                spacing="2",
            ),
            rx.cond(
                SearchState.suggestions.length() > 0,
                rx.card(
                    rx.vstack(
                        rx.foreach(
                            SearchState.suggestions,
                            lambda s: rx.button(
                                rx.cond(s.kind == "tag", rx.icon("tag", size=14), rx.icon("flask-conical", size=14)),
                                s.text,
                                variant="ghost",
                                size="2",
                                width="100%",
                                justify_content="flex-start",
                                type="button",
                                on_click=SearchState.pick(s.text, s.kind),
                            ),
                        ),
                        spacing="1",
                        width="100%",
                    ),
                    position="absolute",
                    top="100%",
                    left="0",
                    right="0",
                    z_index="20",
                    margin_top="4px",
                ),
            ),
            position="relative",
            width="100%",
        ),
        on_submit=SearchState.submit,
        reset_on_submit=False,
        width="100%",
    )


def facet(title: rx.Var, name: str, rows: rx.Var) -> rx.Component:
    """One facet: values with their counts, active ones highlighted."""
    return rx.cond(
        rows.length() > 0,
        rx.vstack(
            rx.text(title, size="2", weight="bold"),
            rx.flex(
                rx.foreach(
                    rows,
                    lambda f: rx.button(
                        f.value,
                        rx.badge(f.count, variant="soft", radius="full"),
                        size="1",
                        variant=rx.cond(f.active, "solid", "outline"),
                        on_click=SearchState.toggle(name, f.value),
                    ),
                ),
                spacing="1",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
    )


def facets() -> rx.Component:
    """Languages, tags and years of the whole match set."""
    return rx.vstack(
        facet(t("Linguagens"), "language", SearchState.facet_languages),
        facet(t("Tags"), "tag", SearchState.facet_tags),
        facet(t("Anos"), "year", SearchState.facet_years),
        spacing="4",
        width=["100%", "100%", "240px"],
        flex_shrink="0",
    )


def chips() -> rx.Component:
    """The active filters, each removable."""

    def chip(name: str, value: rx.Var) -> rx.Component:
        return rx.badge(
            value,
            rx.icon("x", size=12),
            variant="soft",
            size="2",
            cursor="pointer",
            on_click=SearchState.toggle(name, value),
            aria_label=t("Remover filtro"),
        )

    return rx.cond(
        SearchState.has_filters,
        rx.flex(
            rx.foreach(SearchState.languages, lambda v: chip("language", v)),
            rx.foreach(SearchState.tags, lambda v: chip("tag", v)),
            rx.foreach(SearchState.years, lambda v: chip("year", v)),
            rx.button(t("Limpar filtros"), variant="ghost", size="1", on_click=SearchState.clear_filters),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
    )


def hit_card(hit: rx.Var) -> rx.Component:
    """A result: its fragments are escaped HTML with <mark> around the matches."""
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.html(hit.name_html, font_weight="bold"),
                    rx.spacer(),
                    status_badge(hit.status),
                    width="100%",
                    align="center",
                ),
                rx.html(hit.description_html, color="var(--gray-11)", font_size="14px"),
                rx.cond(
                    hit.content_html != "",
                    rx.box(
                        rx.html(hit.content_html),
                        font_family="var(--code-font-family)",
                        font_size="12px",
                        background="var(--gray-a3)",
                        padding="6px 8px",
                        border_radius="6px",
                        width="100%",
                        overflow_wrap="anywhere",
                    ),
                ),
                rx.hstack(
                    language_badge(hit.language),
                    decision_badge(hit.decision),
                    tag_list(hit.tags),
                    wrap="wrap",
                    spacing="2",
                ),
                rx.text(hit.owner_name, " · ", when(hit.updated, hit.updated_full), size="1", color_scheme="gray"),
                spacing="2",
                width="100%",
                align="start",
                style=MARK_STYLE,
            ),
            width="100%",
        ),
        href="/pocs/" + hit.id,
        underline="none",
        color="inherit",
        width="100%",
    )


def toolbar() -> rx.Component:
    """How many were found, in how long, and the order."""
    return rx.hstack(
        rx.text(
            rx.cond(
                SearchState.total == 1,
                t("1 POC encontrada"),
                rx.fragment(SearchState.total_label, " ", t("POCs encontradas")),
            ),
            " · ",
            SearchState.took,
            " ms",
            size="2",
            color_scheme="gray",
        ),
        rx.spacer(),
        rx.select.root(
            rx.select.trigger(aria_label=t("Ordenar por")),
            rx.select.content(
                rx.select.item(t("Relevância"), value="relevance"),
                rx.select.item(t("Mais recentes"), value="date"),
                rx.select.item(t("Nome"), value="name"),
            ),
            value=SearchState.sort,
            on_change=SearchState.set_sort,
            size="2",
        ),
        width="100%",
        align="center",
        wrap="wrap",
    )


def nothing_found() -> rx.Component:
    """No hit: say so and offer the correction."""
    return rx.vstack(
        empty_state(
            "search-x", t("Nada encontrado"), t("Tente outras palavras, menos filtros ou uma tag."), rx.fragment()
        ),
        rx.cond(
            SearchState.did_you_mean != "",
            rx.hstack(
                rx.text(t("Você quis dizer:"), size="3"),
                rx.button(SearchState.did_you_mean, variant="soft", on_click=SearchState.use_correction),
                align="center",
                justify="center",
                width="100%",
            ),
        ),
        width="100%",
    )


def results() -> rx.Component:
    """Hits and paging, or nothing found."""
    return rx.vstack(
        toolbar(),
        rx.cond(
            SearchState.total > 0,
            rx.vstack(
                rx.foreach(SearchState.hits, hit_card),
                rx.hstack(
                    rx.button(
                        rx.icon("chevron-left", size=16),
                        t("Anterior"),
                        variant="soft",
                        disabled=SearchState.page <= 1,
                        on_click=SearchState.previous_page,
                    ),
                    rx.spacer(),
                    rx.text(t("Página"), " ", SearchState.page, size="2"),
                    rx.spacer(),
                    rx.button(
                        t("Próxima"),
                        rx.icon("chevron-right", size=16),
                        variant="soft",
                        disabled=~SearchState.has_more,
                        on_click=SearchState.next_page,
                    ),
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            rx.cond(SearchState.searched, nothing_found()),
        ),
        spacing="3",
        width="100%",
        min_width="0",
    )


@signed_in_page("/search", N_("Busca"), on_load=SearchState.load_from_url)
def search_page() -> tuple[rx.Component, ...]:
    """The search page."""
    return (
        rx.heading(t("Buscar POCs"), size="7"),
        search_box(),
        chips(),
        error_callout(SearchState.error),
        rx.flex(facets(), results(), direction=rx.breakpoints(initial="column", md="row"), spacing="5", width="100%"),
    )
