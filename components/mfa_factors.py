"""The security page's factors section (authenticator app, recovery codes, passkeys) and the tenant's MFA policy."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout, form_field
from components.mfa import code_field, qr_and_key, recovery_codes_box
from state.mfa_factors import FactorsState, MfaPolicyState


def _status(on: rx.Var) -> rx.Component:
    return rx.cond(
        on, rx.badge(t("Ativo"), color_scheme="green"), rx.badge(t("Desativado"), color_scheme="gray", variant="soft")
    )


def _title(icon: str, title: rx.Var, badge: rx.Component | None = None) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=18), rx.heading(title, size="3"), badge or rx.fragment(), align="center", spacing="2"
    )


def _totp_enrol() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(t("Leia o QR code com o aplicativo autenticador e digite o código que ele mostra."), size="2"),
            qr_and_key(FactorsState.qr_svg, FactorsState.secret),
            code_field(t("Código de 6 dígitos")),
            rx.hstack(
                rx.button(t("Ativar"), type="submit"),
                rx.button(
                    t("Cancelar"), type="button", variant="soft", color_scheme="gray", on_click=FactorsState.cancel_totp
                ),
                spacing="2",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=FactorsState.confirm_totp,
        reset_on_submit=True,
        width="100%",
    )


def _totp_remove() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.box(
                form_field(
                    t("Código atual, para remover"),
                    "code",
                    input_mode="numeric",
                    max_length=7,
                    auto_complete="one-time-code",
                    required=True,
                ),
                flex="1 1 200px",
            ),
            rx.button(t("Remover"), type="submit", color_scheme="red", variant="soft", size="3"),
            spacing="2",
            align="end",
            wrap="wrap",
            width="100%",
        ),
        on_submit=FactorsState.remove_totp,
        reset_on_submit=True,
        width="100%",
        id="totp-remove",
    )


def totp_card() -> rx.Component:
    """The authenticator app: enrol with a QR code, or remove with a fresh code."""
    return rx.card(
        rx.vstack(
            _title("smartphone", t("Aplicativo autenticador"), _status(FactorsState.totp)),
            rx.text(
                t("Códigos de 6 dígitos de um aplicativo como Google Authenticator ou Microsoft Authenticator."),
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                FactorsState.totp,
                _totp_remove(),
                rx.cond(
                    FactorsState.qr_svg != "",
                    _totp_enrol(),
                    rx.button(
                        rx.icon("qr-code", size=16), t("Configurar"), on_click=FactorsState.start_totp, id="totp-start"
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def recovery_card() -> rx.Component:
    """How many recovery codes are left; new ones shown once."""
    return rx.card(
        rx.vstack(
            _title("key-round", t("Códigos de recuperação")),
            rx.cond(
                FactorsState.codes.length() > 0,
                rx.vstack(
                    recovery_codes_box(FactorsState.codes, FactorsState.codes_text, FactorsState.download_codes),
                    rx.button(t("Já guardei os códigos"), variant="soft", on_click=FactorsState.hide_codes),
                    spacing="3",
                    width="100%",
                ),
                rx.vstack(
                    rx.text(
                        t("Para entrar quando o autenticador e as chaves de acesso não estiverem à mão. Restantes:"),
                        " ",
                        rx.text.strong(FactorsState.recovery_left, id="recovery-left"),
                        size="2",
                        color_scheme="gray",
                    ),
                    rx.button(
                        rx.icon("refresh-cw", size=16),
                        t("Gerar novos códigos"),
                        variant="soft",
                        on_click=FactorsState.new_codes,
                        disabled=~(FactorsState.totp | (FactorsState.passkeys.length() > 0)),
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _passkey_row(k: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("fingerprint", size=18, flex_shrink="0"),
        rx.vstack(
            rx.text(k.name, weight="medium"),
            rx.text(
                t("Criada em"), " ", k.created, " · ", t("Último uso"), ": ", k.last_used, size="1", color_scheme="gray"
            ),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.icon_button(
            rx.icon("trash-2", size=16),
            variant="ghost",
            color_scheme="red",
            aria_label=t("Remover chave de acesso"),
            on_click=FactorsState.remove_passkey(k.id),
        ),
        spacing="3",
        align="center",
        width="100%",
        class_name="passkey-row",
    )


def passkeys_card() -> rx.Component:
    """Passkeys: list, add (the browser asks for a fingerprint, face or PIN), remove."""
    return rx.card(
        rx.vstack(
            _title("fingerprint", t("Chaves de acesso")),
            rx.text(
                t("Entre sem senha com a digital, o rosto ou o PIN do aparelho; também servem de segunda etapa."),
                size="2",
                color_scheme="gray",
            ),
            rx.vstack(rx.foreach(FactorsState.passkeys, _passkey_row), spacing="3", width="100%"),
            rx.form(
                rx.flex(
                    rx.input(
                        name="name",
                        placeholder=t("Nome, p. ex. Notebook do trabalho"),
                        max_length=100,
                        size="3",
                        flex="1 1 200px",
                        aria_label=t("Nome da chave de acesso"),
                    ),
                    rx.button(rx.icon("plus", size=16), t("Adicionar chave de acesso"), type="submit", size="3"),
                    spacing="2",
                    wrap="wrap",
                    width="100%",
                ),
                on_submit=FactorsState.add_passkey,
                reset_on_submit=True,
                width="100%",
                id="passkey-add",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def factors_section() -> rx.Component:
    """Verificação em duas etapas: the security page's section for second factors."""
    return rx.vstack(
        rx.heading(t("Verificação em duas etapas"), size="5"),
        rx.cond(
            FactorsState.required,
            rx.callout(
                t("Sua organização exige verificação em duas etapas."), icon="shield-check", size="1", width="100%"
            ),
        ),
        error_callout(FactorsState.error),
        rx.cond(FactorsState.codes.length() > 0, recovery_card()),  # new codes on top, where they are seen
        totp_card(),
        passkeys_card(),
        rx.cond(FactorsState.codes.length() == 0, recovery_card()),
        spacing="3",
        width="100%",
        max_width="640px",
        id="factors-section",
    )


def mfa_policy_card() -> rx.Component:
    """The tenant's MFA policy (admins), on the team page."""
    return rx.card(
        rx.vstack(
            _title("shield-check", t("Segurança da organização")),
            rx.hstack(
                rx.switch(checked=MfaPolicyState.required, on_change=MfaPolicyState.set_required, id="mfa-required"),
                rx.vstack(
                    rx.text(
                        t("MFA obrigatório"), weight="medium", as_="label", custom_attrs={"htmlFor": "mfa-required"}
                    ),
                    rx.text(
                        t("Quem ainda não tem segundo fator configura um ao entrar."), size="1", color_scheme="gray"
                    ),
                    spacing="0",
                ),
                spacing="3",
                align="center",
            ),
            rx.hstack(
                rx.switch(checked=MfaPolicyState.accept_idp, on_change=MfaPolicyState.set_accept_idp, id="mfa-idp"),
                rx.vstack(
                    rx.text(
                        t("Aceitar MFA do provedor de identidade"),
                        weight="medium",
                        as_="label",
                        custom_attrs={"htmlFor": "mfa-idp"},
                    ),
                    rx.text(
                        t("No login por SSO, a verificação feita no provedor vale como segunda etapa."),
                        size="1",
                        color_scheme="gray",
                    ),
                    spacing="0",
                ),
                spacing="3",
                align="center",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="mfa-policy",
    )
