"""The privacy notice's facts: who the controller and the DPO are (a tenant setting, the platform's by default)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session, select

from poc_tracker.models import Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.validation import clean_email, clean_text
from poc_tracker.settings import get_settings


@dataclass(frozen=True)
class Contacts:
    """The controller (controlador) and the DPO (encarregado) a person writes to."""

    controller_name: str
    controller_contact: str
    dpo_name: str
    dpo_email: str


def platform_contacts() -> Contacts:
    """The platform's own, from settings: shown signed out and to tenants that named none."""
    s = get_settings()
    return Contacts(s.privacy_controller_name, s.privacy_controller_contact, s.privacy_dpo_name, s.privacy_dpo_email)


def contacts_for(session: Session, tenant_id: uuid.UUID | None) -> Contacts:
    """A tenant's contacts, each missing one taken from the platform's."""
    base = asdict(platform_contacts())
    if tenant_id is not None:
        tenant = session.exec(select(Tenant).where(Tenant.id == tenant_id)).first()
        own: dict[str, Any] = (tenant.settings.get("privacy") or {}) if tenant else {}
        base.update({k: v for k, v in own.items() if k in base and v})
    return Contacts(**base)


def set_contacts(
    session: Session, *, actor: Actor, controller_name: str, controller_contact: str, dpo_name: str, dpo_email: str
) -> Contacts:
    """Name the tenant's controller and DPO (owners); an empty field falls back to the platform's."""
    actor.require("tenant:write")
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).one()
    values = {
        "controller_name": clean_text(controller_name, field="controllerName", max_length=200, required=False),
        "controller_contact": clean_text(controller_contact, field="controllerContact", max_length=300, required=False),
        "dpo_name": clean_text(dpo_name, field="dpoName", max_length=200, required=False),
        "dpo_email": clean_email(dpo_email) if dpo_email.strip() else "",
    }
    tenant.settings = {**tenant.settings, "privacy": values}
    tenant.updated_at = utcnow()
    session.add(tenant)
    emit(
        session,
        tenant_id=tenant.id,
        actor_id=actor.user_id,
        kind="tenant.privacy_contacts_updated",
        target_type="tenant",
        target_id=tenant.id,
    )
    return contacts_for(session, tenant.id)
