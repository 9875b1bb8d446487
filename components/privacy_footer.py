"""The footer line of every page: the privacy notice one click away, signed in or not."""

from __future__ import annotations

import reflex as rx

from components.i18n import t

NOTICE_ROUTE = "/privacidade"


def privacy_footer() -> rx.Component:
    """A quiet link to the privacy notice."""
    return rx.center(
        rx.link(t("Privacidade e proteção de dados"), href=NOTICE_ROUTE, size="1", color_scheme="gray"),
        padding_y="16px",
        width="100%",
        class_name="privacy-footer",
    )
