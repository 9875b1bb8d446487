"""/privacidade (the public notice), /perfil/privacidade (my data and rights) and /privacidade/exclusao (cancel)."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.job_progress import job_progress
from components.layout import auth_page, error_callout, form_field
from components.page import public_page, signed_in_page
from components.privacy import (
    MY_DATA_ROUTE,
    card,
    consent_switch,
    ledger_row,
    notice_frame,
    processors_list,
    purposes_list,
)
from components.privacy_footer import NOTICE_ROUTE
from poc_tracker.i18n import N_
from poc_tracker.services.privacy.consents import NOTICE_VERSION
from state.privacy import CANCEL_ROUTE, CancelDeletionState, MyDataState, PrivacyNoticeState

RIGHTS = (
    N_("Confirmar que tratamos seus dados e acessá-los"),
    N_("Corrigir dados incompletos, inexatos ou desatualizados"),
    N_("Receber seus dados em formato aberto (portabilidade)"),
    N_("Excluir sua conta e anonimizar seus dados"),
    N_("Saber com quem compartilhamos seus dados"),
    N_("Revogar consentimentos a qualquer momento"),
)


def contacts_card() -> rx.Component:
    """The controller and the DPO."""
    s = PrivacyNoticeState
    return card(
        t("Quem cuida dos seus dados"),
        rx.text(rx.text.strong(t("Controlador")), ": ", s.controller_name, " — ", s.controller_contact, size="2"),
        rx.text(
            rx.text.strong(t("Encarregado (DPO)")),
            ": ",
            s.dpo_name,
            " — ",
            rx.link(s.dpo_email, href="mailto:" + s.dpo_email),
            size="2",
        ),
        id_="privacy-contacts",
    )


@public_page(NOTICE_ROUTE, N_("Aviso de privacidade"), on_load=PrivacyNoticeState.load)
def notice_page() -> rx.Component:
    """The privacy notice: anyone can read it, signed in or not."""
    return notice_frame(
        rx.heading(t("Aviso de privacidade"), size="7", margin_top="8px"),
        rx.text(t("Versão"), " ", NOTICE_VERSION, size="1", color_scheme="gray"),
        rx.text(
            t(
                "Este aviso explica, em linguagem simples, quais dados pessoais o POC Tracker guarda, por que, "
                "por quanto tempo e como você exerce seus direitos previstos na LGPD (Lei 13.709/2018)."
            ),
            size="3",
        ),
        contacts_card(),
        card(t("O que guardamos e por quê"), purposes_list(), id_="privacy-purposes"),
        card(t("Com quem compartilhamos"), processors_list(), id_="privacy-processors"),
        card(
            t("Seus direitos"),
            rx.unordered_list(*[rx.list_item(t(r), size="2") for r in RIGHTS]),
            rx.text(
                t("Pedidos simples são atendidos na hora; os completos, em até 15 dias, sem custo."),
                size="2",
                color_scheme="gray",
            ),
            rx.link(
                rx.button(rx.icon("user-cog", size=16), t("Exercer meus direitos")), href=MY_DATA_ROUTE, id="my-rights"
            ),
            id_="privacy-rights",
        ),
    )


def notice_callout() -> rx.Component:
    """A changed notice asks again."""
    return rx.cond(
        MyDataState.needs_notice,
        rx.callout(
            rx.vstack(
                rx.text(t("O aviso de privacidade mudou. Leia a nova versão e confirme que a aceita.")),
                rx.hstack(
                    rx.link(t("Ler o aviso"), href=NOTICE_ROUTE, is_external=True),
                    rx.button(t("Aceitar"), size="1", on_click=MyDataState.accept_notice, id="accept-notice"),
                    align="center",
                    spacing="3",
                ),
                spacing="2",
            ),
            icon="info",
            color_scheme="amber",
            width="100%",
            max_width="720px",
        ),
    )


def access_card() -> rx.Component:
    """Confirmation and access, at once."""
    return card(
        t("Seus dados"),
        rx.text(t("Estes são os registros que guardamos sobre você."), size="2", color_scheme="gray"),
        rx.foreach(
            MyDataState.counts,
            lambda c: rx.hstack(rx.text(c.label, size="2", flex="1"), rx.badge(c.count, variant="soft"), width="100%"),
        ),
        rx.text(
            t("Para corrigir seu nome, idioma ou e-mail, use o"),
            " ",
            rx.link(t("perfil"), href="/profile"),
            ".",
            size="2",
        ),
        rx.button(
            t("Registrar pedido de acesso"), variant="soft", on_click=MyDataState.record_access, id="record-access"
        ),
        id_="privacy-summary",
    )


def consents_card() -> rx.Component:
    """Optional purposes, granted or revoked freely."""
    return card(
        t("Consentimentos"),
        rx.foreach(MyDataState.optional, lambda row: consent_switch(row, MyDataState.set_consent)),
        id_="privacy-consents",
    )


def password_form(on_submit, label: rx.Var, error: rx.Var, id_: str, **button: str) -> rx.Component:  # noqa: ANN001
    """The password again, then the action."""
    return rx.form(
        rx.vstack(
            form_field(t("Sua senha"), "password", type_="password", auto_complete="current-password"),
            error_callout(error),
            rx.button(label, type="submit", id=id_, **button),
            spacing="3",
            width="100%",
            align="start",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        width="100%",
    )


def export_card() -> rx.Component:
    """The export ZIP: asked with the password, followed live, downloaded by me alone."""
    return card(
        t("Exportar meus dados"),
        rx.text(
            t(
                "Um arquivo ZIP com tudo o que guardamos sobre você, em JSON e CSV, com os arquivos das suas POCs. "
                "O link fica disponível só para você por 7 dias."
            ),
            size="2",
            color_scheme="gray",
        ),
        password_form(MyDataState.request_export, t("Pedir exportação"), MyDataState.export_error, "request-export"),
        rx.foreach(
            MyDataState.jobs,
            lambda job: job_progress(job, on_retry=MyDataState.retry_job, on_download=MyDataState.download_job),
        ),
        id_="privacy-export",
    )


def ledger_card() -> rx.Component:
    """My requests with protocol, status and due date."""
    return card(
        t("Meus pedidos"),
        rx.cond(
            MyDataState.ledger.length() == 0,
            rx.text(t("Nenhum pedido ainda."), size="2", color_scheme="gray"),
            rx.vstack(rx.foreach(MyDataState.ledger, lambda r: ledger_row(r, MyDataState.revoke_export)), spacing="0"),
        ),
        id_="privacy-ledger",
    )


def deletion_card() -> rx.Component:
    """Delete my account, with what happens explained and a confirmation."""
    return card(
        t("Excluir minha conta"),
        rx.text(
            t(
                "Sua conta é bloqueada na hora e seus dados pessoais são apagados ou anonimizados após 30 dias; "
                "até lá, você pode cancelar. As POCs da equipe continuam, creditadas a “Pessoa removida”."
            ),
            size="2",
            color_scheme="gray",
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(
                rx.button(t("Excluir minha conta"), color_scheme="red", variant="soft", id="delete-account")
            ),
            rx.alert_dialog.content(
                rx.alert_dialog.title(t("Excluir sua conta?")),
                rx.alert_dialog.description(t("Confirme com sua senha. Você sai da conta em seguida."), size="2"),
                password_form(
                    MyDataState.request_deletion,
                    t("Confirmar exclusão"),
                    MyDataState.delete_error,
                    "confirm-delete",
                    color_scheme="red",
                ),
                rx.alert_dialog.cancel(rx.button(t("Voltar"), variant="soft", color_scheme="gray", margin_top="8px")),
                max_width="420px",
            ),
            open=MyDataState.confirm_open,
            on_open_change=MyDataState.set_confirm_open,
        ),
        id_="privacy-deletion",
    )


@signed_in_page(MY_DATA_ROUTE, N_("Meus dados e privacidade"), on_load=MyDataState.load)
def my_data_page() -> tuple[rx.Component, ...]:
    """What is kept about me and my rights, self-service."""
    return (
        rx.heading(t("Meus dados e privacidade"), size="7"),
        rx.link(t("Ler o aviso de privacidade"), href=NOTICE_ROUTE, size="2"),
        error_callout(MyDataState.error),
        notice_callout(),
        access_card(),
        consents_card(),
        export_card(),
        ledger_card(),
        deletion_card(),
    )


@public_page(CANCEL_ROUTE, N_("Exclusão da conta"), on_load=CancelDeletionState.reset_form)
def cancel_deletion_page() -> rx.Component:
    """Signed out by the deletion: the account can still be given back within the grace."""
    return auth_page(
        t("Exclusão da conta agendada"),
        t("Sua conta está bloqueada e será excluída em 30 dias. Mudou de ideia? Cancele com seu e-mail e senha."),
        rx.cond(
            CancelDeletionState.done,
            rx.vstack(
                rx.callout(
                    t("Exclusão cancelada. Sua conta está de volta, como estava."),
                    icon="check",
                    color_scheme="green",
                    role="status",
                ),
                rx.link(rx.button(t("Entrar"), width="100%"), href="/login", width="100%"),
                width="100%",
            ),
            rx.form(
                rx.vstack(
                    form_field(t("E-mail"), "email", type_="email", auto_complete="email", required=True),
                    form_field(
                        t("Senha"), "password", type_="password", auto_complete="current-password", required=True
                    ),
                    error_callout(CancelDeletionState.error),
                    rx.button(t("Cancelar a exclusão"), type="submit", size="3", width="100%", id="cancel-deletion"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=CancelDeletionState.cancel,
                width="100%",
            ),
        ),
    )
