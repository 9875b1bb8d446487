"""/team/organization: the organisation's data (owners): its export, and its deletion with a grace period."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.job_progress import job_progress
from components.layout import error_callout
from components.page import signed_in_page
from poc_tracker.i18n import N_
from state.organization import OrganizationState
from state.tenant_export import TenantExportState


def scheduled() -> rx.Component:
    """The deletion is scheduled: when, by whom, and the way back."""
    s = OrganizationState
    return rx.vstack(
        rx.callout.root(
            rx.callout.icon(rx.icon("clock", size=16)),
            rx.callout.text(
                t("Exclusão agendada para"),
                " ",
                rx.text.strong(s.due, id="deletion-due"),
                rx.cond(s.requested_by != "", rx.fragment(" · ", t("solicitada por"), " ", s.requested_by)),
                ". ",
                t("Até lá, a organização fica somente para leitura e só quem é proprietário pode entrar."),
            ),
            color_scheme="red",
            width="100%",
        ),
        rx.cond(
            s.can_delete,
            rx.button(
                rx.icon("undo-2", size=16),
                t("Cancelar exclusão"),
                on_click=s.cancel_deletion,
                id="cancel-deletion",
                size="3",
            ),
        ),
        spacing="3",
        width="100%",
    )


def request_form() -> rx.Component:
    """The typed confirmation and the button."""
    s = OrganizationState
    return rx.vstack(
        rx.text(
            t("Para confirmar, digite o subdomínio da organização:"),
            " ",
            rx.code(s.subdomain, id="deletion-subdomain"),
            size="2",
            as_="label",
            html_for="deletion-confirmation",
        ),
        rx.input(
            id="deletion-confirmation",
            value=s.confirmation,
            on_change=s.set_confirmation,
            auto_complete="off",
            spell_check=False,
            width="100%",
            max_width="360px",
        ),
        error_callout(s.error),
        rx.button(
            rx.icon("trash-2", size=16),
            t("Excluir organização"),
            color_scheme="red",
            on_click=s.request_deletion,
            disabled=s.confirmation == "",
            id="request-deletion",
        ),
        spacing="2",
        width="100%",
    )


def deletion_card() -> rx.Component:
    """What deleting means, then the form or the scheduled deletion."""
    s = OrganizationState
    return rx.card(
        rx.vstack(
            rx.heading(t("Excluir organização"), size="4"),
            rx.text(
                t(
                    "Tudo o que é da organização será apagado em definitivo: POCs, arquivos, versões, relatórios,"
                    " vídeos, coleções, Dojos, contas das pessoas e registros de auditoria."
                ),
                size="2",
            ),
            rx.text(
                t(
                    "A exclusão acontece 30 dias depois do pedido. Nesse prazo a organização fica somente para"
                    " leitura e o pedido pode ser cancelado sem perda de nada."
                ),
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                s.pending,
                scheduled(),
                rx.cond(
                    s.can_delete,
                    request_form(),
                    rx.text(t("Só quem é proprietário pode excluir a organização."), size="2", weight="medium"),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="deletion-card",
    )


def export_card() -> rx.Component:
    """The whole organisation's data as a ZIP: the password again, then the job's progress and file."""
    s = TenantExportState
    return rx.card(
        rx.vstack(
            rx.heading(t("Exportar dados da organização"), size="4"),
            rx.text(
                t(
                    "Um arquivo ZIP com todas as pessoas, POCs, arquivos, versões, coleções, Dojos e a auditoria,"
                    " em JSON (com JSON Schema) e CSV. O link vale por 7 dias e só você pode baixar."
                ),
                size="2",
            ),
            rx.form(
                rx.flex(
                    rx.input(
                        name="password",
                        type="password",
                        placeholder=t("Sua senha"),
                        aria_label=t("Sua senha"),
                        auto_complete="current-password",
                        required=True,
                        flex="1 1 200px",
                        id="export-password",
                    ),
                    rx.button(rx.icon("download", size=16), t("Exportar dados"), type="submit", id="request-export"),
                    spacing="2",
                    wrap="wrap",
                    width="100%",
                ),
                on_submit=s.request_export,
                reset_on_submit=True,
                width="100%",
            ),
            error_callout(s.password_error),
            rx.foreach(s.jobs, lambda job: job_progress(job, on_retry=s.retry_job, on_download=s.download_job)),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="export-card",
    )


@signed_in_page(
    "/team/organization", N_("Organização"), on_load=[OrganizationState.load_organization, TenantExportState.load_jobs]
)
def organization_page() -> tuple[rx.Component, ...]:
    """The organisation's data: export and deletion."""
    return (
        rx.vstack(
            rx.heading(t("Organização"), size="7"),
            rx.text(OrganizationState.name, " · ", OrganizationState.subdomain, color_scheme="gray", size="2"),
            spacing="1",
        ),
        rx.cond(
            OrganizationState.allowed,
            rx.vstack(rx.cond(OrganizationState.can_export, export_card()), deletion_card(), spacing="4", width="100%"),
            rx.cond(OrganizationState.loaded, error_callout(OrganizationState.error)),
        ),
    )
