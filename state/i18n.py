"""The active language of the UI, kept in the browser (the pages carry their texts: components/i18n.py)."""

from __future__ import annotations

import reflex as rx

from poc_tracker.i18n import DEFAULT_LOCALE, SUPPORTED, gettext


class I18nState(rx.State):
    """Which locale the UI speaks; every ``t()`` text depends on ``locale``."""

    locale: str = rx.LocalStorage(DEFAULT_LOCALE, name="poc_tracker_locale", sync=True)

    @rx.var
    def html_lang(self) -> str:
        """The BCP 47 tag of the active locale."""
        return "en" if self.locale == "en" else "pt-BR"

    @rx.event
    def set_locale(self, locale: str) -> None:
        """Switch the UI language."""
        if locale in SUPPORTED:
            self.locale = locale

    def tr(self, message: str, **params: object) -> str:
        """Translate a server-side message into the active locale."""
        return gettext(message, self.locale, **params)
