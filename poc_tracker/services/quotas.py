"""Per-plan limits (POCs, storage, file size) and the tenant's usage against them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_
from poc_tracker.models import Blob, Poc, Tenant
from poc_tracker.services.actor import Actor
from poc_tracker.settings import get_settings


class QuotaExceeded(DomainError):
    """A plan limit would be passed; ``details.limit`` names which."""

    status, code, message = 413, "quota_exceeded", N_("Limite do plano atingido.")


@dataclass(frozen=True)
class Usage:
    """What a tenant uses and may use."""

    plan: str
    pocs: int
    storage_bytes: int
    max_pocs: int
    max_storage_bytes: int
    max_file_bytes: int


def limits_for(plan: str) -> dict[str, int]:
    """The limits of a plan (basic when unknown)."""
    plans = get_settings().plan_limits
    return plans.get(plan) or plans["basic"]


def usage(session: Session, *, actor: Actor) -> Usage:
    """The tenant's usage and limits."""
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).one()
    limits = limits_for(tenant.plan)
    pocs = session.exec(select(func.count()).select_from(Poc).where(Poc.tenant_id == actor.tenant_id)).one()
    stored = session.exec(select(func.coalesce(func.sum(Blob.size), 0)).where(Blob.tenant_id == actor.tenant_id)).one()
    return Usage(tenant.plan, int(pocs), int(stored), limits["pocs"], limits["storage_bytes"], limits["file_bytes"])


def check_poc_quota(session: Session, *, actor: Actor) -> None:
    """Refuse a new POC beyond the plan's count."""
    u = usage(session, actor=actor)
    if u.pocs + 1 > u.max_pocs:
        raise QuotaExceeded(
            "Limite de {max} POCs do plano atingido.",
            code="quota_exceeded",
            details={"limit": "pocs", "max": u.max_pocs, "used": u.pocs},
            max=u.max_pocs,
        )


def check_storage_quota(session: Session, *, actor: Actor, new_bytes: int, largest_file: int) -> None:
    """Refuse an upload beyond the plan's file size or total storage."""
    u = usage(session, actor=actor)
    if largest_file > u.max_file_bytes:
        raise QuotaExceeded(
            "Arquivo maior que o limite de {max} bytes por arquivo do plano.",
            code="quota_exceeded",
            details={"limit": "file_bytes", "max": u.max_file_bytes},
            max=u.max_file_bytes,
        )
    if u.storage_bytes + new_bytes > u.max_storage_bytes:
        raise QuotaExceeded(
            "Limite de armazenamento do plano atingido ({max} bytes).",
            code="quota_exceeded",
            details={"limit": "storage_bytes", "max": u.max_storage_bytes, "used": u.storage_bytes},
            max=u.max_storage_bytes,
        )
