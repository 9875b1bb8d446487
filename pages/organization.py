"""/team/organization: the organisation's data (owners): deletion with a typed confirmation and a grace period."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from poc_tracker.i18n import N_
from state.organization import OrganizationState


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


@signed_in_page("/team/organization", N_("Organização"), on_load=OrganizationState.load_organization)
def organization_page() -> tuple[rx.Component, ...]:
    """The organisation's data: deletion."""
    return (
        rx.vstack(
            rx.heading(t("Organização"), size="7"),
            rx.text(OrganizationState.name, " · ", OrganizationState.subdomain, color_scheme="gray", size="2"),
            spacing="1",
        ),
        rx.cond(
            OrganizationState.allowed,
            deletion_card(),
            rx.cond(OrganizationState.loaded, error_callout(OrganizationState.error)),
        ),
    )
