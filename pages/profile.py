"""/profile: my name and language; the security page (password, e-mail, sessions, factors) is linked."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout, form_field
from components.page import signed_in_page
from poc_tracker.i18n import N_
from state.i18n import I18nState
from state.profile import ProfileState
from state.session import SessionState


def usage_card() -> rx.Component:
    """The plan and what the tenant uses of it (admins)."""
    u = ProfileState.usage
    return rx.cond(
        u.contains("plan"),
        rx.card(
            rx.vstack(
                rx.hstack(rx.heading(t("Uso do plano"), size="4"), rx.badge(u["plan"], variant="soft"), align="center"),
                rx.text(t("POCs"), ": ", u["pocs"], size="2"),
                rx.text(t("Armazenamento"), ": ", u["storage"], size="2"),
                rx.progress(value=u["percent"].to(int), width="100%"),
                rx.text(t("Tamanho máximo por arquivo"), ": ", u["file"], size="1", color_scheme="gray"),
                spacing="2",
                width="100%",
            ),
            width="100%",
            max_width="560px",
            id="usage-card",
        ),
    )


@signed_in_page("/profile", N_("Perfil"), on_load=ProfileState.load_usage)
def profile_page() -> tuple[rx.Component, ...]:
    """The profile page."""
    return (
        rx.heading(t("Perfil"), size="7"),
        rx.cond(
            ProfileState.usage.contains("plan"),
            rx.link(rx.button(rx.icon("users", size=16), t("Gerenciar equipe"), variant="soft"), href="/team"),
        ),
        rx.link(
            rx.button(rx.icon("shield-check", size=16), t("Segurança da conta"), variant="soft"),
            href="/perfil/seguranca",
            id="security-link",
        ),
        rx.link(
            rx.button(rx.icon("file-lock", size=16), t("Meus dados e privacidade"), variant="soft"),
            href="/perfil/privacidade",
            id="privacy-link",
        ),
        usage_card(),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.text(t("E-mail"), size="2", weight="medium"),
                    rx.text(SessionState.user_email, color_scheme="gray"),
                    form_field(t("Nome"), "name", default_value=SessionState.user_name, required=True),
                    rx.text(t("Idioma"), size="2", weight="medium"),
                    rx.select.root(
                        rx.select.trigger(),
                        rx.select.content(
                            rx.select.item("Português (BR)", value="pt_BR"), rx.select.item("English", value="en")
                        ),
                        name="locale",
                        default_value=I18nState.locale,
                    ),
                    error_callout(ProfileState.error),
                    rx.cond(
                        ProfileState.message != "",
                        rx.callout(ProfileState.message, icon="check", color_scheme="green", size="1"),
                    ),
                    rx.hstack(
                        rx.button(t("Salvar"), type="submit", size="3"),
                        rx.button(
                            t("Sair"),
                            variant="soft",
                            color_scheme="red",
                            size="3",
                            type="button",
                            on_click=SessionState.sign_out,
                        ),
                        spacing="3",
                    ),
                    spacing="3",
                    width="100%",
                    align="start",
                ),
                on_submit=ProfileState.save_profile,
                reset_on_submit=False,
            ),
            width="100%",
            max_width="560px",
        ),
    )
