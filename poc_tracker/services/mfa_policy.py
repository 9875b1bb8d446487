"""The tenant's MFA policy: "MFA obrigatório", and whether an identity provider's MFA (``amr``) counts."""

from __future__ import annotations

from sqlmodel import Session

from poc_tracker.models import Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.tenants import access_tenant

REQUIRED = "mfaRequired"
ACCEPT_IDP = "mfaAcceptIdpAmr"
# RFC 8176 method values; "mfa" says several were used, two distinct ones say the same.
AMR_METHODS = frozenset(
    {"face", "fpt", "geo", "hwk", "iris", "kba", "mca", "mfa", "otp", "pin", "pwd", "rba", "retina", "sc", "sms",
     "swk", "tel", "user", "vbm", "wia"}
)  # fmt: skip


def mfa_required(tenant: Tenant) -> bool:
    """Whether every member must sign in with a second factor."""
    return bool((tenant.settings or {}).get(REQUIRED))


def accepts_idp_mfa(tenant: Tenant) -> bool:
    """Whether an identity provider's word that MFA happened is enough."""
    return bool((tenant.settings or {}).get(ACCEPT_IDP))


def mfa_satisfied_by_amr(tenant: Tenant, amr: list[str] | None) -> bool:
    """Whether an ID token's ``amr`` claim satisfies the second factor, by the tenant's choice.

    For the OIDC sign-in: when True, open the session; when False, hand the user to ``mfa_login.after_first_factor``.
    """
    if not accepts_idp_mfa(tenant) or not isinstance(amr, list):
        return False
    methods = {str(m).lower() for m in amr if isinstance(m, str)} & AMR_METHODS
    return "mfa" in methods or len(methods) >= 2


def set_policy(
    session: Session, *, actor: Actor, required: bool | None = None, accept_idp_mfa: bool | None = None
) -> Tenant:
    """Turn "MFA obrigatório" or the identity provider choice on or off (admins and owners)."""
    actor.require("users:manage")
    tenant = access_tenant(session, actor)
    settings = dict(tenant.settings or {})
    if required is not None:
        settings[REQUIRED] = bool(required)
    if accept_idp_mfa is not None:
        settings[ACCEPT_IDP] = bool(accept_idp_mfa)
    tenant.settings, tenant.updated_at = settings, utcnow()
    session.add(tenant)
    emit(
        session,
        tenant_id=tenant.id,
        actor_id=actor.user_id,
        kind="tenant.mfa_policy_changed",
        target_type="tenant",
        target_id=tenant.id,
        mfaRequired=mfa_required(tenant),
        mfaAcceptIdpAmr=accepts_idp_mfa(tenant),
    )
    return tenant
