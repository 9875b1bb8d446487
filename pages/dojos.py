"""/dojos, /dojos/[dojo_id] and /dojos/[dojo_id]/replay: live coding sessions of a team."""

from __future__ import annotations

import reflex as rx

from components.dojo import dojo_row, join_code_card, new_dojo_form
from components.dojo_room import editor_column, ended_card, room_header, side_panel
from components.i18n import t
from components.markdown import user_markdown
from components.page import signed_in_page
from components.poc import empty_state
from poc_tracker.i18n import N_
from state.dojo import DojoListState, DojoRoomState


@signed_in_page("/dojos", N_("Dojos"), on_load=DojoListState.load_dojos)
def dojos_page() -> tuple[rx.Component, ...]:
    """The tenant's Dojos, a form to start one and a box to join one by its code."""
    return (
        rx.vstack(
            rx.heading(t("Dojos"), size="7"),
            rx.text(
                t("Um Dojo é uma sessão de programação ao vivo: piloto, copiloto e plateia num só editor."),
                color_scheme="gray",
            ),
            spacing="1",
        ),
        rx.flex(
            rx.box(new_dojo_form(), flex="2", min_width="0", width="100%"),
            rx.box(join_code_card(), flex="1", min_width="0", width="100%"),
            spacing="4",
            width="100%",
            align="start",
            direction=rx.breakpoints(initial="column", md="row"),
        ),
        rx.heading(t("Dojos da equipe"), size="5"),
        rx.cond(
            DojoListState.rows.length() > 0,
            rx.vstack(rx.foreach(DojoListState.rows, dojo_row), spacing="2", width="100%"),
            empty_state(
                "users",
                t("Nenhum Dojo ainda"),
                t("Comece o primeiro acima, ou entre num Dojo com o código que alguém compartilhou."),
            ),
        ),
    )


def not_found() -> rx.Component:
    """What someone sees for a missing Dojo or another organisation's."""
    return rx.callout(
        t("Dojo não encontrado."), icon="search-x", color_scheme="gray", id="dojo-not-found", width="100%"
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
                room_header(),
                rx.cond(DojoRoomState.status == "ended", ended_card()),
                rx.cond(DojoRoomState.kata != "", rx.card(user_markdown(DojoRoomState.kata), width="100%")),
                rx.flex(
                    editor_column(),
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
                        type="range",
                        id="replay-slider",
                        min="0",
                        max="1",
                        step="100",
                        value=None,
                        aria_label=t("Momento do Dojo"),
                        style={"flex": "1", "minWidth": "0"},
                    ),
                    rx.text("00:00", id="replay-clock", font_family="monospace"),
                    rx.el.select(
                        rx.el.option("1×", value="1"),
                        rx.el.option("2×", value="2"),
                        rx.el.option("4×", value="4"),
                        rx.el.option("8×", value="8"),
                        id="replay-speed",
                        aria_label=t("Velocidade"),
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
