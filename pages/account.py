"""/forgot-password, /reset-password and /verify-email: the account pages a mailed link leads to."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import auth_page, error_callout, form_field
from components.page import public_page
from poc_tracker.i18n import N_
from state.account import ForgotPasswordState, ResetPasswordState, VerifyEmailState
from state.session import SessionState


def back_to_sign_in() -> rx.Component:
    """A link back to the sign-in page."""
    return rx.link(t("Voltar para o login"), href="/login", size="2", weight="medium", id="back-to-sign-in")


def success_callout(message: rx.Var) -> rx.Component:
    """A green box with the message."""
    return rx.callout(message, icon="check", color_scheme="green", size="1", width="100%", role="status")


@public_page("/forgot-password", N_("Esqueci minha senha"))
def forgot_password_page() -> rx.Component:
    """Ask for a reset link."""
    return auth_page(
        t("Esqueci minha senha"),
        t("Informe o e-mail da sua conta. Enviaremos um link para você escolher uma nova senha."),
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
                error_callout(ForgotPasswordState.error),
                rx.cond(ForgotPasswordState.sent != "", success_callout(ForgotPasswordState.sent)),
                rx.button(
                    t("Enviar link"),
                    type="submit",
                    size="3",
                    width="100%",
                    loading=ForgotPasswordState.loading,
                    disabled=~rx.State.is_hydrated,  # a click before the page's state is there would be lost
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=ForgotPasswordState.request_link,
            width="100%",
        ),
        back_to_sign_in(),
    )


@public_page("/reset-password", N_("Escolha uma nova senha"), on_load=ResetPasswordState.load)
def reset_password_page() -> rx.Component:
    """Choose a new password with the link's token."""
    return auth_page(
        t("Escolha uma nova senha"),
        t("Ao salvar, todas as sessões abertas da sua conta serão encerradas."),
        rx.cond(
            ResetPasswordState.done,
            rx.vstack(
                success_callout(t("Senha redefinida. Entre com a nova senha.")),
                rx.link(rx.button(t("Entrar"), size="3", width="100%"), href="/login", width="100%"),
                spacing="3",
                width="100%",
            ),
            rx.form(
                rx.vstack(
                    form_field(
                        t("Nova senha"), "password", type_="password", auto_complete="new-password", required=True
                    ),
                    form_field(
                        t("Repita a nova senha"),
                        "confirm",
                        type_="password",
                        auto_complete="new-password",
                        required=True,
                    ),
                    rx.text(t("Pelo menos 8 caracteres. Evite senhas comuns."), size="1", color_scheme="gray"),
                    error_callout(ResetPasswordState.error),
                    rx.button(
                        t("Salvar nova senha"),
                        type="submit",
                        size="3",
                        width="100%",
                        loading=ResetPasswordState.loading,
                        disabled=~rx.State.is_hydrated,  # typed before the link's state loads would be lost
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=ResetPasswordState.save_password,
                width="100%",
            ),
        ),
        rx.hstack(
            rx.link(t("Pedir outro link"), href="/forgot-password", size="2"),
            rx.spacer(),
            back_to_sign_in(),
            width="100%",
            wrap="wrap",
        ),
    )


def verify_result() -> rx.Component:
    """What the link did, or why it did nothing."""
    return rx.match(
        VerifyEmailState.status,
        ("verified", success_callout(t("E-mail confirmado. Obrigado!"))),
        ("changed", success_callout(t("Novo e-mail confirmado. Use-o para entrar a partir de agora."))),
        ("failed", error_callout(VerifyEmailState.error)),
        rx.center(rx.spinner(size="3"), width="100%", padding="16px"),
    )


@public_page("/verify-email", N_("Confirmação de e-mail"), on_load=VerifyEmailState.load)
def verify_email_page() -> rx.Component:
    """Spend a verification or e-mail change link."""
    return auth_page(
        t("Confirmação de e-mail"),
        VerifyEmailState.email,
        verify_result(),
        rx.cond(
            SessionState.signed_in,
            rx.link(rx.button(t("Ir para o início"), size="3", width="100%"), href="/", width="100%"),
            back_to_sign_in(),
        ),
    )
