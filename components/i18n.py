"""``t()``: every UI string goes through it, so the language can change without a rebuild."""

from __future__ import annotations

import reflex as rx

from state.i18n import I18nState


def t(message: str) -> rx.Var:
    """The message in the active language (a Portuguese message id)."""
    return I18nState.messages[message].to(str)
