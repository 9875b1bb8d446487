"""Account pieces shown on signed-in pages: the "confirm your e-mail" banner."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.account import VerifyBannerState
from state.session import SessionState


def verify_email_banner() -> rx.Component:
    """Asks to confirm the e-mail until it is; the account works meanwhile."""
    return rx.cond(
        SessionState.signed_in & ~SessionState.email_verified,
        rx.callout.root(
            rx.callout.icon(rx.icon("mail-warning", size=16)),
            rx.flex(
                rx.callout.text(
                    t("Confirme seu e-mail: enviamos um link para"), " ", rx.text.strong(SessionState.user_email), "."
                ),
                rx.button(
                    t("Reenviar link"),
                    size="1",
                    variant="soft",
                    on_click=VerifyBannerState.resend,
                    class_name="needs-network",
                ),
                gap="8px",
                align="center",
                wrap="wrap",
            ),
            color_scheme="amber",
            size="1",
            width="100%",
            id="verify-email-banner",
        ),
    )
