"""The identity providers page (admins): list, add, edit, test, delete."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import reflex as rx

from poc_tracker.errors import Invalid
from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import identity_providers as providers
from poc_tracker.services.identity_providers import ProviderInput, ProviderView
from poc_tracker.services.sso import redirect_uri
from state.base import ServiceState, as_id

SPLIT = re.compile(r"[\s,;]+")
# API field → form input, for errors shown under their input.
FIELD_NAMES = {
    "name": "name",
    "discoveryUrl": "discovery_url",
    "clientId": "client_id",
    "clientSecret": "client_secret",
    "domains": "domains",
    "scopes": "scopes",
    "claimMapping": "claimMapping",
    "defaultRole": "default_role",
}


@dataclasses.dataclass
class ProviderRow:
    """A provider on screen, and the values its form starts from."""

    id: str = ""
    name: str = ""
    issuer: str = ""
    discovery_url: str = ""
    client_id: str = ""
    domains: list[str] = dataclasses.field(default_factory=list)
    domains_text: str = ""
    scopes_text: str = "openid email profile"
    jit: bool = False
    default_role: str = "member"
    sso_only: bool = False
    claim_name: str = "name"
    claim_email: str = "email"
    claim_groups: str = "groups"
    group_roles: str = ""
    updated: str = ""


def _row(v: ProviderView, locale: str) -> ProviderRow:
    m = v.claim_mapping
    return ProviderRow(
        str(v.id),
        v.name,
        v.issuer,
        v.discovery_url,
        v.client_id,
        v.domains,
        ", ".join(v.domains),
        " ".join(v.scopes),
        v.jit_provisioning,
        v.default_role,
        v.sso_only,
        str(m.get("name", "name")),
        str(m.get("email", "email")),
        str(m.get("groups", "groups")),
        "\n".join(f"{g} = {r}" for g, r in (m.get("roles") or {}).items()),
        format_dt(v.updated_at, locale),
    )


def _group_roles(text: str) -> dict[str, str]:
    """Lines of "group = role" into a mapping."""
    found = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        group, sep, role = line.partition("=")
        if not sep or not group.strip() or not role.strip():
            raise Invalid("Use uma linha por grupo: grupo = papel.", details={"field": "claimMapping"})
        found[group.strip()] = role.strip().lower()
    return found


def input_from_form(form: dict[str, Any], *, new: bool) -> ProviderInput:
    """What the form holds, for the service; an empty secret on a change keeps the stored one."""
    secret = str(form.get("client_secret", "")).strip()
    return ProviderInput(
        name=str(form.get("name", "")),
        discovery_url=str(form.get("discovery_url", "")).strip(),
        client_id=str(form.get("client_id", "")).strip(),
        client_secret=secret if (secret or new) else None,
        scopes=[s for s in SPLIT.split(str(form.get("scopes", ""))) if s],
        domains=[d for d in SPLIT.split(str(form.get("domains", ""))) if d],
        claim_mapping={
            "name": str(form.get("claim_name", "")).strip() or "name",
            "email": str(form.get("claim_email", "")).strip() or "email",
            "groups": str(form.get("claim_groups", "")).strip() or "groups",
            "roles": _group_roles(str(form.get("group_roles", ""))),
        },
        jit_provisioning=form.get("jit") in ("on", True, "true"),
        default_role=str(form.get("default_role", "member")),
        sso_only=form.get("sso_only") in ("on", True, "true"),
    )


class IdentityProvidersState(ServiceState, rx.State):
    """My organisation's identity providers."""

    providers: list[ProviderRow] = []
    allowed: bool = False
    error: str = ""
    redirect_uri: str = ""
    form_open: bool = False
    editing: ProviderRow = ProviderRow()
    form_error: str = ""
    field_errors: dict[str, str] = {}
    form_version: int = 0
    saving: bool = False
    testing_id: str = ""
    deleting_id: str = ""

    @rx.event
    async def load_providers(self) -> None:
        """Load the providers (admins only)."""
        self.redirect_uri = redirect_uri()
        out = await self._call(lambda s, a: providers.list_providers(s, actor=a))
        self.allowed, self.error = out.ok, out.error
        if out.ok:
            locale = await self._locale()
            self.providers = [_row(v, locale) for v in out.value]

    def _open(self, row: ProviderRow) -> None:
        self.editing, self.form_open, self.form_error, self.field_errors = row, True, "", {}
        self.form_version += 1

    @rx.event
    def open_new(self) -> None:
        """An empty form."""
        self._open(ProviderRow())

    @rx.event
    def open_edit(self, provider_id: str) -> None:
        """The form, filled with a provider's values (the secret stays hidden)."""
        self._open(next((p for p in self.providers if p.id == provider_id), ProviderRow()))

    @rx.event
    def close_form(self) -> None:
        """Put the form away."""
        self.form_open = False

    @rx.event
    async def save(self, form: dict[str, Any]):  # noqa: ANN201
        """Create or change the provider; the provider is fetched and checked before anything is saved."""
        self.saving, self.form_error, self.field_errors = True, "", {}
        yield
        pid = as_id(self.editing.id) if self.editing.id else None
        if pid is None:
            out = await self._call(
                lambda s, a: providers.create_provider(s, actor=a, data=input_from_form(form, new=True))
            )
        else:
            out = await self._call(
                lambda s, a: providers.update_provider(
                    s, actor=a, provider_id=pid, data=input_from_form(form, new=False)
                )
            )
        self.saving, self.form_error, self.field_errors = False, out.error, out.field_errors(FIELD_NAMES)
        if not out.ok:
            return
        self.form_open = False
        await self.load_providers()
        yield rx.toast.success(await self._tr(N_("Provedor salvo. A conexão foi verificada.")))

    @rx.event
    async def test(self, provider_id: str):  # noqa: ANN201
        """Fetch the provider's discovery document and keys now."""
        self.testing_id = provider_id
        yield
        out = await self._call(lambda s, a: providers.check_provider(s, actor=a, provider_id=as_id(provider_id)))
        self.testing_id = ""
        if not out.ok:
            yield out.toast()
            return
        message = N_("Conexão OK: {issuer} publica {keys} chave(s).")
        yield rx.toast.success(await self._tr(message, issuer=out.value.issuer, keys=out.value.keys))

    @rx.event
    def ask_delete(self, provider_id: str) -> None:
        """Ask before removing."""
        self.deleting_id = provider_id

    @rx.event
    def cancel_delete(self) -> None:
        """Keep it."""
        self.deleting_id = ""

    @rx.event
    async def delete(self):  # noqa: ANN201
        """Remove the provider being asked about."""
        pid, self.deleting_id = as_id(self.deleting_id), ""
        out = await self._call(lambda s, a: providers.delete_provider(s, actor=a, provider_id=pid))
        if not out.ok:
            yield out.toast()
            return
        await self.load_providers()
        yield rx.toast.success(await self._tr(N_("Provedor removido.")))
