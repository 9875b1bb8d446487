"""Translations (babel catalogs in ``locales/``) and pt-BR-first formatting of dates and numbers."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import lru_cache
from gettext import GNUTranslations
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SUPPORTED = ("pt_BR", "en")
DEFAULT_LOCALE = "pt_BR"


@lru_cache
def catalog(locale: str) -> dict[str, str]:
    """The messages of one locale: Portuguese message id → text in that locale."""
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        cat = read_po(fh, locale=locale)
    out: dict[str, str] = {}
    for m in cat:
        if isinstance(m.id, tuple):  # a plural message: known by its singular, translated when every form is
            if all(m.string):
                out[str(m.id[0])] = str(m.string[0])  # the singular id reads as the singular form
        elif m.id and m.string:
            out[str(m.id)] = str(m.string)
    return out


@lru_cache
def _plurals(locale: str) -> GNUTranslations:
    """The catalog compiled in memory, for the plural rules of the locale (pt_BR has three forms)."""
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        cat = read_po(fh, locale=locale)
    buf = io.BytesIO()
    write_mo(buf, cat)
    buf.seek(0)
    return GNUTranslations(buf)


def normalize_locale(value: str | None) -> str:
    """Map "pt-BR", "pt", "en-US", … onto a supported locale; pt_BR otherwise."""
    if not value:
        return DEFAULT_LOCALE
    try:
        parsed = Locale.parse(value.replace("-", "_").strip())
    except (ValueError, UnknownLocaleError):
        return DEFAULT_LOCALE
    return "en" if parsed.language == "en" else DEFAULT_LOCALE


def negotiate(accept_language: str | None) -> str:
    """Pick the locale from an Accept-Language header, by quality."""
    if not accept_language:
        return DEFAULT_LOCALE
    ranked: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            ranked.append((float(q) if q else 1.0, tag.strip()))
        except ValueError:
            continue
    for _, tag in sorted(ranked, key=lambda item: -item[0]):
        lang = tag.split("-")[0].lower()
        if lang in ("pt", "en"):
            return normalize_locale(tag)
    return DEFAULT_LOCALE


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def gettext(message: str, locale: str = DEFAULT_LOCALE, **params: object) -> str:
    """Translate a Portuguese message id into ``locale`` and fill its placeholders."""
    text = catalog(normalize_locale(locale)).get(message, message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, locale: str = DEFAULT_LOCALE, **params: object) -> str:
    """The form of a Portuguese message that suits ``n`` in ``locale`` ("1 POC", "2 POCs"); ``{n}`` is filled."""
    text = _plurals(normalize_locale(locale)).ngettext(singular, plural, n)
    return text.format(n=format_number(n, locale), **params)


def format_dt(value: datetime, locale: str = DEFAULT_LOCALE, tz: str = "America/Sao_Paulo") -> str:
    """A date and time in the user's locale and time zone, to the minute (seconds are noise on screen)."""
    local, loc = _aware(value).astimezone(ZoneInfo(tz)), normalize_locale(locale)
    return f"{format_date(local, 'medium', locale=loc)} {format_time(local, 'short', locale=loc)}"


def format_ago(value: datetime, locale: str = DEFAULT_LOCALE, now: datetime | None = None) -> str:
    """How long ago, in the user's words ("há 5 min", "há 3 dias"); under a minute, "agora"."""
    delta = _aware(value) - (now or datetime.now(UTC))
    if abs(delta.total_seconds()) < 60:
        return gettext(N_("agora"), locale)
    return format_timedelta(
        delta, granularity="minute", add_direction=True, format="short", locale=normalize_locale(locale)
    )


def _aware(value: datetime) -> datetime:
    """Naive datetimes from SQLite are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def format_number(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """A number in the user's locale (1.234,5 in pt-BR)."""
    return format_decimal(value, locale=normalize_locale(locale))


def format_size(size: int, locale: str = DEFAULT_LOCALE) -> str:
    """A byte count in B, KB, MB, GB or TB with the locale's decimal mark (1,5 MB)."""
    value, unit = float(size), "B"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            break
        value /= 1024
    return f"{format_decimal(round(value, 1), locale=normalize_locale(locale))} {unit}"


def format_brl(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """An amount in reais (R$ 1.234,50 in pt-BR)."""
    return format_currency(value, "BRL", locale=normalize_locale(locale))
