"""Brazilian tax ids: CNPJ (numeric or the alphanumeric form of July 2026) and CPF, with their check digits."""

from __future__ import annotations

import re

_CNPJ_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def normalize(raw: str) -> str:
    """Letters and digits only, upper case (``12.345.678/0001-95`` → ``12345678000195``)."""
    return re.sub(r"[^0-9A-Za-z]", "", raw or "").upper()


def _cnpj_digit(body: str) -> int:
    # Each character counts as its ASCII code minus 48 (digits keep their value; 'A' is 17): the 2026 rule.
    total = sum((ord(c) - 48) * w for c, w in zip(body, _CNPJ_WEIGHTS[-len(body) :], strict=True))
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def is_cnpj(raw: str) -> bool:
    """Whether ``raw`` is a CNPJ whose two check digits match."""
    value = normalize(raw)
    if not re.fullmatch(r"[0-9A-Z]{12}[0-9]{2}", value) or len(set(value)) == 1:
        return False
    first = _cnpj_digit(value[:12])
    return value[12:] == f"{first}{_cnpj_digit(value[:12] + str(first))}"


def _cpf_digit(body: str) -> int:
    total = sum(int(c) * w for c, w in zip(body, range(len(body) + 1, 1, -1), strict=True))
    rest = (total * 10) % 11
    return 0 if rest == 10 else rest


def is_cpf(raw: str) -> bool:
    """Whether ``raw`` is a CPF whose two check digits match."""
    value = normalize(raw)
    if not re.fullmatch(r"[0-9]{11}", value) or len(set(value)) == 1:
        return False
    first = _cpf_digit(value[:9])
    return value[9:] == f"{first}{_cpf_digit(value[:9] + str(first))}"


def kind(raw: str) -> str:
    """``br_cnpj``, ``br_cpf`` or ``""`` when it is neither (Stripe's tax id types)."""
    if is_cnpj(raw):
        return "br_cnpj"
    return "br_cpf" if is_cpf(raw) else ""


def formatted(raw: str) -> str:
    """``12.345.678/0001-95`` or ``123.456.789-09``, as Stripe expects a Brazilian tax id."""
    v = normalize(raw)
    if len(v) == 14:
        return f"{v[:2]}.{v[2:5]}.{v[5:8]}/{v[8:12]}-{v[12:]}"
    if len(v) == 11:
        return f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}"
    return v
