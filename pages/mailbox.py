"""/dev/mailbox: the development mailbox (mail of data/mail/, only when no SMTP server is configured)."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import brand
from components.page import public_page
from poc_tracker.i18n import N_
from state.mailbox import MailboxState, MailRow


def mail_item(mail: MailRow) -> rx.Component:
    """One mail of the list; a click opens it."""
    return rx.box(
        rx.text(mail.subject, weight="medium", size="2", class_name="truncate"),
        rx.text(mail.recipient, " · ", mail.sent, size="1", color_scheme="gray", class_name="truncate"),
        on_click=MailboxState.open_mail(mail.id),
        cursor="pointer",
        padding="10px 12px",
        border_radius="8px",
        background=rx.cond(MailboxState.open_id == mail.id, "var(--indigo-a3)", "transparent"),
        width="100%",
        min_width="0",
        class_name="mailbox-item",
    )


def open_mail() -> rx.Component:
    """The open mail: its links first (what a tester follows), then its text."""
    return rx.cond(
        MailboxState.open_id != "",
        rx.vstack(
            rx.heading(MailboxState.open_subject, size="4"),
            rx.text(t("Para"), ": ", MailboxState.open_to, size="2", color_scheme="gray"),
            rx.foreach(
                MailboxState.open_links,
                lambda link: rx.link(link, href=link, size="2", class_name="mailbox-link", word_break="break-all"),
            ),
            rx.el.pre(
                MailboxState.open_text,
                white_space="pre-wrap",
                word_break="break-word",
                font_size="13px",
                padding="12px",
                border_radius="8px",
                background="var(--gray-a3)",
                width="100%",
            ),
            spacing="3",
            width="100%",
            min_width="0",
            id="mailbox-open",
        ),
        rx.text(t("Nenhum e-mail por enquanto."), color_scheme="gray"),
    )


@public_page("/dev/mailbox", N_("Caixa de correio"), on_load=MailboxState.load)
def mailbox_page() -> rx.Component:
    """Every mail the app wrote to data/mail/, newest first."""
    return rx.box(
        rx.vstack(
            rx.hstack(brand(), rx.badge(t("Desenvolvimento"), color_scheme="amber"), align="center", wrap="wrap"),
            rx.hstack(
                rx.heading(t("Caixa de correio"), size="6"),
                rx.spacer(),
                rx.button(rx.icon("refresh-cw", size=16), t("Atualizar"), variant="soft", on_click=MailboxState.load),
                align="center",
                width="100%",
            ),
            rx.cond(
                MailboxState.available,
                rx.vstack(
                    rx.text(
                        t("Nenhum servidor SMTP está configurado: os e-mails ficam aqui, em data/mail/."),
                        size="2",
                        color_scheme="gray",
                    ),
                    rx.flex(
                        rx.vstack(
                            rx.foreach(MailboxState.mails, mail_item),
                            spacing="1",
                            width=["100%", "100%", "320px"],
                            flex_shrink="0",
                        ),
                        rx.card(open_mail(), width="100%", min_width="0"),
                        direction=rx.breakpoints(initial="column", md="row"),
                        gap="16px",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.callout(
                    t("A caixa de correio de desenvolvimento só existe quando nenhum servidor SMTP está configurado."),
                    icon="info",
                ),
            ),
            spacing="4",
            width="100%",
            max_width="1100px",
            margin_x="auto",
            padding=["16px", "24px"],
            id="app-content",
        ),
        min_height="100vh",
    )
