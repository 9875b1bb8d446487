"""/pocs/new and /pocs/[poc_id]/edit: the POC form."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from pages.pocs import status_options
from poc_tracker.i18n import N_
from poc_tracker.services.languages import LANGUAGES
from state.poc_form import PocFormState

V, E = PocFormState.values, PocFormState.field_errors


def field(label: rx.Var, name: str, control: rx.Component, hint: rx.Var | None = None) -> rx.Component:
    """A labelled control with its hint and its inline error."""
    return rx.vstack(
        rx.text(label, as_="label", custom_attrs={"htmlFor": name}, size="2", weight="medium"),
        control,
        rx.cond(
            E[name],
            rx.text(E[name], color="red", size="1", role="alert"),
            rx.text(hint, size="1", color_scheme="gray") if hint is not None else rx.fragment(),
        ),
        spacing="1",
        width="100%",
        align="stretch",
    )


def text_input(name: str, **props: object) -> rx.Component:
    """A single-line input bound to the form's values."""
    return rx.input(id=name, name=name, default_value=V[name], size="3", width="100%", **props)


def url_input(name: str, **props: object) -> rx.Component:
    """A URL field checked by the app (its message sits under the field), not by the browser's tooltip."""
    return text_input(name, type="text", input_mode="url", auto_capitalize="none", spell_check=False, **props)


def text_area(name: str, rows: str = "3", **props: object) -> rx.Component:
    """A multi-line input bound to the form's values."""
    return rx.text_area(id=name, name=name, default_value=V[name], rows=rows, width="100%", **props)


def select(name: str, *items: rx.Component) -> rx.Component:
    """A select bound to the form's values."""
    return rx.select.root(
        rx.select.trigger(id=name, width="100%"), rx.select.content(*items), name=name, default_value=V[name], size="3"
    )


def decision_options() -> list[rx.Component]:
    """Decision choices."""
    return [
        rx.select.item(t("Pendente"), value="pending"),
        rx.select.item(t("Seguir"), value="go"),
        rx.select.item(t("Não seguir"), value="no_go"),
        rx.select.item(t("Pivotar"), value="pivot"),
    ]


def poc_form() -> rx.Component:
    """Every field of a POC, grouped: what it is, the experiment, links."""
    return rx.form(
        rx.vstack(
            rx.card(
                rx.vstack(
                    rx.heading(t("O que é"), size="4"),
                    field(
                        t("Nome"),
                        "name",
                        text_input("name", max_length=100, required=True, placeholder=t("Ex.: Fila com Redis Streams")),
                    ),
                    rx.grid(
                        field(
                            t("Linguagem"),
                            "language",
                            select("language", *[rx.select.item(n, value=n) for n in LANGUAGES]),
                        ),
                        field(t("Status"), "status", select("status", *status_options())),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    field(
                        t("Tags"),
                        "tags",
                        text_input("tags", placeholder="api, redis, autenticação"),
                        t("Separe por vírgulas; até 10."),
                    ),
                    field(
                        t("Descrição"),
                        "description",
                        text_area("description", rows="5", max_length=2000),
                        t("Markdown é aceito; até 2000 caracteres."),
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            rx.card(
                rx.vstack(
                    rx.heading(t("O experimento"), size="4"),
                    field(
                        t("Hipótese"),
                        "hypothesis",
                        text_area(
                            "hypothesis", max_length=2000, placeholder=t("O que você acredita que vai acontecer?")
                        ),
                    ),
                    field(
                        t("Critérios de sucesso"), "success_criteria", text_area("success_criteria", max_length=2000)
                    ),
                    field(t("Resultado"), "result", text_area("result", max_length=2000)),
                    field(t("Decisão"), "decision", select("decision", *decision_options())),
                    field(t("Aprendizados"), "learnings", text_area("learnings", max_length=2000)),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            rx.card(
                rx.vstack(
                    rx.heading(t("Links"), size="4"),
                    field(
                        t("Repositório"),
                        "repository_url",
                        url_input("repository_url", placeholder="https://github.com/..."),
                    ),
                    field(t("Demonstração"), "demo_url", url_input("demo_url", placeholder="https://...")),
                    rx.cond(
                        PocFormState.editing_id != "",
                        field(
                            t("Mensagem da versão"),
                            "message",
                            rx.input(
                                id="message",
                                name="message",
                                size="3",
                                width="100%",
                                placeholder=t("O que mudou? (opcional)"),
                            ),
                        ),
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            error_callout(PocFormState.error),
            rx.hstack(
                rx.button(rx.icon("save", size=16), t("Salvar"), type="submit", size="3", loading=PocFormState.saving),
                rx.link(
                    rx.button(t("Cancelar"), variant="soft", size="3", type="button"),
                    href=rx.cond(PocFormState.editing_id != "", "/pocs/" + PocFormState.editing_id, "/pocs"),
                ),
                spacing="3",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=PocFormState.save_poc,
        reset_on_submit=False,
        width="100%",
    )


def form_page(title: rx.Var) -> tuple[rx.Component, ...]:
    """The form once its values are loaded (inputs take their defaults at mount)."""
    return (
        rx.heading(title, size="7"),
        rx.cond(
            PocFormState.loaded,
            poc_form(),
            rx.cond(PocFormState.error != "", error_callout(PocFormState.error), rx.spinner(size="3")),
        ),
    )


@signed_in_page("/pocs/new", N_("Nova POC"), on_load=PocFormState.load_form)
def new_poc_page() -> tuple[rx.Component, ...]:
    """Register a POC."""
    return form_page(t("Nova POC"))


@signed_in_page("/pocs/[poc_id]/edit", N_("Editar POC"), on_load=PocFormState.load_form)
def edit_poc_page() -> tuple[rx.Component, ...]:
    """Edit a POC."""
    return form_page(t("Editar POC"))
