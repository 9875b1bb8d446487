"""Small pieces that show a POC: badges, tags, a card for phones and a table for desktops."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.when import when

STATUS_COLORS = {"idea": "gray", "in_progress": "blue", "done": "green", "archived": "brown"}
DECISION_COLORS = {"go": "green", "no_go": "red", "pivot": "amber", "pending": "gray"}


def status_label(status: rx.Var) -> rx.Component:
    """The translated name of a status."""
    return rx.match(
        status,
        ("idea", t("Ideia")),
        ("in_progress", t("Em andamento")),
        ("done", t("Concluída")),
        ("archived", t("Arquivada")),
        status,
    )


def decision_label(decision: rx.Var) -> rx.Component:
    """The translated name of a decision."""
    return rx.match(
        decision,
        ("go", t("Seguir")),
        ("no_go", t("Não seguir")),
        ("pivot", t("Pivotar")),
        ("pending", t("Pendente")),
        decision,
    )


def status_badge(status: rx.Var) -> rx.Component:
    """A coloured badge with the status."""
    color = rx.match(status, *STATUS_COLORS.items(), "gray")
    return rx.badge(status_label(status), color_scheme=color, variant="soft")


def decision_badge(decision: rx.Var) -> rx.Component:
    """A coloured badge with the decision."""
    color = rx.match(decision, *DECISION_COLORS.items(), "gray")
    return rx.badge(rx.icon("scale", size=12), decision_label(decision), color_scheme=color, variant="outline")


def tag_list(tags: rx.Var) -> rx.Component:
    """The tags as small chips."""
    return rx.flex(
        rx.foreach(tags, lambda tag: rx.badge("#", tag, variant="surface", color_scheme="gray")),
        spacing="1",
        wrap="wrap",
    )


def language_badge(language: rx.Var) -> rx.Component:
    """The language with a code icon."""
    return rx.badge(rx.icon("code", size=12), language, color_scheme="indigo", variant="soft")


def poc_card(row: rx.Var) -> rx.Component:
    """A POC as a card (phones)."""
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(row.name, weight="bold", size="3"),
                    rx.spacer(),
                    status_badge(row.status),
                    width="100%",
                    align="center",
                ),
                rx.cond(
                    row.description != "",
                    rx.text(row.description, size="2", color_scheme="gray", trim="both", class_name="line-clamp-2"),
                ),
                rx.hstack(language_badge(row.language), decision_badge(row.decision), spacing="2", wrap="wrap"),
                tag_list(row.tags),
                rx.text(row.owner_name, " · ", when(row.updated, row.updated_full), size="1", color_scheme="gray"),
                spacing="2",
                width="100%",
                align="start",
            ),
            width="100%",
            class_name="drawn-near-screen",
        ),
        href="/pocs/" + row.id,
        underline="none",
        color="inherit",
        width="100%",
    )


def poc_table(rows: rx.Var) -> rx.Component:
    """POCs as a table (desktops)."""
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell(t("Nome")),
                rx.table.column_header_cell(t("Linguagem")),
                rx.table.column_header_cell(t("Tags")),
                rx.table.column_header_cell(t("Status")),
                rx.table.column_header_cell(t("Decisão")),
                rx.table.column_header_cell(t("Responsável")),
                rx.table.column_header_cell(t("Atualizada em")),
            )
        ),
        rx.table.body(
            rx.foreach(
                rows,
                lambda row: rx.table.row(
                    rx.table.row_header_cell(
                        rx.link(row.name, href="/pocs/" + row.id, weight="medium"), min_width="220px", max_width="360px"
                    ),
                    rx.table.cell(language_badge(row.language)),
                    rx.table.cell(tag_list(row.tags), max_width="240px"),
                    rx.table.cell(status_badge(row.status), white_space="nowrap"),
                    rx.table.cell(decision_badge(row.decision), white_space="nowrap"),
                    rx.table.cell(row.owner_name, white_space="nowrap"),
                    rx.table.cell(
                        rx.text(when(row.updated, row.updated_full), size="1", color_scheme="gray"),
                        white_space="nowrap",
                    ),
                    align="center",
                ),
            )
        ),
        variant="surface",
        width="100%",
    )


def poc_list_view(rows: rx.Var) -> rx.Component:
    """Cards on a phone, a table on a desktop."""
    return rx.box(
        rx.box(
            rx.vstack(rx.foreach(rows, poc_card), spacing="3", width="100%", class_name="poc-cards"),
            display=["block", "block", "none"],
        ),
        rx.box(poc_table(rows), display=["none", "none", "block"]),
        width="100%",
    )


def empty_state(icon: str, title: rx.Var, text: rx.Var, *actions: rx.Component) -> rx.Component:
    """What a list shows when it has nothing: what this is and what to do."""
    return rx.card(
        rx.vstack(
            rx.icon(icon, size=36, color="var(--amber-9)"),
            rx.heading(title, size="4", align="center"),
            rx.text(text, color_scheme="gray", align="center", max_width="440px"),
            *actions,
            align="center",
            spacing="3",
            padding_y="24px",
        ),
        width="100%",
    )
