"""/relatorios: usage and trends of the tenant (or of one's own activity), with exports as PDF, XLSX, JSON."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.job_progress import job_progress
from components.layout import error_callout
from components.page import signed_in_page
from components.poc import empty_state
from poc_tracker.i18n import N_
from state.reports import ALL, ReportsState

PRESETS = [
    ("this_month", N_("Este mês")),
    ("last_3_months", N_("Últimos 3 meses")),
    ("last_12_months", N_("Últimos 12 meses")),
    ("this_year", N_("Este ano")),
    ("custom", N_("Personalizado")),
]


def field(label: rx.Var, control: rx.Component) -> rx.Component:
    """A labelled control of the filter bar."""
    return rx.vstack(
        rx.text(label, size="1", weight="medium", color_scheme="gray"), control, spacing="1", min_width="0"
    )


def option_select(name: str, label: rx.Var, value: rx.Var, items: rx.Var, *, pairs: bool) -> rx.Component:
    """A select with "Todos" first; ``items`` are strings or (value, label) options."""
    item = (lambda o: rx.select.item(o.label, value=o.value)) if pairs else (lambda o: rx.select.item(o, value=o))
    return field(
        label,
        rx.select.root(
            rx.select.trigger(aria_label=label, width="100%"),
            rx.select.content(rx.select.item(t("Todos"), value=ALL), rx.foreach(items, item)),
            value=value,
            on_change=lambda v: ReportsState.set_filter(name, v),
        ),
    )


def filters_bar() -> rx.Component:
    """Period preset (with dates when custom) and the filters."""
    return rx.card(
        rx.grid(
            field(
                t("Período"),
                rx.select.root(
                    rx.select.trigger(aria_label=t("Período"), width="100%", id="report-preset"),
                    rx.select.content(*[rx.select.item(t(label), value=v) for v, label in PRESETS]),
                    value=ReportsState.preset,
                    on_change=ReportsState.set_preset,
                ),
            ),
            option_select("language", t("Linguagem"), ReportsState.language, ReportsState.languages, pairs=False),
            option_select("tag", t("Tag"), ReportsState.tag, ReportsState.tags, pairs=False),
            rx.cond(
                ReportsState.whole_tenant,
                option_select("author", t("Autor(a)"), ReportsState.author, ReportsState.authors, pairs=True),
            ),
            option_select("collection", t("Coleção"), ReportsState.collection, ReportsState.collections, pairs=True),
            columns=rx.breakpoints(initial="2", md="5"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            ReportsState.preset == "custom",
            rx.flex(
                field(
                    t("De"), rx.input(type="date", value=ReportsState.date_from, on_change=ReportsState.set_date_from)
                ),
                field(t("Até"), rx.input(type="date", value=ReportsState.date_to, on_change=ReportsState.set_date_to)),
                rx.button(t("Aplicar"), on_click=ReportsState.apply, align_self="end"),
                spacing="3",
                wrap="wrap",
                margin_top="12px",
            ),
        ),
        width="100%",
    )


def metric_card(m: rx.Var) -> rx.Component:
    """One number."""
    return rx.card(
        rx.vstack(
            rx.text(m.value, size="5", weight="bold"),
            rx.text(m.label, size="1", color_scheme="gray"),
            spacing="0",
        ),
        custom_attrs={"data-metric": m.key},
    )


def chart_card(c: rx.Var) -> rx.Component:
    """A server-drawn chart on a white panel (its colours are made for white)."""
    return rx.card(
        rx.vstack(
            rx.heading(c.title, size="3"),
            rx.cond(c.subtitle != "", rx.text(c.subtitle, size="1", color_scheme="gray")),
            rx.box(
                rx.image(src=c.src, alt=c.title, width="100%", height="auto"),
                background="white",
                border_radius="8px",
                padding="8px",
                width="100%",
                overflow_x="auto",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="report-chart",
        custom_attrs={"data-chart": c.key},
    )


def table_card(tv: rx.Var) -> rx.Component:
    """A table that scrolls sideways on a phone rather than squeezing its columns."""
    return rx.card(
        rx.vstack(
            rx.heading(tv.title, size="3"),
            rx.cond(
                tv.rows.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.foreach(
                                    tv.columns,
                                    lambda c, i: rx.table.column_header_cell(
                                        c, text_align=rx.cond(tv.numeric[i], "right", "left"), white_space="nowrap"
                                    ),
                                )
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                tv.rows,
                                lambda row: rx.table.row(
                                    rx.foreach(
                                        row,
                                        lambda cell, i: rx.table.cell(
                                            cell,
                                            text_align=rx.cond(tv.numeric[i], "right", "left"),
                                            white_space="nowrap",
                                        ),
                                    )
                                ),
                            )
                        ),
                        size="1",
                        width="max-content",  # the box around scrolls (it takes focus), not Radix's inner area
                        min_width="100%",
                    ),
                    width="100%",
                    overflow_x="auto",
                    tab_index=0,  # a keyboard can scroll it too
                    role="region",
                    aria_label=tv.title,
                ),
                rx.text(t("Sem linhas neste período."), size="2", color_scheme="gray"),
            ),
            rx.cond(
                tv.columns.length() > 3,
                rx.text(
                    rx.icon("move-horizontal", size=12),
                    " ",
                    t("Deslize a tabela para ver todas as colunas."),
                    size="1",
                    color_scheme="gray",
                    display=["block", "block", "none"],  # phones and small tablets only
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        custom_attrs={"data-table": tv.key},
    )


def pager() -> rx.Component:
    """Pages of the POC table."""
    return rx.hstack(
        rx.button(
            rx.icon("chevron-left", size=16),
            t("Anterior"),
            variant="soft",
            size="1",
            disabled=ReportsState.pocs_page <= 1,
            on_click=ReportsState.go_to_page(ReportsState.pocs_page - 1),
        ),
        rx.text(ReportsState.pocs_page, " / ", ReportsState.pocs_pages, size="2", id="pocs-page"),
        rx.button(
            t("Próxima"),
            rx.icon("chevron-right", size=16),
            variant="soft",
            size="1",
            disabled=ReportsState.pocs_page >= ReportsState.pocs_pages,
            on_click=ReportsState.go_to_page(ReportsState.pocs_page + 1),
        ),
        justify="center",
        align="center",
        width="100%",
    )


def exports() -> rx.Component:
    """Export buttons and my files being made, with live progress."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Exportar"), size="3"),
            rx.text(
                t("O arquivo traz o que está na tela: o mesmo período e os mesmos filtros."),
                size="1",
                color_scheme="gray",
            ),
            rx.flex(
                rx.button(rx.icon("file-text", size=16), "PDF", on_click=ReportsState.export("pdf"), id="export-pdf"),
                rx.button(
                    rx.icon("sheet", size=16), "Excel (XLSX)", on_click=ReportsState.export("xlsx"), id="export-xlsx"
                ),
                rx.button(
                    rx.icon("braces", size=16),
                    "JSON",
                    on_click=ReportsState.export("json"),
                    id="export-json",
                    variant="soft",
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.foreach(
                ReportsState.jobs,
                lambda job: job_progress(job, on_retry=ReportsState.retry_job, on_download=ReportsState.download_job),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="report-exports",
    )


def report_body() -> rx.Component:
    """Numbers, charts and tables of the chosen tab, or the empty state."""
    return rx.vstack(
        rx.cond(
            ReportsState.empty,
            empty_state(
                "calendar-x",
                t("Nada neste período"),
                t("Nenhuma atividade com estes filtros. Escolha outro período ou tire um filtro."),
            ),
        ),
        rx.grid(
            rx.foreach(ReportsState.metrics, metric_card),
            columns=rx.breakpoints(initial="2", md="4"),
            spacing="3",
            width="100%",
        ),
        rx.foreach(ReportsState.charts, chart_card),
        rx.foreach(ReportsState.tables, table_card),
        rx.cond(
            ReportsState.pocs.key != "",
            rx.vstack(table_card(ReportsState.pocs), pager(), spacing="2", width="100%"),
        ),
        spacing="4",
        width="100%",
    )


@signed_in_page("/relatorios", N_("Relatórios"), on_load=ReportsState.load_reports)
def reports_page() -> tuple[rx.Component, ...]:
    """Usage and trends, with exports."""
    return (
        rx.vstack(
            rx.heading(t("Relatórios"), size="7"),
            rx.cond(
                ReportsState.scope != "", rx.text(ReportsState.scope, size="2", color_scheme="gray", id="report-scope")
            ),
            spacing="1",
        ),
        rx.cond(
            ReportsState.allowed,
            rx.vstack(
                rx.segmented_control.root(  # a switch between two views (tabs would point at panels that are not there)
                    rx.segmented_control.item(t("Uso"), value="usage"),
                    rx.segmented_control.item(t("Tendências"), value="trends"),
                    value=ReportsState.tab,
                    on_change=ReportsState.set_tab,
                    id="report-view",
                ),
                filters_bar(),
                error_callout(ReportsState.error),
                exports(),
                rx.cond(
                    ReportsState.loaded, report_body(), rx.center(rx.spinner(size="3"), width="100%", padding="24px")
                ),
                spacing="4",
                width="100%",
            ),
            rx.callout(ReportsState.error, icon="lock", color_scheme="gray", width="100%", id="reports-forbidden"),
        ),
    )
