"""Checks on user input shared by every service; each failure is an Invalid with a field."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from poc_tracker.auth.password_policy import weakness
from poc_tracker.errors import Invalid
from poc_tracker.i18n import N_

SUBDOMAIN_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
RESERVED_SUBDOMAINS = {"www", "api", "app", "admin", "static", "assets", "mail", "status"}


def clean_email(value: str) -> str:
    """A normalised e-mail address (lower case), or Invalid."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except (EmailNotValidError, AttributeError) as exc:
        raise Invalid("Informe um e-mail válido.", code="invalid_email", details={"field": "email"}) from exc


WEAK_PASSWORD_MESSAGES = {  # the reason from password_policy.weakness, also the error code's suffix
    "trivial": N_(
        "A senha não pode ser só espaços, uma repetição ou uma sequência (como aaaaaaaa ou 12345678). Escolha outra."
    ),
    "common": N_("Esta senha está entre as mais usadas e seria adivinhada logo. Escolha outra."),
    "personal": N_("A senha não pode ser baseada no seu e-mail ou no seu nome. Escolha outra."),
}


def clean_password(value: str, field: str = "password", *, email: str | None = None, name: str | None = None) -> str:
    """A password of 8 to 128 characters that is not common, trivial or the user's e-mail or name, or Invalid."""
    if not isinstance(value, str) or len(value) < 8:
        raise Invalid(
            "A senha precisa ter pelo menos 8 caracteres.", code="password_too_short", details={"field": field}
        )
    if len(value) > 128:
        raise Invalid("A senha pode ter no máximo 128 caracteres.", code="password_too_long", details={"field": field})
    reason = weakness(value, email=email, name=name)
    if reason is not None:
        raise Invalid(WEAK_PASSWORD_MESSAGES[reason], code="password_" + reason, details={"field": field})
    return value


def clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    """Trimmed text within a length limit, or Invalid."""
    text = (value or "").strip()
    if required and not text:
        raise Invalid("O campo {field} é obrigatório.", code="required", details={"field": field}, field=field)
    if len(text) > max_length:
        raise Invalid(
            "O campo {field} pode ter no máximo {max} caracteres.",
            code="too_long",
            details={"field": field, "max": max_length},
            field=field,
            max=max_length,
        )
    return text


def clean_subdomain(value: str) -> str:
    """A valid, unreserved subdomain in lower case, or Invalid."""
    sub = (value or "").strip().lower()
    if not SUBDOMAIN_RE.match(sub) or len(sub) < 2:
        raise Invalid(
            "Use de 2 a 63 letras minúsculas, números ou hífens no subdomínio.",
            code="invalid_subdomain",
            details={"field": "subdomain"},
        )
    if sub in RESERVED_SUBDOMAINS:
        raise Invalid("Este subdomínio é reservado.", code="reserved_subdomain", details={"field": "subdomain"})
    return sub


LOCALE_ALIASES = {"pt_br": "pt_BR", "pt": "pt_BR", "en": "en", "en_us": "en", "en_gb": "en"}


def clean_locale(value: str) -> str:
    """A supported locale ("pt-BR", "pt_BR", "en", "en-US"…), or Invalid."""
    locale = LOCALE_ALIASES.get((value or "").strip().replace("-", "_").lower())
    if locale is None:
        raise Invalid("Idioma não suportado.", code="invalid_locale", details={"field": "locale"})
    return locale


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
OWN_UPLOADS = "/_upload/"  # files uploaded to the app, served by it


def _safe_logo_url(url: str) -> bool:
    """An https: URL, an http: one on this machine, or a path to the app's own uploads; never javascript: etc."""
    if len(url) > 2048 or "\\" in url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return False
    if url.startswith("/"):
        path = url.split("?", 1)[0].split("#", 1)[0]
        return path.startswith(OWN_UPLOADS) and ".." not in path.split("/")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.username or parts.password:
        return False
    scheme = parts.scheme.lower()
    return (scheme == "https" and bool(host)) or (scheme == "http" and host in LOCAL_HOSTS)


def clean_logo_url(value: str, field: str = "logoUrl") -> str:
    """A logo address safe to put in a page (empty clears the logo), or Invalid."""
    url = value.strip()
    if url and not _safe_logo_url(url):
        raise Invalid(
            "Use um endereço https:// para o logotipo, ou um arquivo enviado ao POC Tracker.",
            code="invalid_logo_url",
            details={"field": field},
        )
    return url
