"""One progress component for every kind of long work: status, live progress, the error, retry, download."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from components.i18n import t

STATUS_COLORS = {"queued": "gray", "running": "blue", "done": "green", "failed": "red"}


def job_status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    """The status, in words and colour."""
    return rx.badge(
        label,
        color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
        variant="soft",
        class_name="job-status",
        custom_attrs={"data-status": status},
    )


def job_progress(
    job: rx.Var, *, on_retry: Callable[[rx.Var], rx.EventSpec], on_download: Callable[[rx.Var], rx.EventSpec]
) -> rx.Component:
    """A job as a card: what it is, its status, a live bar while unfinished, why it failed, its file."""
    unfinished = (job.status == "queued") | (job.status == "running")
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(job.title, weight="medium", size="2", class_name="truncate", min_width="0", flex="1"),
                job_status_badge(job.status, job.status_label),
                width="100%",
                align="center",
                spacing="2",
            ),
            rx.cond(
                unfinished,
                rx.hstack(
                    rx.progress(value=job.progress, max=100, width="100%", aria_label=t("Progresso")),
                    rx.text(job.progress, "%", size="1", color_scheme="gray", min_width="3em", align="right"),
                    width="100%",
                    align="center",
                    role="progressbar",
                    aria_valuenow=job.progress,
                    aria_valuemin=0,
                    aria_valuemax=100,
                ),
            ),
            rx.cond(
                job.status == "failed",
                rx.callout(job.error, icon="triangle-alert", color_scheme="red", size="1", width="100%", role="alert"),
            ),
            rx.hstack(
                rx.text(job.created, size="1", color_scheme="gray"),
                rx.spacer(),
                rx.cond(
                    job.status == "failed",
                    rx.button(
                        rx.icon("rotate-ccw", size=14),
                        t("Tentar de novo"),
                        size="1",
                        variant="soft",
                        on_click=on_retry(job.id),
                    ),
                ),
                rx.cond(
                    job.has_file,
                    rx.button(
                        rx.icon("download", size=14),
                        t("Baixar"),
                        " (",
                        job.file_size,
                        ")",
                        size="1",
                        on_click=on_download(job.id),
                        class_name="job-download",
                    ),
                ),
                width="100%",
                align="center",
                wrap="wrap",
                spacing="2",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="job-card",
        custom_attrs={"data-job-id": job.id},
    )
