"""/signup: a new organisation and its owner."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import auth_page, error_callout, form_field
from components.page import public_page
from components.privacy import notice_checkbox
from poc_tracker.i18n import N_
from state.auth import SignUpState
from state.session import SessionState


@public_page("/signup", N_("Crie sua organização"), on_load=SessionState.redirect_if_signed_in)
def signup_page() -> rx.Component:
    """The sign-up page."""
    errors = SignUpState.field_errors
    return auth_page(
        t("Crie sua organização"),
        t("Em um minuto sua equipe começa a registrar POCs."),
        rx.form(
            rx.vstack(
                form_field(
                    t("Nome da organização"), "name", placeholder="Acme Tecnologia", error=errors["name"], required=True
                ),
                form_field(t("Subdomínio"), "subdomain", placeholder="acme", error=errors["subdomain"], required=True),
                form_field(
                    t("Seu nome"),
                    "owner_name",
                    placeholder="Ana Souza",
                    auto_complete="name",
                    error=errors["owner_name"],
                    required=True,
                ),
                form_field(
                    t("E-mail"),
                    "owner_email",
                    type_="email",
                    placeholder="ana@acme.com.br",
                    auto_complete="email",
                    error=errors["owner_email"],
                    required=True,
                ),
                form_field(
                    t("Senha (mínimo 8 caracteres)"),
                    "owner_password",
                    type_="password",
                    auto_complete="new-password",
                    error=errors["owner_password"],
                    required=True,
                ),
                notice_checkbox(errors["accept_privacy_notice"]),
                rx.cond(errors.length() == 0, error_callout(SignUpState.error)),
                rx.button(t("Criar organização"), type="submit", size="3", width="100%", loading=SignUpState.loading),
                spacing="3",
                width="100%",
            ),
            on_submit=SignUpState.sign_up,
            width="100%",
        ),
        rx.hstack(
            rx.text(t("Já tem conta?"), size="2", color_scheme="gray"),
            rx.link(t("Entrar"), href="/login", size="2", weight="medium"),
            spacing="1",
        ),
    )
