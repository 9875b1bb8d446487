"""/lixeira: the deleted POCs that can still come back, with restore and "apagar de vez"."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from components.page_stepper import page_stepper
from components.poc import empty_state, language_badge
from poc_tracker.i18n import N_
from state.trash import TrashState


def trash_row(row: rx.Var) -> rx.Component:
    """A deleted POC with its two actions."""
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(row.name, weight="bold", size="3", word_break="break-word"),
                rx.flex(
                    language_badge(row.language),
                    rx.text(row.owner_name, " · ", t("excluída em"), " ", row.deleted, size="1", color_scheme="gray"),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
                rx.text(row.left, size="1", color="var(--red-11)"),
                spacing="1",
                min_width="0",
                flex="1 1 240px",
            ),
            rx.flex(
                rx.button(
                    rx.icon("rotate-ccw", size=16), t("Restaurar"), variant="soft", on_click=TrashState.restore(row.id)
                ),
                rx.button(
                    rx.icon("trash-2", size=16),
                    t("Apagar de vez"),
                    variant="soft",
                    color_scheme="red",
                    on_click=TrashState.ask_purge(row.id, row.name),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="3",
            wrap="wrap",
            align="center",
            width="100%",
        ),
        width="100%",
        class_name="trash-row",
    )


def purge_dialog() -> rx.Component:
    """Confirm deleting for good: there is no way back."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Apagar de vez?")),
            rx.alert_dialog.description(
                rx.text.strong(TrashState.purging_name),
                " ",
                t("e todos os seus arquivos e versões serão apagados agora. Isso não pode ser desfeito."),
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(t("Cancelar"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        t("Apagar de vez"),
                        color_scheme="red",
                        on_click=TrashState.purge_now(TrashState.purging),
                        id="confirm-purge",
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
        ),
        open=TrashState.purging != "",
        on_open_change=TrashState.close_purge,
    )


def pager() -> rx.Component:
    """Previous / next and where we are (50 POCs a page)."""
    return page_stepper(TrashState.page, TrashState.pages, TrashState.go_to_page, "trash")


@signed_in_page("/lixeira", N_("Lixeira"), on_load=TrashState.load_trash)
def trash_page() -> tuple[rx.Component, ...]:
    """The bin."""
    return (
        rx.vstack(
            rx.heading(t("Lixeira"), size="7"),
            rx.text(
                t("POCs excluídas ficam aqui por 30 dias e podem ser restauradas; depois são apagadas de vez."),
                color_scheme="gray",
                size="2",
            ),
            spacing="1",
            width="100%",
        ),
        error_callout(TrashState.error),
        rx.cond(
            TrashState.rows.length() > 0,
            rx.vstack(
                rx.vstack(rx.foreach(TrashState.rows, trash_row), spacing="2", width="100%", id="trash-list"),
                rx.cond(TrashState.pages > 1, pager()),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                TrashState.loaded & (TrashState.error == ""),
                empty_state(
                    "trash-2",
                    t("A lixeira está vazia"),
                    t("Quando você excluir uma POC, ela fica aqui por 30 dias antes de ser apagada de vez."),
                ),
            ),
        ),
        purge_dialog(),
    )
