"""Second-factor pieces: the sign-in's MFA step, a passkey sign-in button, recovery codes shown once."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout, form_field
from state.mfa_sign_in import MfaStepState


def code_field(label: rx.Var, name: str = "code") -> rx.Component:
    """Six digits from an authenticator app (phones offer the code from an SMS-like autofill)."""
    return form_field(
        label,
        name,
        auto_complete="one-time-code",
        input_mode="numeric",
        placeholder="123456",
        max_length=7,
        required=True,
        auto_focus=True,
    )


def qr_and_key(qr_svg: rx.Var, secret: rx.Var) -> rx.Component:
    """The QR code to scan, and the key to type when scanning is not possible."""
    return rx.vstack(
        rx.image(
            src=qr_svg,
            alt=t("QR code para o aplicativo autenticador"),
            width="184px",
            height="184px",
            border_radius="8px",
            id="totp-qr",
        ),
        rx.text(t("Não consegue ler o QR code? Digite esta chave no aplicativo:"), size="2", color_scheme="gray"),
        rx.code(secret, size="3", text_align="center", id="totp-secret"),
        spacing="2",
        align="center",
        width="100%",
    )


def recovery_codes_box(codes: rx.Var, text: rx.Var, on_download: rx.event.EventHandler) -> rx.Component:
    """Recovery codes, shown this once, with copy and download."""
    return rx.vstack(
        rx.callout(
            t("Guarde estes códigos em lugar seguro. Cada um vale uma vez, e eles não serão mostrados de novo."),
            icon="key-round",
            color_scheme="amber",
            size="1",
            width="100%",
        ),
        rx.grid(
            rx.foreach(codes, lambda c: rx.code(c, size="3", variant="ghost", class_name="recovery-code")),
            columns="2",
            spacing="2",
            width="100%",
            padding="12px",
            border="1px dashed var(--gray-a7)",
            border_radius="8px",
            id="recovery-codes",
        ),
        rx.hstack(
            rx.button(
                rx.icon("copy", size=16),
                t("Copiar"),
                variant="soft",
                type="button",
                on_click=[rx.set_clipboard(text), rx.toast.success(t("Códigos copiados."))],
            ),
            rx.button(rx.icon("download", size=16), t("Baixar"), variant="soft", type="button", on_click=on_download),
            spacing="2",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
    )


def passkey_sign_in() -> rx.Component:
    """Sign in with a passkey alone, no password (hidden while a second step is asked)."""
    return rx.cond(
        MfaStepState.step == "",
        rx.vstack(
            rx.hstack(
                rx.separator(size="4"),
                rx.text(t("ou"), size="1", color_scheme="gray"),
                rx.separator(size="4"),
                align="center",
                width="100%",
            ),
            error_callout(MfaStepState.error),
            rx.button(
                rx.icon("fingerprint", size=16),
                t("Entrar com chave de acesso"),
                variant="outline",
                size="3",
                width="100%",
                type="button",
                on_click=MfaStepState.passkey_sign_in,
                id="passkey-sign-in",
            ),
            spacing="3",
            width="100%",
        ),
    )


def _verify() -> rx.Component:
    s = MfaStepState
    return rx.form(
        rx.vstack(
            rx.cond(
                s.use_recovery,
                form_field(t("Código de recuperação"), "recovery_code", placeholder="abcde-fghjk", required=True),
                code_field(t("Código do aplicativo autenticador")),
            ),
            error_callout(s.error),
            rx.button(t("Verificar"), type="submit", size="3", width="100%", loading=s.loading),
            rx.cond(
                s.methods.contains("webauthn"),
                rx.button(
                    rx.icon("fingerprint", size=16),
                    t("Usar chave de acesso"),
                    variant="outline",
                    size="3",
                    width="100%",
                    type="button",
                    on_click=MfaStepState.use_passkey,
                    id="mfa-passkey",
                ),
            ),
            rx.link(
                rx.cond(s.use_recovery, t("Usar o código do aplicativo"), t("Usar um código de recuperação")),
                on_click=MfaStepState.toggle_recovery,
                size="2",
                href="#",
                id="mfa-toggle-recovery",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=MfaStepState.verify,
        reset_on_submit=True,
        width="100%",
    )


def _enroll() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.callout(
                t("Sua organização exige verificação em duas etapas. Configure um aplicativo autenticador."),
                icon="shield-check",
                size="1",
                width="100%",
            ),
            rx.text(t("1. Leia o QR code com o aplicativo autenticador."), size="2"),
            qr_and_key(MfaStepState.qr_svg, MfaStepState.secret),
            rx.text(t("2. Digite o código de 6 dígitos que o aplicativo mostra."), size="2"),
            code_field(t("Código do aplicativo autenticador")),
            error_callout(MfaStepState.error),
            rx.button(t("Ativar e entrar"), type="submit", size="3", width="100%", loading=MfaStepState.loading),
            spacing="3",
            width="100%",
        ),
        on_submit=MfaStepState.confirm_enrolment,
        reset_on_submit=True,
        width="100%",
    )


def _codes() -> rx.Component:
    return rx.vstack(
        recovery_codes_box(MfaStepState.codes, MfaStepState.codes_text, MfaStepState.download_codes),
        rx.button(t("Continuar"), size="3", width="100%", on_click=MfaStepState.finish, id="mfa-continue"),
        spacing="3",
        width="100%",
    )


def mfa_step_when_due() -> rx.Component:
    """The MFA step, once the password was right and a second step is due."""
    return rx.cond(MfaStepState.step != "", mfa_step())


def mfa_step() -> rx.Component:
    """What the sign-in page shows once the password was right and a second step is due."""
    return rx.vstack(
        rx.hstack(
            rx.icon("shield-check", size=20, color="var(--accent-9)"),
            rx.heading(
                rx.match(
                    MfaStepState.step,
                    ("enroll", t("Configure a verificação em duas etapas")),
                    ("codes", t("Seus códigos de recuperação")),
                    t("Verificação em duas etapas"),
                ),
                size="4",
            ),
            align="center",
            spacing="2",
        ),
        rx.match(MfaStepState.step, ("enroll", _enroll()), ("codes", _codes()), _verify()),
        rx.cond(
            MfaStepState.step != "codes",
            rx.link(t("Voltar"), on_click=MfaStepState.restart, size="2", href="#", color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
        id="mfa-step",
    )
