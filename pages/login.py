"""/login: sign in with e-mail and password."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import auth_page, error_callout, form_field
from components.mfa import mfa_step_when_due, passkey_sign_in
from components.page import public_page
from poc_tracker.i18n import N_
from state.auth import SignInState
from state.mfa_sign_in import MfaStepState
from state.session import SessionState


def sso_entry() -> rx.Component:
    """The way to the organisation's identity provider (identifier first, on /sso)."""
    return rx.vstack(
        rx.hstack(
            rx.separator(size="4"),
            rx.text(t("ou"), size="1", color_scheme="gray"),
            rx.separator(size="4"),
            align="center",
            width="100%",
        ),
        rx.link(
            rx.button(rx.icon("building-2", size=16), t("Entrar com SSO"), variant="outline", size="3", width="100%"),
            href="/sso",
            width="100%",
            id="sso-entry",
        ),
        spacing="3",
        width="100%",
    )


@public_page("/login", N_("Entrar"), on_load=SessionState.redirect_if_signed_in)
def login_page() -> rx.Component:
    """The sign-in page."""
    return auth_page(
        t("Entrar"),
        t("Acesse as provas de conceito da sua equipe."),
        mfa_step_when_due(),
        rx.form(
            rx.vstack(
                form_field(
                    t("E-mail"),
                    "email",
                    type_="email",
                    placeholder="voce@empresa.com.br",
                    auto_complete="email",
                    required=True,
                ),
                form_field(t("Senha"), "password", type_="password", auto_complete="current-password", required=True),
                rx.link(t("Esqueci minha senha"), href="/forgot-password", size="2", id="forgot-password-link"),
                error_callout(SignInState.error),
                rx.button(
                    t("Entrar"),
                    type="submit",
                    size="3",
                    width="100%",
                    loading=SignInState.loading,
                    disabled=~rx.State.is_hydrated,  # unhydrated, the browser would send the form itself (by GET)
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=SignInState.sign_in,
            width="100%",
            hidden=MfaStepState.step != "",
        ),
        passkey_sign_in(),
        sso_entry(),
        rx.hstack(
            rx.text(t("Ainda não tem conta?"), size="2", color_scheme="gray"),
            rx.link(t("Crie sua organização"), href="/signup", size="2", weight="medium"),
            spacing="1",
            wrap="wrap",
        ),
    )
