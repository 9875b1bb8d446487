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

# Leaving the name suggests a subdomain made from it ("Café & Cia" gives "cafe-cia") as the field's placeholder; an
# empty field takes that suggestion on the server. The value is never rewritten under the user's typing.
SUGGEST_SUBDOMAIN = """(() => {
  const name = document.querySelector('input[name=name]'), sub = document.querySelector('input[name=subdomain]');
  if (!name || !sub) return;
  const slug = name.value.normalize('NFKD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  sub.placeholder = slug || sub.dataset.example || '';
})()"""


def example(value: str) -> rx.Var:
    """A placeholder that reads as an example, not as a value already typed ("ex.: Acme")."""
    return t("ex.:") + " " + value


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
                    t("Nome da organização"),
                    "name",
                    placeholder=example("Acme Tecnologia"),
                    error=errors["name"],
                    on_blur=rx.call_script(SUGGEST_SUBDOMAIN),
                ),
                form_field(
                    t("Subdomínio"),
                    "subdomain",
                    placeholder=example("acme"),
                    custom_attrs={"data-example": example("acme")},
                    error=errors["subdomain"],
                    hint=t(
                        "Identifica sua organização nos endereços e no login com SSO. Em branco, usamos o sugerido "
                        "a partir do nome (letras minúsculas, números e hífens)."
                    ),
                    auto_capitalize="none",
                    spell_check=False,
                ),
                form_field(
                    t("Seu nome"),
                    "owner_name",
                    placeholder=example("Ana Souza"),
                    auto_complete="name",
                    error=errors["owner_name"],
                ),
                form_field(
                    t("E-mail"),
                    "owner_email",
                    type_="email",
                    placeholder=example("ana@acme.com.br"),
                    auto_complete="email",
                    error=errors["owner_email"],
                ),
                form_field(
                    t("Senha (mínimo 8 caracteres)"),
                    "owner_password",
                    type_="password",
                    auto_complete="new-password",
                    error=errors["owner_password"],
                ),
                notice_checkbox(errors["accept_privacy_notice"]),
                rx.cond(errors.length() == 0, error_callout(SignUpState.error)),
                rx.button(
                    t("Criar organização"),
                    type="submit",
                    size="3",
                    width="100%",
                    loading=SignUpState.loading,
                    disabled=~rx.State.is_hydrated,  # unhydrated, the browser would send the form itself (by GET)
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=SignUpState.sign_up,
            width="100%",
            no_validate=True,  # every field's message at once, in the app's words, not the browser's first tooltip
        ),
        rx.hstack(
            rx.text(t("Já tem conta?"), size="2", color_scheme="gray"),
            rx.link(t("Entrar"), href="/login", size="2", weight="medium"),
            spacing="1",
        ),
    )
