"""The live Dojo room's pieces: header, editor column with the host's tools, rotation, roster and chat.

The elements with ids are driven by /dojo.js (the shared editor, timer, roster, chat, notices).
"""

from __future__ import annotations

import reflex as rx

from components.dojo import format_name, language_name
from components.i18n import t
from components.layout import error_callout
from state.dojo import DojoRoomState

LIVE = DojoRoomState.status == "live"


def round_card() -> rx.Component:
    """The rotation timer and "Trocar a vez" (while the Dojo is live; /dojo.js shows the button to who may rotate)."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("timer", size=16),
                rx.text(t("Rodada"), weight="medium"),
                rx.spacer(),
                rx.text("--:--", id="dojo-timer", size="5", weight="bold", font_family="monospace"),
                align="center",
                width="100%",
            ),
            rx.callout(
                t("Tempo esgotado: hora de trocar!"),
                id="dojo-time-up",
                color_scheme="orange",
                size="1",
                style={"display": "none"},
            ),
            rx.button(
                rx.icon("refresh-cw", size=14),
                t("Trocar a vez"),
                id="dojo-rotate",
                size="2",
                width="100%",
                style={"display": "none"},
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def side_panel() -> rx.Component:
    """Rotation, roster, chat."""
    return rx.vstack(
        rx.cond(LIVE, round_card()),
        rx.card(
            rx.vstack(
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
                            id="dojo-chat-input",
                            placeholder=t("Mensagem (use @nome)"),
                            aria_label=t("Mensagem"),
                            width="100%",
                            max_length=2000,
                        ),
                        rx.button(rx.icon("send", size=14), type="submit", aria_label=t("Enviar")),
                        width="100%",
                    ),
                    id="dojo-chat-form",
                    style={"width": "100%"},
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        spacing="3",
        width=rx.breakpoints(initial="100%", md="340px"),
        flex_shrink="0",
    )


def ended_card() -> rx.Component:
    """What everyone sees once the host ends the Dojo."""
    return rx.callout(
        t("Este Dojo foi encerrado. O código ficou guardado e o replay está disponível."),
        icon="flag",
        color_scheme="gray",
        id="dojo-ended",
        width="100%",
    )


def host_tools() -> rx.Component:
    """End, save the code to the POC, leave; then the retrospective."""
    return rx.vstack(
        rx.flex(
            rx.cond(
                DojoRoomState.is_host & LIVE,
                rx.button(
                    rx.icon("square", size=14),
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
            rx.cond(LIVE, rx.button(t("Sair"), variant="ghost", on_click=DojoRoomState.leave_dojo)),
            rx.link(t("Ver replay"), href="/dojos/" + DojoRoomState.dojo_id + "/replay", size="2"),
            wrap="wrap",
            align="center",
            spacing="3",
        ),
        rx.cond(
            DojoRoomState.message != "",
            rx.callout(DojoRoomState.message, color_scheme="green", size="1", id="dojo-message", role="status"),
        ),
        error_callout(DojoRoomState.error),
        rx.cond(
            DojoRoomState.status == "ended",
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(t("Retrospectiva"), size="4"),
                        rx.el.label(t("O que foi bem?"), html_for="retro-went-well", style={"fontSize": "14px"}),
                        rx.text_area(
                            name="went_well", id="retro-went-well", default_value=DojoRoomState.went_well, width="100%"
                        ),
                        rx.el.label(
                            t("O que tentar da próxima vez?"), html_for="retro-try-next", style={"fontSize": "14px"}
                        ),
                        rx.text_area(
                            name="try_next", id="retro-try-next", default_value=DojoRoomState.try_next, width="100%"
                        ),
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


def hidden_trigger(element_id: str, handler: rx.EventHandler) -> rx.Component:
    """A hidden button /dojo.js clicks to ask the app for something (a fresh token, the Dojo as it is now)."""
    return rx.el.button(id=element_id, type="button", on_click=handler, hidden=True, aria_hidden="true", tab_index=-1)


def room_header() -> rx.Component:
    """Title, language, format, live or ended, the POC and the join code."""
    return rx.vstack(
        rx.flex(
            rx.heading(DojoRoomState.title, size="6", min_width="0", overflow_wrap="anywhere"),
            rx.badge(language_name(DojoRoomState.language), variant="soft"),
            rx.badge(format_name(DojoRoomState.format), variant="outline"),
            rx.cond(
                LIVE,
                rx.badge(t("ao vivo"), color_scheme="green", id="dojo-status", custom_attrs={"data-status": "live"}),
                rx.badge(t("encerrado"), color_scheme="gray", id="dojo-status", custom_attrs={"data-status": "ended"}),
            ),
            rx.badge("", id="dojo-connection", variant="soft"),
            spacing="2",
            width="100%",
            align="center",
            wrap="wrap",
        ),
        rx.flex(
            rx.cond(
                DojoRoomState.poc_id != "",
                rx.link(
                    rx.icon("flask-conical", size=14),
                    t("POC:"),
                    " ",
                    DojoRoomState.poc_name,
                    href="/pocs/" + DojoRoomState.poc_id,
                    size="2",
                    display="inline-flex",
                    align_items="center",
                    gap="4px",
                ),
            ),
            rx.cond(
                LIVE,
                rx.text(t("Código para entrar:"), " ", rx.code(DojoRoomState.join_code, id="dojo-code"), size="2"),
            ),
            spacing="4",
            wrap="wrap",
            align="center",
        ),
        spacing="2",
        width="100%",
    )


def editor_column() -> rx.Component:
    """Who may type, the notice everyone gets, the shared editor, screen share and the host's tools."""
    return rx.vstack(
        rx.flex(
            rx.badge("", id="dojo-can-edit", size="2"),
            rx.button(
                rx.icon("pencil", size=14),
                t("Abrir o editor para todos"),
                id="dojo-open-editor",
                size="1",
                variant="soft",
                style={"display": "none"},
            ),
            rx.text("", id="dojo-flash", size="2", color_scheme="orange"),
            rx.spacer(),
            rx.el.label(
                rx.el.input(type="checkbox", id="dojo-follow"),
                " ",
                t("Seguir o piloto"),
                style={"fontSize": "14px", "display": "inline-flex", "gap": "6px", "alignItems": "center"},
            ),
            width="100%",
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.el.div(
            id="dojo-notice",
            role="status",
            aria_live="polite",
            style={
                "display": "none",
                "width": "100%",
                "padding": "8px 12px",
                "borderRadius": "8px",
                "background": "var(--accent-3)",
                "color": "var(--accent-12)",
                "fontSize": "14px",
            },
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
                rx.icon("monitor-up", size=14), t("Compartilhar tela"), id="dojo-share", variant="soft", size="2"
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
        hidden_trigger("dojo-renew-token", DojoRoomState.renew_token),
        hidden_trigger("dojo-refresh", DojoRoomState.refresh_room),
        spacing="2",
        width="100%",
        min_width="0",
        flex="1",
    )
