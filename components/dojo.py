"""Dojo pieces of the list page: the new-Dojo form, joining by code, a Dojo's row, language and format names."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from poc_tracker.services.dojos.rules import DOJO_LANGUAGES
from state.dojo import NO_POC, DojoListState

# Languages by their proper names; "text" is the only one that reads differently per language.
LANGUAGE_NAMES = {
    "python": "Python",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "java": "Java",
    "go": "Go",
    "rust": "Rust",
    "cpp": "C++",
}
assert set(LANGUAGE_NAMES) | {"text"} == set(DOJO_LANGUAGES), "every Dojo language needs a name on screen"


def language_name(value: rx.Var) -> rx.Var:
    """A Dojo language as people write it ("Python", "C++", "Texto simples")."""
    return rx.match(value, *LANGUAGE_NAMES.items(), ("text", t("Texto simples")), value)


def format_name(value: rx.Var) -> rx.Var:
    """A Dojo format in the user's language."""
    return rx.match(value, ("kata", t("Kata preparado")), ("randori", t("Randori")), value)


def field(label: rx.Var, for_id: str, control: rx.Component, error: rx.Var | None = None) -> rx.Component:
    """A labelled control (the label names it for screen readers) with its error under it."""
    return rx.vstack(
        rx.el.label(label, html_for=for_id, style={"fontSize": "var(--font-size-2)", "fontWeight": "500"}),
        control,
        rx.cond(error, rx.text(error, color_scheme="red", size="1")) if error is not None else rx.fragment(),
        spacing="1",
        width="100%",
        min_width="0",
    )


def _select(name: str, default: str, *items: rx.Component) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id=f"dojo-{name}", width="100%"),
        rx.select.content(*items),
        name=name,
        default_value=default,
        size="3",
    )


def poc_select() -> rx.Component:
    """Where "Salvar código na POC" will save (optional; "Iniciar Dojo" on a POC page picks it)."""
    return rx.select.root(
        rx.select.trigger(id="dojo-poc", width="100%"),
        rx.select.content(
            rx.select.item(t("Nenhuma (só o Dojo)"), value=NO_POC),
            rx.foreach(DojoListState.pocs, lambda p: rx.select.item(p.name, value=p.id)),
        ),
        value=DojoListState.poc_choice,
        on_change=DojoListState.set_poc_choice,
        size="3",
    )


def new_dojo_form() -> rx.Component:
    """Title, kata, language, format, rotation length and the POC to save the code to."""
    errors = DojoListState.field_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("Novo Dojo"), size="4"),
                field(
                    t("Título"),
                    "dojo-title",
                    rx.input(name="title", id="dojo-title", max_length=100, required=True, width="100%", size="3"),
                    errors["title"],
                ),
                field(
                    t("Problema (kata) em Markdown"),
                    "dojo-kata",
                    rx.text_area(name="kata", id="dojo-kata", width="100%", rows="4", size="3"),
                    errors["kata"],
                ),
                rx.grid(
                    field(
                        t("Linguagem"),
                        "dojo-language",
                        _select(
                            "language",
                            "python",
                            *[rx.select.item(n, value=v) for v, n in LANGUAGE_NAMES.items()],
                            rx.select.item(t("Texto simples"), value="text"),
                        ),
                        errors["language"],
                    ),
                    field(
                        t("Formato"),
                        "dojo-format",
                        _select(
                            "format",
                            "randori",
                            rx.select.item(t("Randori"), value="randori"),
                            rx.select.item(t("Kata preparado"), value="kata"),
                        ),
                        errors["format"],
                    ),
                    field(
                        t("Minutos por rodada"),
                        "dojo-minutes",
                        rx.input(
                            name="rotation_minutes",
                            id="dojo-minutes",
                            type="number",
                            default_value="7",
                            min="1",
                            max="60",
                            width="100%",
                            size="3",
                        ),
                        errors["rotationMinutes"],
                    ),
                    field(t("POC (opcional)"), "dojo-poc", poc_select()),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.text(
                    t("Com uma POC escolhida, o código do Dojo pode ser salvo nela como nova versão."),
                    size="1",
                    color_scheme="gray",
                ),
                error_callout(DojoListState.error),
                rx.button(rx.icon("play", size=16), t("Começar Dojo"), type="submit", id="dojo-create", size="3"),
                spacing="3",
                width="100%",
            ),
            on_submit=DojoListState.create_dojo,
            reset_on_submit=False,
        ),
        width="100%",
    )


def join_code_card() -> rx.Component:
    """Join a live Dojo with the code someone shared."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("Entrar com código"), size="4"),
                rx.text(t("Quem abriu o Dojo vê o código no topo da sala."), size="2", color_scheme="gray"),
                field(
                    t("Código do Dojo"),
                    "dojo-join-code",
                    rx.input(
                        name="code",
                        id="dojo-join-code",
                        max_length=12,
                        placeholder="ABCD2345",
                        auto_complete="off",
                        text_transform="uppercase",
                        width="100%",
                        size="3",
                    ),
                ),
                error_callout(DojoListState.join_error),
                rx.button(rx.icon("log-in", size=16), t("Entrar no Dojo"), type="submit", id="dojo-join", size="3"),
                spacing="3",
                width="100%",
            ),
            on_submit=DojoListState.join_with_code,
            reset_on_submit=False,
        ),
        width="100%",
    )


def dojo_row(row: rx.Var) -> rx.Component:
    """A Dojo in the list."""
    return rx.card(
        rx.flex(
            rx.link(row.title, href="/dojos/" + row.id, weight="bold", min_width="0", overflow_wrap="anywhere"),
            rx.badge(language_name(row.language), variant="soft"),
            rx.badge(format_name(row.format), variant="outline"),
            rx.cond(
                row.status == "live",
                rx.badge(t("ao vivo"), color_scheme="green"),
                rx.link(t("Ver replay"), href="/dojos/" + row.id + "/replay", size="2"),
            ),
            rx.spacer(),
            rx.text(row.created, size="1", color_scheme="gray"),
            align="center",
            spacing="2",
            width="100%",
            wrap="wrap",
        ),
        width="100%",
    )
