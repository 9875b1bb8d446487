"""``t()``: every UI string goes through it, so the language can change without a rebuild.

The English text is compiled into the page beside the Portuguese one (the message id): switching the language
re-renders from one small state variable, and no catalog travels over the websocket (it used to: 47 kB on every
page opened, re-rendering every translated string).
"""

from __future__ import annotations

from functools import cache

import reflex as rx

from poc_tracker.i18n import DEFAULT_LOCALE, SUPPORTED, catalog
from state.i18n import I18nState


@cache
def _catalogs() -> dict[str, dict[str, str]]:
    """Every locale other than the default: message id → text."""
    return {locale: catalog(locale) for locale in SUPPORTED if locale != DEFAULT_LOCALE}


def t(message: str) -> rx.Var:
    """The message in the active language (a Portuguese message id)."""
    shown: rx.Var = rx.Var.create(catalog(DEFAULT_LOCALE).get(message, message))
    for locale, texts in _catalogs().items():
        if texts.get(message, message) != message:
            shown = rx.cond(I18nState.locale == locale, texts[message], shown)
    return shown.to(str)
