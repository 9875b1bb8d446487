"""One error shape for every failure: {"error": {"code", "message", "details"}} in the caller's language."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from poc_tracker.errors import DomainError, RateLimited
from poc_tracker.i18n import N_, gettext, negotiate

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    400: ("bad_request", N_("Pedido inválido.")),
    401: ("unauthorized", N_("Faça login para continuar.")),
    403: ("forbidden", N_("Você não tem permissão para esta ação.")),
    404: ("not_found", N_("Não encontrado.")),
    405: ("method_not_allowed", N_("Método não permitido.")),
    413: ("payload_too_large", N_("O conteúdo enviado é grande demais.")),
    415: ("unsupported_media_type", N_("Tipo de conteúdo não suportado.")),
    429: ("rate_limited", N_("Muitas requisições. Tente novamente em {seconds} s.")),
}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The JSON error body with its status."""
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return JSONResponse(body, status_code=status, headers=headers)


OVERLOADED = N_("O servidor está ocupado. Tente novamente em {seconds} s.")
RETRY_OVERLOADED = 1


def overloaded_response(locale: str, seconds: int = RETRY_OVERLOADED) -> JSONResponse:
    """503 in the error shape: no slot, thread or database connection in time; try again shortly."""
    message = gettext(OVERLOADED, locale, seconds=seconds)
    return error_response(503, "overloaded", message, headers={"Retry-After": str(seconds)})


UNAVAILABLE = N_("O serviço está temporariamente indisponível. Tente novamente em {seconds} s.")
RETRY_UNAVAILABLE = 5


def unavailable_response(locale: str, seconds: int = RETRY_UNAVAILABLE) -> JSONResponse:
    """503 in the error shape: the database cannot be reached right now (restart, failover)."""
    message = gettext(UNAVAILABLE, locale, seconds=seconds)
    return error_response(503, "unavailable", message, headers={"Retry-After": str(seconds)})


def overloaded(request: Request) -> JSONResponse:
    """The 503 for this request, in its caller's language."""
    return overloaded_response(_locale(request))


def _locale(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_detail(err: dict, locale: str) -> dict[str, str]:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    messages = {
        "missing": (N_("Campo obrigatório."), {}),
        "string_too_long": (N_("Máximo de {max} caracteres."), {"max": ctx.get("max_length")}),
        "string_too_short": (N_("Mínimo de {min} caracteres."), {"min": ctx.get("min_length")}),
        "uuid_parsing": (N_("Identificador inválido."), {}),
        "json_invalid": (N_("JSON malformado."), {}),
        "model_attributes_type": (N_("Objeto JSON esperado."), {}),
        "dict_type": (N_("Objeto JSON esperado."), {}),
        "string_type": (N_("Texto esperado."), {}),
        "bool_parsing": (N_("Valor verdadeiro ou falso esperado."), {}),
        "bool_type": (N_("Valor verdadeiro ou falso esperado."), {}),
        "int_parsing": (N_("Número inteiro esperado."), {}),
    }
    msgid, params = messages.get(kind, (N_("Valor inválido."), {}))
    return {"field": _field_name(tuple(err.get("loc", ()))), "code": kind, "message": gettext(msgid, locale, **params)}


def install_error_handlers(app: FastAPI) -> None:
    """Map every failure onto the error shape."""

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return error_response(exc.status, exc.code, exc.localized(_locale(request)), exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        locale = _locale(request)
        fields = [_validation_detail(e, locale) for e in exc.errors()]
        return error_response(422, "invalid", gettext("Dados inválidos.", locale), {"fields": fields})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, msgid = HTTP_MESSAGES.get(exc.status_code, ("error", N_("Erro.")))
        return error_response(
            exc.status_code, code, gettext(msgid, _locale(request), seconds=60), headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(PoolTimeout)
    async def _pool_timeout(request: Request, exc: PoolTimeout) -> JSONResponse:
        log.warning("no database connection in time", extra={"event": "pool_timeout"})
        return overloaded(request)

    @app.exception_handler(OperationalError)
    async def _database_unreachable(request: Request, exc: OperationalError) -> JSONResponse:
        # Connection refused, closed or timed out: the pool pings and reconnects on the next checkout.
        log.warning(
            "database unreachable",
            extra={"event": "database_unavailable", "details": {"error": type(exc.orig).__name__}},
        )
        return unavailable_response(_locale(request))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"event": "unhandled_error"})
        return error_response(
            500, "internal_error", gettext("Erro interno. Tente novamente mais tarde.", _locale(request))
        )
