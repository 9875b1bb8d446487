"""/pocs/[poc_id]: one POC, its experiment and its links."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.markdown import user_markdown
from components.page import signed_in_page
from components.poc import decision_badge, language_badge, status_badge, tag_list
from components.poc_files import files_tab, history_tab
from components.when import when
from state.poc_collections import PocCollectionsState
from state.poc_detail import PocDetailState
from state.poc_page import PocPageState

P = PocDetailState.poc


def section(title: rx.Var, body: rx.Var) -> rx.Component:
    """A titled block of Markdown, shown only when it has content."""
    return rx.cond(
        body != "",
        rx.vstack(
            rx.text(title, weight="bold", size="2", color_scheme="gray"), user_markdown(body), spacing="1", width="100%"
        ),
    )


def delete_button() -> rx.Component:
    """Delete, after a confirmation."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("trash-2", size=16), t("Excluir"), color_scheme="red", variant="soft", width="100%")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Excluir esta POC?")),
            rx.alert_dialog.description(t("Ela vai para a lixeira e pode ser restaurada por 30 dias.")),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(t("Cancelar"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Excluir"), color_scheme="red", on_click=PocDetailState.delete_poc)),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
        ),
    )


def star_button() -> rx.Component:
    """Star or unstar."""
    return rx.button(
        rx.cond(PocDetailState.is_favorite, rx.icon("star", size=16, fill="currentColor"), rx.icon("star", size=16)),
        rx.cond(PocDetailState.is_favorite, t("Favorita"), t("Favoritar")),
        variant=rx.cond(PocDetailState.is_favorite, "solid", "soft"),
        color_scheme="amber",
        on_click=PocDetailState.toggle_favorite,
        id="star-button",
        aria_pressed=PocDetailState.is_favorite,
        width="100%",
    )


def new_collection_dialog() -> rx.Component:
    """A small dialog: name a new collection; it is created holding this POC, without leaving the page."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Nova coleção")),
            rx.dialog.description(t("Ela começa com esta POC. Você pode renomeá-la depois."), size="2"),
            rx.form(
                rx.vstack(
                    rx.text(t("Nome"), as_="label", custom_attrs={"htmlFor": "new-collection-name"}, size="2"),
                    rx.input(id="new-collection-name", name="name", max_length=100, required=True, width="100%"),
                    rx.cond(
                        PocCollectionsState.name_error != "",
                        rx.text(PocCollectionsState.name_error, color="red", size="1", role="alert"),
                    ),
                    rx.flex(
                        rx.dialog.close(rx.button(t("Cancelar"), variant="soft", color_scheme="gray", type="button")),
                        rx.button(t("Criar e adicionar"), type="submit", id="new-collection-submit"),
                        spacing="3",
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                    margin_top="12px",
                ),
                on_submit=PocCollectionsState.create_and_add,
                reset_on_submit=False,
            ),
        ),
        open=PocCollectionsState.creating,
        on_open_change=PocCollectionsState.set_creating,
    )


def collection_menu() -> rx.Component:
    """My collections, checked where the POC already is (a click adds or takes it out), and a new one."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("folder-plus", size=16), t("Coleções"), variant="soft", width="100%", id="collection-menu"
            )
        ),
        rx.menu.content(
            rx.foreach(
                PocCollectionsState.menu,
                lambda c: rx.menu.item(
                    rx.cond(c["holds"] != "", rx.icon("check", size=14), rx.box(width="14px")),
                    c["name"],
                    on_click=PocCollectionsState.toggle(c["id"]),
                    data_holds=c["holds"],
                    class_name="collection-item",
                ),
            ),
            rx.cond(PocCollectionsState.menu.length() > 0, rx.menu.separator()),
            rx.menu.item(
                rx.icon("plus", size=14),
                t("Nova coleção"),
                on_click=PocCollectionsState.set_creating(True),
                id="new-collection-item",
            ),
        ),
    )


def actions() -> rx.Component:
    """The buttons: two even columns on a phone, one row beside the name on a desktop."""
    return rx.grid(
        star_button(),
        collection_menu(),
        rx.cond(
            P.can_edit,
            rx.link(
                rx.button(rx.icon("pencil", size=16), t("Editar"), variant="soft", width="100%"),
                href="/pocs/" + P.id + "/edit",
            ),
        ),
        rx.cond(P.can_edit, delete_button()),
        rx.cond(
            P.can_edit,
            rx.button(
                rx.icon("users", size=16),
                t("Iniciar Dojo"),
                variant="soft",
                id="poc-start-dojo",
                on_click=rx.redirect("/dojos?poc=" + P.id),
                width="100%",
                grid_column=rx.breakpoints(initial="span 2", md="auto"),
            ),
        ),
        columns=rx.breakpoints(initial="2", md="5"),
        spacing="2",
        width=rx.breakpoints(initial="100%", md="auto"),
        flex_shrink="0",
        id="poc-actions",
    )


def header() -> rx.Component:
    """Name, badges, owner and actions."""
    return rx.vstack(
        rx.flex(
            rx.heading(P.name, size="7", id="poc-name", overflow_wrap="anywhere", min_width="0", flex="1"),
            actions(),
            direction=rx.breakpoints(initial="column", md="row"),
            spacing="3",
            width="100%",
            align=rx.breakpoints(initial="stretch", md="start"),
        ),
        rx.flex(
            language_badge(P.language),
            status_badge(P.status),
            decision_badge(P.decision),
            rx.badge(t("versão"), " ", P.version, variant="surface"),
            spacing="2",
            wrap="wrap",
            id="poc-badges",
        ),
        tag_list(P.tags),
        rx.text(
            t("Por"),
            " ",
            P.owner_name,
            " · ",
            t("criada"),
            " ",
            when(P.created, P.created_full),
            " · ",
            t("atualizada"),
            " ",
            when(P.updated, P.updated_full),
            size="1",
            color_scheme="gray",
        ),
        new_collection_dialog(),
        spacing="3",
        width="100%",
    )


def link_with_icon(icon: str, label: rx.Var, href: rx.Var) -> rx.Component:
    """An external link with its icon on the same line."""
    return rx.link(
        rx.icon(icon, size=16),
        label,
        href=href,
        is_external=True,
        display="inline-flex",
        align_items="center",
        gap="6px",
    )


def links() -> rx.Component:
    """Repository and demo links."""
    return rx.cond(
        (P.repository_url != "") | (P.demo_url != ""),
        rx.flex(
            rx.cond(P.repository_url != "", link_with_icon("git-branch", t("Repositório"), P.repository_url)),
            rx.cond(P.demo_url != "", link_with_icon("external-link", t("Demonstração"), P.demo_url)),
            spacing="4",
            wrap="wrap",
            id="poc-links",
        ),
    )


def experiment_is_empty() -> rx.Var:
    """Whether the experiment has nothing written yet."""
    return (P.hypothesis == "") & (P.success_criteria == "") & (P.result == "") & (P.learnings == "")


def overview() -> rx.Component:
    """Description and the experiment; what is empty says so once, with the way to fill it."""
    return rx.vstack(
        rx.cond(
            P.description != "", rx.card(section(t("Descrição"), P.description), width="100%", id="poc-description")
        ),
        rx.card(
            rx.vstack(
                rx.heading(t("O experimento"), size="4"),
                rx.cond(
                    experiment_is_empty(),
                    rx.vstack(
                        rx.text(
                            t("Ainda sem hipótese, critérios de sucesso, resultado ou aprendizados."),
                            color_scheme="gray",
                            size="2",
                        ),
                        rx.cond(
                            P.can_edit,
                            rx.link(t("Descrever o experimento"), href="/pocs/" + P.id + "/edit", size="2"),
                        ),
                        spacing="1",
                        id="experiment-empty",
                    ),
                    rx.fragment(
                        section(t("Hipótese"), P.hypothesis),
                        section(t("Critérios de sucesso"), P.success_criteria),
                        section(t("Resultado"), P.result),
                        section(t("Aprendizados"), P.learnings),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


@signed_in_page(
    "/pocs/[poc_id]",
    rx.cond(P.name != "", P.name, t("POC")),
    on_load=PocPageState.open_poc_page,
)
def poc_detail_page() -> tuple[rx.Component, ...]:
    """The POC page; its tab carries the POC's name."""
    return (
        rx.link(rx.hstack(rx.icon("arrow-left", size=16), t("POCs"), align="center"), href="/pocs", size="2"),
        rx.cond(
            PocDetailState.loaded,
            rx.vstack(
                header(),
                links(),
                rx.tabs.root(
                    rx.tabs.list(
                        rx.tabs.trigger(t("Visão geral"), value="overview"),
                        rx.tabs.trigger(t("Arquivos"), " (", P.file_count, ")", value="files"),
                        rx.tabs.trigger(t("Histórico"), value="history"),
                    ),
                    rx.tabs.content(overview(), value="overview", padding_top="16px"),
                    rx.tabs.content(rx.card(files_tab(), width="100%"), value="files", padding_top="16px"),
                    rx.tabs.content(rx.card(history_tab(), width="100%"), value="history", padding_top="16px"),
                    default_value="overview",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(PocDetailState.error != "", error_callout(PocDetailState.error), rx.spinner(size="3")),
        ),
    )
