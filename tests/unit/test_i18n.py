"""Every message has a translation in every locale; pt-BR formats dates, numbers and R$."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from poc_tracker.i18n import SUPPORTED, catalog, format_brl, format_dt, format_number, gettext, negotiate
from poc_tracker.i18n_extract import extract_messages


@pytest.mark.parametrize("locale", SUPPORTED)
def test_every_message_is_translated(locale):
    ids = (m if isinstance(m, str) else m[0] for m in extract_messages())  # a plural message by its singular
    missing = sorted(m for m in ids if not catalog(locale).get(m))
    assert not missing, f"{locale} lacks: {missing} (run `make i18n` and translate)"


def test_placeholders_survive_translation():
    for msgid, text in catalog("en").items():
        assert sorted(re.findall(r"{\w+}", msgid)) == sorted(re.findall(r"{\w+}", text)), msgid


def test_gettext_fills_placeholders_in_the_locale():
    assert (
        gettext("Muitas requisições. Tente novamente em {seconds} s.", "en", seconds=3)
        == "Too many requests. Try again in 3 s."
    )
    assert (
        gettext("Muitas requisições. Tente novamente em {seconds} s.", "pt_BR", seconds=3)
        == "Muitas requisições. Tente novamente em 3 s."
    )


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "pt_BR"),
        ("", "pt_BR"),
        ("en-US,en;q=0.9", "en"),
        ("pt-BR,pt;q=0.9,en;q=0.8", "pt_BR"),
        ("fr-FR,en;q=0.5", "en"),
        ("de-DE", "pt_BR"),
        ("en;q=0.2,pt;q=0.9", "pt_BR"),
        ("garbage;q=x", "pt_BR"),
    ],
)
def test_accept_language_negotiation(header, locale):
    assert negotiate(header) == locale


def test_brazilian_formats():
    assert format_brl(1234.5) == "R$\xa01.234,50"
    assert format_number(1234567.891) == "1.234.567,891"
    moment = datetime(2026, 1, 15, 13, 30, tzinfo=UTC)
    assert format_dt(moment).startswith("15 de jan. de 2026")
    assert "10:30" in format_dt(moment)  # São Paulo is UTC-3
    assert format_brl(1234.5, "en") == "R$1,234.50"


def test_sizes_in_the_locale():
    from poc_tracker.i18n import format_size

    assert format_size(0) == "0 B"
    assert format_size(1536) == "1,5 KB"
    assert format_size(1234567, "en") == "1.2 MB"
    assert format_size(1 << 50) == "1.024 TB"
