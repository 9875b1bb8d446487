"""/perfil/seguranca: my password, e-mail, active sign-ins and second factors, one section each.

Each section is its own component; the page is their list, so a new one (second factors) is one line.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from components.i18n import t
from components.layout import error_callout, form_field
from components.mfa_factors import factors_section
from components.page import signed_in_page
from poc_tracker.i18n import N_
from state.mfa_factors import FactorsState
from state.security import DeviceRow, SecurityState
from state.session import SessionState

CARD = {"width": "100%", "max_width": "640px"}


def section(title: rx.Var, description: rx.Var, *children: rx.Component, id_: str) -> rx.Component:
    """A card with a heading, a line of explanation and its content."""
    return rx.card(
        rx.vstack(
            rx.heading(title, size="4"),
            rx.text(description, size="2", color_scheme="gray"),
            *children,
            spacing="3",
            width="100%",
            align="stretch",
        ),
        id=id_,
        **CARD,
    )


def ok_callout(message: rx.Var) -> rx.Component:
    """A green box with the message, when there is one."""
    return rx.cond(message != "", rx.callout(message, icon="check", color_scheme="green", size="1", role="status"))


def password_section() -> rx.Component:
    """Change my password; the other sign-ins end."""
    return section(
        t("Senha"),
        t("Ao trocar a senha, as outras sessões da sua conta são encerradas."),
        rx.form(
            rx.vstack(
                form_field(
                    t("Senha atual"),
                    "current_password",
                    type_="password",
                    auto_complete="current-password",
                    required=True,
                ),
                form_field(
                    t("Nova senha"), "new_password", type_="password", auto_complete="new-password", required=True
                ),
                error_callout(SecurityState.password_error),
                ok_callout(SecurityState.password_message),
                rx.button(t("Trocar senha"), type="submit", size="3"),
                spacing="3",
                width="100%",
                align="start",
            ),
            on_submit=SecurityState.change_password,
            reset_on_submit=True,
        ),
        id_="password-section",
    )


def email_section() -> rx.Component:
    """My address, whether it is confirmed, and a change confirmed on the new address."""
    return section(
        t("E-mail"),
        t("O novo e-mail só passa a valer depois que você abrir o link que enviaremos para ele."),
        rx.hstack(
            rx.text(SessionState.user_email, weight="medium", class_name="truncate"),
            rx.cond(
                SessionState.email_verified,
                rx.badge(t("Confirmado"), color_scheme="green"),
                rx.badge(t("Não confirmado"), color_scheme="amber"),
            ),
            align="center",
            wrap="wrap",
        ),
        rx.form(
            rx.vstack(
                form_field(t("Novo e-mail"), "new_email", type_="email", auto_complete="email", required=True),
                form_field(
                    t("Senha atual"), "password", type_="password", auto_complete="current-password", required=True
                ),
                error_callout(SecurityState.email_error),
                ok_callout(SecurityState.email_message),
                rx.button(t("Trocar e-mail"), type="submit", size="3"),
                spacing="3",
                width="100%",
                align="start",
            ),
            on_submit=SecurityState.change_email,
            reset_on_submit=True,
        ),
        id_="email-section",
    )


def device_row(device: DeviceRow) -> rx.Component:
    """One sign-in: what, since when, last used; end it unless it is this one."""
    return rx.hstack(
        rx.icon("monitor-smartphone", size=20, color="var(--gray-10)", flex_shrink="0"),
        rx.vstack(
            rx.hstack(
                rx.text(rx.cond(device.label != "", device.label, t("Dispositivo desconhecido")), weight="medium"),
                rx.cond(device.current, rx.badge(t("Este dispositivo"), color_scheme="indigo")),
                align="center",
                wrap="wrap",
            ),
            rx.text(t("Entrou em"), " ", device.started, size="1", color_scheme="gray"),
            rx.text(t("Último uso"), " ", device.last_used, size="1", color_scheme="gray"),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.cond(
            device.current,
            rx.fragment(),
            rx.button(
                t("Encerrar"),
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=SecurityState.end_device(device.session_id),
                class_name="needs-network",
            ),
        ),
        align="center",
        width="100%",
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
        class_name="device-row",
    )


def sessions_section() -> rx.Component:
    """My active sign-ins, and ending them."""
    return section(
        t("Sessões ativas"),
        t("Dispositivos em que sua conta está conectada. Encerre os que você não reconhece."),
        error_callout(SecurityState.devices_error),
        rx.vstack(rx.foreach(SecurityState.devices, device_row), spacing="0", width="100%"),
        rx.button(
            t("Encerrar todas as outras sessões"),
            variant="outline",
            color_scheme="red",
            on_click=SecurityState.end_others,
            class_name="needs-network",
            width="fit-content",
        ),
        id_="sessions-section",
    )


# The page is this list: a feature adds its section with one line.
SECTIONS: list[Callable[[], rx.Component]] = [password_section, email_section, sessions_section, factors_section]


@signed_in_page("/perfil/seguranca", N_("Segurança"), on_load=[SecurityState.load, FactorsState.load_factors])
def security_page() -> tuple[rx.Component, ...]:
    """The security page of the profile."""
    return (
        rx.hstack(
            rx.link(rx.icon("arrow-left", size=18), href="/profile", aria_label=t("Voltar ao perfil")),
            rx.heading(t("Segurança da conta"), size="7"),
            align="center",
            spacing="3",
        ),
        *[make() for make in SECTIONS],
    )
