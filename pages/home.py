"""/: the signed-in user's home dashboard."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.page import signed_in_page
from components.poc import empty_state, language_badge, status_badge
from components.when import when
from poc_tracker.i18n import N_
from state.home import HomeState
from state.session import SessionState


def stat(label: rx.Var, value: rx.Var, icon: str) -> rx.Component:
    """A number with its label."""
    return rx.card(
        rx.hstack(
            rx.center(
                rx.icon(icon, size=20),
                width="40px",
                height="40px",
                border_radius="12px",
                background="var(--accent-a3)",
                color="var(--accent-11)",
            ),
            rx.vstack(
                rx.text(value, size="6", weight="bold"), rx.text(label, size="1", color_scheme="gray"), spacing="0"
            ),
            align="center",
            spacing="3",
        ),
        width="100%",
    )


def quick_actions() -> rx.Component:
    """The three things people come here to do."""
    return rx.flex(
        rx.link(rx.button(rx.icon("plus", size=16), t("Nova POC"), size="3"), href="/pocs/new"),
        rx.link(rx.button(rx.icon("search", size=16), t("Buscar POCs"), size="3", variant="soft"), href="/search"),
        spacing="2",
        wrap="wrap",
    )


def usage_chart(title: rx.Var, rows: rx.Var) -> rx.Component:
    """Names and counts as horizontal bars drawn with CSS (a chart library cost the home page 90 kB of script)."""
    return rx.card(
        rx.vstack(
            rx.text(title, weight="bold", size="2"),
            rx.el.ul(
                rx.foreach(
                    rows,
                    lambda row: rx.el.li(
                        rx.hstack(
                            rx.text(row["name"], size="2", trim="both"),
                            rx.spacer(),
                            rx.text(row["count"], size="2", weight="medium", trim="both"),
                            width="100%",
                        ),
                        rx.box(
                            width=row["pct"].to(str) + "%",
                            height="8px",
                            border_radius="4px",
                            background="var(--accent-9)",
                            margin_top="6px",
                            aria_hidden="true",
                        ),
                        list_style="none",
                        width="100%",
                    ),
                ),
                style={"margin": "0", "padding": "0", "display": "flex", "flex-direction": "column", "gap": "12px"},
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="drawn-near-screen",
    )


def activity_label(action: rx.Var) -> rx.Component:
    """What an activity line says happened."""
    return rx.match(
        action,
        ("poc.created", t("registrou")),
        ("poc.updated", t("editou")),
        ("poc.files_changed", t("enviou arquivos para")),
        ("poc.deleted", t("excluiu")),
        ("poc.restored", t("restaurou")),
        ("user.registered", t("entrou na equipe")),
        ("user.provisioned", t("entrou na equipe")),
        ("collection.created", t("criou a coleção")),
        action,
    )


def activity_feed() -> rx.Component:
    """Recent activity in the tenant."""
    return rx.card(
        rx.vstack(
            rx.text(t("Atividade recente"), weight="bold", size="2"),
            rx.cond(
                HomeState.activity.length() > 0,
                rx.vstack(
                    rx.foreach(
                        HomeState.activity,
                        lambda a: rx.hstack(
                            rx.icon("dot", size=16),
                            rx.text(
                                rx.text.strong(rx.cond(a.actor_name != "", a.actor_name, t("Alguém"))),
                                " ",
                                activity_label(a.action),
                                rx.cond(
                                    a.target_name != "",
                                    rx.fragment(
                                        " ",
                                        rx.cond(
                                            a.linked,
                                            rx.link(a.target_name, href="/pocs/" + a.target_id),
                                            rx.text.em(a.target_name),
                                        ),
                                    ),
                                ),
                                size="2",
                            ),
                            rx.spacer(),
                            rx.text(when(a.at, a.at_full), size="1", color_scheme="gray"),
                            width="100%",
                            align="start",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
                rx.text(t("Nada por aqui ainda."), size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="activity-feed",
        class_name="drawn-near-screen",
    )


def recent_pocs(title: rx.Var | None = None, rows: rx.Var | None = None, card_id: str = "my-recent") -> rx.Component:
    """My most recently changed POCs (or, while I have none, the team's)."""
    return rx.card(
        rx.vstack(
            rx.text(title if title is not None else t("Minhas POCs recentes"), weight="bold", size="2"),
            rx.foreach(
                rows if rows is not None else HomeState.recent,
                lambda p: rx.hstack(
                    rx.link(p.name, href="/pocs/" + p.id, weight="medium"),
                    rx.spacer(),
                    language_badge(p.language),
                    status_badge(p.status),
                    width="100%",
                    align="center",
                    wrap="wrap",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id=card_id,
        class_name="drawn-near-screen",
    )


def first_poc_prompt() -> rx.Component:
    """No POC of mine: the team's recent ones when there are any, else the empty state."""
    return rx.cond(
        HomeState.team_recent.length() > 0,
        rx.grid(
            recent_pocs(t("Recentes da equipe"), HomeState.team_recent, "team-recent"),
            activity_feed(),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        rx.vstack(
            empty_state(
                "lightbulb",
                t("Nenhuma POC por aqui ainda"),
                t("Registre sua primeira prova de conceito: a hipótese, o código e o que você aprendeu."),
                rx.link(rx.button(rx.icon("plus", size=16), t("Registrar minha primeira POC")), href="/pocs/new"),
            ),
            activity_feed(),
            spacing="3",
            width="100%",
        ),
    )


@signed_in_page("/", N_("Início"), on_load=HomeState.load_dashboard)
def home_page() -> tuple[rx.Component, ...]:
    """The home page."""
    return (
        rx.flex(
            rx.vstack(
                rx.heading(t("Olá,"), " ", SessionState.user_name, size="7", id="home-greeting"),
                rx.text(
                    t("Boas-vindas ao POC Tracker de"),
                    " ",
                    rx.text.strong(SessionState.tenant_name),
                    ".",
                    color_scheme="gray",
                ),
                spacing="1",
            ),
            rx.spacer(),
            quick_actions(),
            spacing="3",
            wrap="wrap",
            width="100%",
            align="center",
        ),
        rx.grid(
            stat(t("Minhas POCs"), HomeState.my_pocs, "flask-conical"),
            stat(t("Neste mês"), HomeState.this_month, "calendar"),
            stat(t("Favoritas"), HomeState.favorites, "star"),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            HomeState.recent.length() > 0,
            rx.grid(
                recent_pocs(),
                activity_feed(),
                usage_chart(t("Linguagens que mais uso"), HomeState.languages),
                usage_chart(t("Tags que mais uso"), HomeState.tags),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            first_poc_prompt(),
        ),
    )
