"""A tenant's video brand: colours that pass the contrast check, a shipped font, a logo kept as PNG."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, select

from poc_tracker.models import Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.storage import get_file_store
from poc_tracker.video import fonts
from poc_tracker.video.branding import Brand, check_colours, check_font, rasterise_logo
from poc_tracker.video.colors import to_hex

SETTING = "videoBrand"


def logo_key(tenant_id: uuid.UUID) -> str:
    """Where the rasterised logo lives."""
    return f"tenants/{tenant_id}/brand/logo.png"


def _tenant(session: Session, tenant_id: uuid.UUID) -> Tenant:
    return session.exec(select(Tenant).where(Tenant.id == tenant_id)).one()


def load_brand(session: Session, tenant_id: uuid.UUID) -> Brand:
    """The brand the tenant set (defaults otherwise), with its logo bytes."""
    data = dict(_tenant(session, tenant_id).settings.get(SETTING) or {})
    logo = None
    if data.get("logo"):
        try:
            logo = get_file_store().get(logo_key(tenant_id))
        except FileNotFoundError:
            logo = None
    return Brand.from_settings(data, logo)


def brand_view(session: Session, *, actor: Actor) -> dict[str, Any]:
    """The brand as the API and the page show it."""
    brand = load_brand(session, actor.tenant_id)
    return {
        "primary": to_hex(brand.primary),
        "secondary": to_hex(brand.secondary),
        "font": brand.font,
        "fonts": [{"key": k, "label": fonts.FAMILIES[k][0]} for k in fonts.available()],
        "hasLogo": brand.logo is not None,
    }


def _save(session: Session, tenant: Tenant, data: dict[str, Any]) -> None:
    settings = dict(tenant.settings)
    settings[SETTING] = data
    tenant.settings, tenant.updated_at = settings, utcnow()
    session.add(tenant)


def set_brand(session: Session, *, actor: Actor, primary: str, secondary: str, font: str) -> Brand:
    """Change colours and font (tenant admins); a pair under 4.5:1 contrast is refused."""
    actor.require("tenant:write")
    a, b = check_colours(primary, secondary, actor.locale)
    tenant = _tenant(session, actor.tenant_id)
    data = dict(tenant.settings.get(SETTING) or {})
    data.update({"primary": to_hex(a), "secondary": to_hex(b), "font": check_font(font)})
    _save(session, tenant, data)
    return load_brand(session, actor.tenant_id)


def set_logo(session: Session, *, actor: Actor, data: bytes, filename: str) -> None:
    """Store a PNG or SVG logo, rasterised offline to a bounded PNG."""
    actor.require("tenant:write")
    png = rasterise_logo(data, filename)
    get_file_store().put(logo_key(actor.tenant_id), png)
    tenant = _tenant(session, actor.tenant_id)
    _save(session, tenant, {**(tenant.settings.get(SETTING) or {}), "logo": True})


def remove_logo(session: Session, *, actor: Actor) -> None:
    """Go back to no logo."""
    actor.require("tenant:write")
    tenant = _tenant(session, actor.tenant_id)
    _save(session, tenant, {**(tenant.settings.get(SETTING) or {}), "logo": False})
    get_file_store().delete(logo_key(actor.tenant_id))
