"""/team (admins manage members, roles, invitations; everyone reads the directory) and /join (an invitation)."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import auth_page, error_callout, form_field
from components.mfa_factors import mfa_policy_card
from components.page import public_page, signed_in_page
from components.privacy import notice_checkbox
from poc_tracker.i18n import N_
from state.mfa_factors import MfaPolicyState
from state.team import JoinState, TeamState

ROLES = ("owner", "admin", "member", "viewer")


def role_items() -> list[rx.Component]:
    """The four roles, translated."""
    return [
        rx.select.item(t("Proprietário"), value="owner"),
        rx.select.item(t("Administrador"), value="admin"),
        rx.select.item(t("Membro"), value="member"),
        rx.select.item(t("Leitor"), value="viewer"),
    ]


def member_row(m: rx.Var) -> rx.Component:
    """A member with their role and status."""
    return rx.card(
        rx.flex(
            rx.avatar(fallback=m.name[:1], size="2", radius="full"),
            rx.vstack(
                rx.text(m.name, weight="medium"),
                rx.text(m.email, size="1", color_scheme="gray"),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            rx.text(t("Último acesso"), ": ", m.last_login, size="1", color_scheme="gray"),
            rx.select.root(
                rx.select.trigger(aria_label=t("Papel")),
                rx.select.content(*role_items()),
                value=m.role,
                on_change=lambda role: TeamState.set_role(m.id, role),
                disabled=m.is_me,
            ),
            rx.cond(
                m.is_me,
                rx.badge(t("você")),
                rx.cond(
                    m.active,
                    rx.button(
                        t("Desativar"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=TeamState.set_active(m.id, False),
                    ),
                    rx.button(t("Reativar"), size="1", variant="soft", on_click=TeamState.set_active(m.id, True)),
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
        opacity=rx.cond(m.active, "1", "0.6"),
    )


def role_label(role: rx.Var) -> rx.Component:
    """A role's name, translated."""
    return rx.match(
        role,
        ("owner", t("Proprietário")),
        ("admin", t("Administrador")),
        ("member", t("Membro")),
        ("viewer", t("Leitor")),
        t("Leitor"),
    )


def directory_row(m: rx.Var) -> rx.Component:
    """A member as everyone sees them: name, e-mail and role, nothing to change."""
    return rx.card(
        rx.flex(
            rx.avatar(fallback=m.name[:1], size="2", radius="full"),
            rx.vstack(
                rx.text(m.name, weight="medium"),
                rx.link(m.email, href="mailto:" + m.email, size="1", color_scheme="gray"),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            rx.badge(role_label(m.role), variant="soft"),
            rx.cond(m.is_me, rx.badge(t("você"), variant="outline")),
            spacing="3",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
    )


def directory() -> rx.Component:
    """The team, read only (members and viewers)."""
    return rx.vstack(
        rx.text(
            t("Quem faz parte da equipe. Para convidar pessoas ou mudar papéis, fale com um administrador."),
            size="2",
            color_scheme="gray",
        ),
        rx.vstack(rx.foreach(TeamState.members, directory_row), spacing="2", width="100%"),
        spacing="3",
        width="100%",
        id="team-directory",
    )


def invite_form() -> rx.Component:
    """Invite by e-mail with a role."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Convidar pessoa"), size="4"),
            rx.form(
                rx.flex(
                    rx.input(
                        name="email", type="email", placeholder="pessoa@empresa.com.br", required=True, flex="1 1 220px"
                    ),
                    rx.select.root(
                        rx.select.trigger(aria_label=t("Papel")),
                        rx.select.content(*role_items()),
                        name="role",
                        default_value="member",
                    ),
                    rx.button(rx.icon("send", size=16), t("Criar convite"), type="submit"),
                    spacing="2",
                    wrap="wrap",
                    width="100%",
                ),
                on_submit=TeamState.invite,
                width="100%",
            ),
            rx.cond(
                TeamState.invite_link != "",
                rx.vstack(
                    rx.text(t("Envie este link (vale por 7 dias, uma vez):"), size="2"),
                    rx.code(TeamState.invite_link, word_break="break-all", id="invite-link"),
                    spacing="1",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@signed_in_page("/team", N_("Equipe"), on_load=[TeamState.load_team, MfaPolicyState.load_policy])
def team_page() -> tuple[rx.Component, ...]:
    """The tenant's members (admins)."""
    return (
        rx.flex(
            rx.heading(t("Equipe"), size="7"),
            rx.spacer(),
            rx.cond(
                TeamState.allowed,
                rx.flex(
                    rx.link(
                        rx.button(rx.icon("scroll-text", size=16), t("Auditoria"), variant="soft"),
                        href="/team/audit",
                        id="team-audit-link",
                    ),
                    rx.link(
                        rx.button(rx.icon("building-2", size=16), t("Organização"), variant="soft"),
                        href="/team/organization",
                        id="team-organization-link",
                    ),
                    rx.link(
                        rx.button(rx.icon("key-round", size=16), t("Login único (SSO)"), variant="soft"),
                        href="/identity-providers",
                        id="team-sso-link",
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            align="center",
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            TeamState.allowed,
            rx.vstack(
                mfa_policy_card(),
                invite_form(),
                rx.vstack(rx.foreach(TeamState.members, member_row), spacing="2", width="100%"),
                spacing="4",
                width="100%",
            ),
            rx.cond(TeamState.error != "", error_callout(TeamState.error), directory()),
        ),
    )


@public_page("/join", N_("Entrar na equipe"), on_load=JoinState.load_invitation)
def join_page() -> rx.Component:
    """Accept an invitation: name and password."""
    return auth_page(
        t("Entrar na equipe"),
        t("Seu convite para o POC Tracker chegou. Crie sua senha para começar."),
        rx.cond(
            JoinState.ready,
            rx.form(
                rx.vstack(
                    form_field(t("E-mail"), "email", type_="email", default_value=JoinState.email, required=True),
                    form_field(t("Seu nome"), "name", auto_complete="name", required=True),
                    form_field(
                        t("Senha (mínimo 8 caracteres)"),
                        "password",
                        type_="password",
                        auto_complete="new-password",
                        required=True,
                    ),
                    notice_checkbox(JoinState.notice_error),
                    error_callout(JoinState.error),
                    rx.button(t("Entrar na equipe"), type="submit", size="3", width="100%"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=JoinState.join,
                width="100%",
            ),
        ),
    )
