"""/dojos, /dojos/[dojo_id] and /dojos/[dojo_id]/replay: live coding sessions of a team."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.markdown import user_markdown
from components.page import signed_in_page
from components.poc import empty_state
from poc_tracker.i18n import N_
from state.dojo import DojoListState, DojoRoomState

LANGUAGES = ["python", "javascript", "typescript", "java", "go", "rust", "cpp", "text"]


def _field(label: rx.Var, control: rx.Component, error: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        rx.cond(error, rx.text(error, color="red", size="1")),
        spacing="1",
        width="100%",
    )


def new_dojo_form() -> rx.Component:
    """Title, kata, language, format and rotation length."""
    errors = DojoListState.field_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("Novo Dojo"), size="4"),
                _field(
                    t("Título"),
                    rx.input(name="title", id="dojo-title", max_length=100, required=True, width="100%"),
                    errors["title"],
                ),
                _field(
                    t("Problema (kata) em Markdown"),
                    rx.text_area(name="kata", id="dojo-kata", width="100%", rows="4"),
                    errors["kata"],
                ),
                rx.flex(
                    _field(
                        t("Linguagem"),
                        rx.el.select(
                            *[rx.el.option(lang, value=lang) for lang in LANGUAGES], name="language", id="dojo-language"
                        ),
                        errors["language"],
                    ),
                    _field(
                        t("Formato"),
                        rx.el.select(
                            rx.el.option(t("Randori"), value="randori"),
                            rx.el.option(t("Kata preparado"), value="kata"),
                            name="format",
                            id="dojo-format",
                        ),
                        errors["format"],
                    ),
                    _field(
                        t("Minutos por rodada"),
                        rx.input(
                            name="rotation_minutes",
                            id="dojo-minutes",
                            type="number",
                            default_value="7",
                            min="1",
                            max="60",
                        ),
                        errors["rotationMinutes"],
                    ),
                    spacing="3",
                    width="100%",
                    wrap="wrap",
                ),
                error_callout(DojoListState.error),
                rx.button(rx.icon("play", size=16), t("Começar Dojo"), type="submit", id="dojo-create"),
                spacing="3",
                width="100%",
            ),
            on_submit=DojoListState.create_dojo,
            reset_on_submit=False,
        ),
        width="100%",
    )


def dojo_row(row: rx.Var) -> rx.Component:
    """A Dojo in the list."""
    return rx.card(
        rx.hstack(
            rx.link(row.title, href="/dojos/" + row.id, weight="bold"),
            rx.badge(row.language, variant="soft"),
            rx.badge(row.format, variant="outline"),
            rx.cond(
                row.status == "live",
                rx.badge(t("ao vivo"), color_scheme="green"),
                rx.link(t("Ver replay"), href="/dojos/" + row.id + "/replay", size="2"),
            ),
            rx.spacer(),
            rx.text(row.created, size="1", color_scheme="gray"),
            align="center",
            width="100%",
            wrap="wrap",
        ),
        width="100%",
    )


@signed_in_page("/dojos", N_("Dojos"), on_load=DojoListState.load_dojos)
def dojos_page() -> tuple[rx.Component, ...]:
    """The tenant's Dojos and a form to start one."""
    return (
        rx.heading(t("Dojos"), size="7"),
        new_dojo_form(),
        rx.cond(
            DojoListState.rows.length() > 0,
            rx.vstack(rx.foreach(DojoListState.rows, dojo_row), spacing="2", width="100%"),
            empty_state(
                "users",
                t("Nenhum Dojo ainda"),
                t("Um Dojo é uma sessão de programação ao vivo: piloto, copiloto e plateia num só editor."),
            ),
        ),
    )


def not_found() -> rx.Component:
    """What someone sees for a missing Dojo or another organisation's."""
    return rx.callout(
        t("Dojo não encontrado."), icon="search-x", color_scheme="gray", id="dojo-not-found", width="100%"
    )


def side_panel() -> rx.Component:
    """Roster, rotation timer and controls, chat."""
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("timer", size=16),
                    rx.text(t("Rodada"), weight="medium"),
                    rx.text("--:--", id="dojo-timer", size="5", weight="bold", font_family="monospace"),
                    align="center",
                ),
                rx.callout(
                    t("Tempo esgotado: hora de trocar!"),
                    id="dojo-time-up",
                    color_scheme="orange",
                    size="1",
                    style={"display": "none"},
                ),
                rx.hstack(
                    rx.button(rx.icon("refresh-cw", size=14), t("Trocar a vez"), id="dojo-rotate", size="2"),
                    rx.button(
                        t("Abrir o editor para todos"),
                        id="dojo-open-editor",
                        size="2",
                        variant="soft",
                        style={"display": "none"},
                    ),
                    wrap="wrap",
                ),
                rx.heading(t("Participantes"), size="3"),
                rx.box(id="dojo-roster", width="100%"),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading(t("Chat"), size="3"),
                rx.box(id="dojo-chat-log", width="100%", height="240px", overflow_y="auto", font_size="14px"),
                rx.el.form(
                    rx.hstack(
                        rx.input(
                            id="dojo-chat-input", placeholder=t("Mensagem (use @nome)"), width="100%", max_length=2000
                        ),
                        rx.button(rx.icon("send", size=14), type="submit", aria_label=t("Enviar")),
                    ),
                    id="dojo-chat-form",
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        spacing="3",
        width=["100%", "100%", "340px"],
        flex_shrink="0",
    )


def host_tools() -> rx.Component:
    """End, save the code to the POC, leave; then the retrospective."""
    return rx.vstack(
        rx.hstack(
            rx.cond(
                DojoRoomState.is_host & (DojoRoomState.status == "live"),
                rx.button(
                    t("Encerrar Dojo"),
                    color_scheme="red",
                    variant="soft",
                    id="dojo-end",
                    on_click=DojoRoomState.end_dojo,
                ),
            ),
            rx.cond(
                DojoRoomState.poc_id != "",
                rx.button(
                    rx.icon("save", size=14),
                    t("Salvar código na POC"),
                    variant="soft",
                    on_click=DojoRoomState.save_to_poc,
                    id="dojo-save",
                ),
            ),
            rx.button(t("Sair"), variant="ghost", on_click=DojoRoomState.leave_dojo),
            rx.link(t("Ver replay"), href="/dojos/" + DojoRoomState.dojo_id + "/replay", size="2"),
            wrap="wrap",
            align="center",
        ),
        rx.cond(DojoRoomState.message != "", rx.callout(DojoRoomState.message, color_scheme="green", size="1")),
        error_callout(DojoRoomState.error),
        rx.cond(
            DojoRoomState.status == "ended",
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(t("Retrospectiva"), size="4"),
                        rx.text(t("O que foi bem?"), size="2"),
                        rx.text_area(name="went_well", default_value=DojoRoomState.went_well, width="100%"),
                        rx.text(t("O que tentar da próxima vez?"), size="2"),
                        rx.text_area(name="try_next", default_value=DojoRoomState.try_next, width="100%"),
                        rx.button(t("Salvar retrospectiva"), type="submit"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=DojoRoomState.save_retro,
                    reset_on_submit=False,
                ),
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
    )


def renew_trigger() -> rx.Component:
    """A hidden button /dojo.js clicks when the socket's access token is about to expire: the app hands a fresh one."""
    return rx.el.button(
        id="dojo-renew-token",
        type="button",
        on_click=DojoRoomState.renew_token,
        hidden=True,
        aria_hidden="true",
        tab_index=-1,
    )


@signed_in_page(
    "/dojos/[dojo_id]",
    rx.cond(DojoRoomState.title != "", DojoRoomState.title, t("Dojos")),
    on_load=DojoRoomState.load_room,
)
def dojo_room_page() -> tuple[rx.Component, ...]:
    """The live Dojo: shared editor, roster, timer, chat, screen share."""
    return (
        rx.cond(
            DojoRoomState.not_found,
            not_found(),
            rx.vstack(
                rx.hstack(
                    rx.heading(DojoRoomState.title, size="6"),
                    rx.badge(DojoRoomState.language),
                    rx.badge(DojoRoomState.format, variant="outline"),
                    rx.cond(
                        DojoRoomState.status == "live",
                        rx.badge(t("ao vivo"), color_scheme="green"),
                        rx.badge(t("encerrado"), color_scheme="gray"),
                    ),
                    rx.spacer(),
                    rx.text(t("Código:"), " ", rx.code(DojoRoomState.join_code), size="2"),
                    rx.badge("", id="dojo-connection", variant="soft"),
                    width="100%",
                    align="center",
                    wrap="wrap",
                ),
                rx.cond(DojoRoomState.kata != "", rx.card(user_markdown(DojoRoomState.kata), width="100%")),
                rx.flex(
                    rx.vstack(
                        rx.hstack(
                            rx.badge("", id="dojo-can-edit"),
                            rx.text("", id="dojo-flash", size="2", color="orange"),
                            rx.spacer(),
                            rx.el.label(
                                rx.el.input(type="checkbox", id="dojo-follow"),
                                " ",
                                t("Seguir o piloto"),
                                style={"fontSize": "14px"},
                            ),
                            width="100%",
                            align="center",
                        ),
                        rx.box(
                            id="dojo-editor",
                            width="100%",
                            min_height="360px",
                            border="1px solid var(--gray-6)",
                            border_radius="8px",
                            overflow="hidden",
                        ),
                        rx.hstack(
                            rx.button(
                                rx.icon("monitor-up", size=14),
                                t("Compartilhar tela"),
                                id="dojo-share",
                                variant="soft",
                                size="2",
                            ),
                            rx.text("", id="dojo-share-note", size="2", color_scheme="gray"),
                            align="center",
                        ),
                        rx.el.video(
                            id="dojo-video",
                            auto_play=True,
                            plays_inline=True,
                            muted=True,
                            style={"display": "none", "width": "100%", "borderRadius": "8px"},
                        ),
                        host_tools(),
                        renew_trigger(),
                        spacing="2",
                        width="100%",
                        min_width="0",
                        flex="1",
                    ),
                    side_panel(),
                    spacing="4",
                    width="100%",
                    direction=rx.breakpoints(initial="column", md="row"),
                ),
                spacing="3",
                width="100%",
            ),
        ),
    )


@signed_in_page("/dojos/[dojo_id]/replay", t("Replay:") + " " + DojoRoomState.title, on_load=DojoRoomState.load_replay)
def dojo_replay_page() -> tuple[rx.Component, ...]:
    """The Dojo's code at any moment: play, pause, scrub, speed."""
    return (
        rx.cond(
            DojoRoomState.not_found,
            not_found(),
            rx.vstack(
                rx.hstack(
                    rx.link(rx.icon("arrow-left", size=16), href="/dojos/" + DojoRoomState.dojo_id),
                    rx.heading(t("Replay:"), " ", DojoRoomState.title, size="6"),
                    align="center",
                ),
                rx.hstack(
                    rx.button(t("Reproduzir"), id="replay-play", size="2"),
                    rx.el.input(
                        type="range", id="replay-slider", min="0", max="1", step="100", value=None, style={"flex": "1"}
                    ),
                    rx.text("00:00", id="replay-clock", font_family="monospace"),
                    rx.el.select(
                        rx.el.option("1×", value="1"),
                        rx.el.option("2×", value="2"),
                        rx.el.option("4×", value="4"),
                        rx.el.option("8×", value="8"),
                        id="replay-speed",
                    ),
                    width="100%",
                    align="center",
                ),
                rx.text(t("Carregando…"), id="replay-status", size="2", color_scheme="gray"),
                rx.box(
                    id="replay-editor",
                    width="100%",
                    min_height="360px",
                    border="1px solid var(--gray-6)",
                    border_radius="8px",
                    overflow="hidden",
                ),
                rx.cond(
                    DojoRoomState.retro_done,
                    rx.card(
                        rx.vstack(
                            rx.heading(t("Retrospectiva"), size="4"),
                            rx.text(t("O que foi bem?"), weight="medium", size="2"),
                            rx.text(DojoRoomState.went_well),
                            rx.text(t("O que tentar da próxima vez?"), weight="medium", size="2"),
                            rx.text(DojoRoomState.try_next),
                            spacing="1",
                        ),
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
        ),
    )
