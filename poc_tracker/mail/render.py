"""Mail templates: Jinja2 with autoescape in HTML (user text is data), one folder per locale."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from poc_tracker.errors import Invalid
from poc_tracker.i18n import normalize_locale
from poc_tracker.settings import get_settings

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Rendered:
    """A mail's subject and its two bodies."""

    subject: str
    text: str
    html: str


@lru_cache
def _env() -> Environment:
    # StrictUndefined: a context that lacks a value fails at enqueue time, in the caller's transaction,
    # not as a mail with a hole in it.
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"], default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache
def templates() -> list[str]:
    """Every template name (``verify_email``…), from the pt-BR folder."""
    return sorted(p.stem for p in (TEMPLATES_DIR / "pt_BR").glob("*.txt") if not p.name.startswith("_"))


def render(template: str, context: dict[str, Any], locale: str) -> Rendered:
    """Render a template's subject, text and HTML in ``locale`` (pt-BR when not supported)."""
    locale = normalize_locale(locale)
    if template not in templates():
        raise Invalid("Modelo de e-mail desconhecido.", code="unknown_mail_template")
    text_t = _env().get_template(f"{locale}/{template}.txt")
    html_t = _env().get_template(f"{locale}/{template}.html")
    values = {"app_url": get_settings().app_url.rstrip("/"), "locale": locale, **context}
    subject = " ".join("".join(text_t.blocks["subject"](text_t.new_context(values))).split())
    return Rendered(subject, text_t.render(values), html_t.render({**values, "subject": subject}))


def app_link(path: str, **params: str) -> str:
    """An absolute link into the app (``/reset-password?token=…``), for a mail."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{get_settings().app_url.rstrip('/')}{path}{query}"
