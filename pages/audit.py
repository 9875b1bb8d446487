"""/team/audit: the organisation's audit log for admins and owners, filtered, paged, exported as CSV."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from components.page_stepper import page_stepper
from poc_tracker.i18n import N_
from state.audit_viewer import ALL, AuditRow, AuditViewerState


def choice_select(name: str, label: rx.Var, choices: rx.Var, value: rx.Var, everyone: rx.Var) -> rx.Component:
    """A labelled select of a filter, with "all" first."""
    return rx.vstack(
        rx.text(label, size="1", weight="medium", as_="label", html_for=f"audit-{name}"),
        rx.select.root(
            rx.select.trigger(id=f"audit-{name}", width="100%", aria_label=label),
            rx.select.content(
                rx.select.item(everyone, value=ALL),
                rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value)),
            ),
            value=value,
            on_change=lambda v: AuditViewerState.set_filter(name, v),
        ),
        spacing="1",
        flex="1 1 240px",
        min_width="0",
    )


def date_input(name: str, label: rx.Var, value: rx.Var) -> rx.Component:
    """A labelled day of the period (São Paulo time)."""
    return rx.vstack(
        rx.text(label, size="1", weight="medium", as_="label", html_for=f"audit-{name}"),
        rx.input(
            id=f"audit-{name}",
            type="date",
            aria_label=label,
            value=value,
            on_change=lambda v: AuditViewerState.set_filter(name, v),
            width="100%",
        ),
        spacing="1",
        flex="1 1 130px",
        min_width="0",
    )


def filters() -> rx.Component:
    """Person, kind and period, and the CSV export of what they match."""
    return rx.card(
        rx.flex(
            choice_select("person", t("Pessoa"), AuditViewerState.people, AuditViewerState.person, t("Todas")),
            choice_select("kind", t("Ação"), AuditViewerState.kinds, AuditViewerState.kind, t("Todas")),
            date_input("date_from", t("De"), AuditViewerState.date_from),
            date_input("date_to", t("Até"), AuditViewerState.date_to),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        rx.flex(
            rx.button(
                rx.icon("x", size=16), t("Limpar filtros"), variant="soft", on_click=AuditViewerState.clear_filters
            ),
            rx.button(
                rx.icon("download", size=16), t("Exportar CSV"), on_click=AuditViewerState.export_csv, id="audit-csv"
            ),
            spacing="2",
            justify="end",
            wrap="wrap",
            margin_top="12px",
        ),
        width="100%",
    )


def entry(row: AuditRow) -> rx.Component:
    """One entry: what happened, who did it, on what, when."""
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(row.action, weight="medium"),
                rx.text(row.person, " · ", row.target, size="2", color_scheme="gray"),
                rx.cond(row.summary != "", rx.text(row.summary, size="2", trim="both", class_name="audit-summary")),
                spacing="1",
                min_width="0",
                flex="1 1 220px",
            ),
            rx.text(row.when, size="1", color_scheme="gray", white_space="nowrap"),
            spacing="2",
            wrap="wrap",
            justify="between",
            width="100%",
        ),
        width="100%",
        class_name="audit-entry",
    )


def pager() -> rx.Component:
    """Previous / next and where we are."""
    s = AuditViewerState
    return page_stepper(s.page, s.pages, s.go_to_page, "audit", " · ", s.count_text)


@signed_in_page("/team/audit", N_("Auditoria"), on_load=AuditViewerState.load_audit)
def audit_page() -> tuple[rx.Component, ...]:
    """Who did what in the organisation, and when."""
    return (
        rx.vstack(
            rx.heading(t("Auditoria"), size="7"),
            rx.text(
                t("Quem fez o quê na organização. Endereços IP e e-mails não são guardados por inteiro."),
                color_scheme="gray",
                size="2",
            ),
            spacing="1",
        ),
        rx.cond(
            AuditViewerState.allowed,
            rx.vstack(
                filters(),
                error_callout(AuditViewerState.error),
                rx.cond(
                    AuditViewerState.total > 0,
                    rx.vstack(rx.foreach(AuditViewerState.rows, entry), spacing="2", width="100%", id="audit-list"),
                    rx.text(t("Nenhum registro para estes filtros."), color_scheme="gray"),
                ),
                pager(),
                spacing="4",
                width="100%",
            ),
            rx.cond(AuditViewerState.loaded, error_callout(AuditViewerState.error)),
        ),
    )
