"""The one family of domain errors; the API and the UI each map it in one place."""

from __future__ import annotations

from typing import Any

from poc_tracker.i18n import N_, gettext


class DomainError(Exception):
    """A failure the user can understand; ``message`` is a Portuguese message id."""

    status = 400
    code = "invalid"
    message = N_("Pedido inválido.")

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        **params: object,
    ) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.details = details or {}
        self.params = params
        super().__init__(self.message.format(**params) if params else self.message)

    def localized(self, locale: str) -> str:
        """The message in the caller's language."""
        return gettext(self.message, locale, **self.params)


class Invalid(DomainError):
    """Bad input."""

    status, code, message = 422, "invalid", N_("Dados inválidos.")


class Unauthorized(DomainError):
    """No valid credentials."""

    status, code, message = 401, "unauthorized", N_("Faça login para continuar.")


class Forbidden(DomainError):
    """Signed in, but the role does not allow it."""

    status, code, message = 403, "forbidden", N_("Você não tem permissão para esta ação.")


class TenantReadOnly(Forbidden):
    """The organisation's payment is overdue past its grace period: everything can be read, nothing changed."""

    code, message = (
        "tenant_read_only",
        N_("Sua organização está em modo somente leitura até o pagamento ser regularizado. Nada foi apagado."),
    )


class NotFound(DomainError):
    """Missing, or belongs to someone else: the caller cannot tell which."""

    status, code, message = 404, "not_found", N_("Não encontrado.")


class Conflict(DomainError):
    """Clashes with what exists (a taken e-mail or subdomain)."""

    status, code, message = 409, "conflict", N_("Conflito com um registro existente.")


class TooLarge(DomainError):
    """Bigger than a limit allows (a request, an archive, a file to show)."""

    status, code, message = 413, "too_large", N_("O conteúdo enviado é grande demais.")


class RateLimited(DomainError):
    """Too many requests; ``retry_after`` seconds to wait."""

    status, code, message = 429, "rate_limited", N_("Muitas requisições. Tente novamente em {seconds} s.")

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(message, seconds=self.retry_after)
