"""``t()`` compiles both languages into the page: no catalog travels in the state."""

from __future__ import annotations

from components.i18n import t
from poc_tracker.i18n import catalog
from state.i18n import I18nState


def test_a_translated_message_carries_both_languages_and_follows_the_locale() -> None:
    js = str(t("Entrar"))
    assert '"Entrar"' in js and f'"{catalog("en")["Entrar"]}"' in js
    assert "locale_rx_state_" in js


def test_a_message_written_the_same_in_both_languages_is_a_plain_string() -> None:
    assert str(t("POCs")) == '"POCs"'


def test_the_state_holds_the_locale_not_a_catalog() -> None:
    assert set(I18nState.base_vars) == {"locale"}
    assert "messages" not in I18nState.computed_vars
