"""/pocs/[poc_id]: one POC, its experiment and its links."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.markdown import user_markdown
from components.page import signed_in_page
from components.poc import decision_badge, language_badge, status_badge, tag_list
from components.poc_files import files_tab, history_tab
from state.poc_detail import PocDetailState
from state.poc_files import PocFilesState
from state.poc_history import PocHistoryState

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
            rx.button(rx.icon("trash-2", size=16), t("Excluir"), color_scheme="red", variant="soft")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Excluir esta POC?")),
            rx.alert_dialog.description(t("Ela vai para a lixeira e pode ser restaurada por 30 dias.")),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(t("Cancelar"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Excluir"), color_scheme="red", on_click=PocDetailState.delete_poc)),
                gap="3",
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
    )


def collection_menu() -> rx.Component:
    """Add the POC to one of my collections."""
    return rx.menu.root(
        rx.menu.trigger(rx.button(rx.icon("folder-plus", size=16), t("Adicionar à coleção"), variant="soft")),
        rx.menu.content(
            rx.foreach(
                PocDetailState.my_collections,
                lambda c: rx.menu.item(c["name"], on_click=PocDetailState.add_to_collection(c["id"])),
            ),
            rx.cond(PocDetailState.my_collections.length() > 0, rx.menu.separator()),
            rx.menu.item(rx.icon("plus", size=14), t("Nova coleção"), on_click=rx.redirect("/collections")),
        ),
    )


def header() -> rx.Component:
    """Name, badges, owner and actions."""
    return rx.vstack(
        rx.flex(
            rx.heading(P.name, size="7", id="poc-name"),
            rx.spacer(),
            star_button(),
            collection_menu(),
            rx.cond(
                P.can_edit,
                rx.hstack(
                    rx.button(
                        rx.icon("users", size=16),
                        t("Iniciar Dojo"),
                        variant="soft",
                        id="poc-start-dojo",
                        on_click=rx.redirect("/dojos?poc=" + P.id),
                    ),
                    rx.link(
                        rx.button(rx.icon("pencil", size=16), t("Editar"), variant="soft"),
                        href="/pocs/" + P.id + "/edit",
                    ),
                    delete_button(),
                    spacing="2",
                ),
            ),
            gap="3",
            wrap="wrap",
            width="100%",
            align="center",
        ),
        rx.flex(
            language_badge(P.language),
            status_badge(P.status),
            decision_badge(P.decision),
            rx.badge(t("versão"), " ", P.version, variant="surface"),
            gap="2",
            wrap="wrap",
        ),
        tag_list(P.tags),
        rx.text(
            t("Por"),
            " ",
            P.owner_name,
            " · ",
            t("criada em"),
            " ",
            P.created,
            " · ",
            t("atualizada em"),
            " ",
            P.updated,
            size="1",
            color_scheme="gray",
        ),
        spacing="2",
        width="100%",
    )


def links() -> rx.Component:
    """Repository and demo links."""
    return rx.cond(
        (P.repository_url != "") | (P.demo_url != ""),
        rx.flex(
            rx.cond(
                P.repository_url != "",
                rx.link(rx.icon("git-branch", size=16), t("Repositório"), href=P.repository_url, is_external=True),
            ),
            rx.cond(
                P.demo_url != "",
                rx.link(rx.icon("external-link", size=16), t("Demonstração"), href=P.demo_url, is_external=True),
            ),
            gap="4",
            wrap="wrap",
        ),
    )


def overview() -> rx.Component:
    """Description and the experiment."""
    return rx.vstack(
        rx.card(rx.vstack(section(t("Descrição"), P.description), spacing="3", width="100%"), width="100%"),
        rx.card(
            rx.vstack(
                rx.heading(t("O experimento"), size="4"),
                section(t("Hipótese"), P.hypothesis),
                section(t("Critérios de sucesso"), P.success_criteria),
                section(t("Resultado"), P.result),
                section(t("Aprendizados"), P.learnings),
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
    on_load=[PocDetailState.load_poc, PocFilesState.load_files, PocHistoryState.load_history],
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
