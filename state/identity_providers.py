"""The identity providers page (admins): list, add, edit, test, delete."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError, Invalid
from poc_tracker.i18n import N_, format_dt
from poc_tracker.services import identity_providers as providers
from poc_tracker.services.actor import Actor
from poc_tracker.services.identity_providers import ProviderInput, ProviderView
from poc_tracker.services.sso import redirect_uri
from state.i18n import I18nState
from state.session import SessionState

SPLIT = re.compile(r"[\s,;]+")
FIELD_NAMES = {"discoveryUrl": "discovery_url", "clientId": "client_id", "clientSecret": "client_secret"}


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


class IdentityProvidersState(rx.State):
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

    async def _run(self, call: Callable[[Session, Actor], Any]) -> Any:
        """Run a service call as the signed-in user, in one session that commits."""
        actor = (await self.get_state(SessionState)).actor()
        with session_scope(tenant_id=actor.tenant_id) as session:
            return call(session, actor)

    @rx.event
    async def load_providers(self) -> None:
        """Load the providers (admins only)."""
        i18n = await self.get_state(I18nState)
        self.redirect_uri = redirect_uri()
        try:
            found = await self._run(lambda s, a: providers.list_providers(s, actor=a))
        except DomainError as exc:
            self.allowed, self.error = False, exc.localized(i18n.locale)
            return
        self.allowed, self.error = True, ""
        self.providers = [_row(v, i18n.locale) for v in found]

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
        i18n = await self.get_state(I18nState)
        self.saving, self.form_error, self.field_errors = True, "", {}
        yield
        editing = self.editing.id
        try:
            data = input_from_form(form, new=not editing)
            if editing:
                pid = uuid.UUID(editing)
                await self._run(lambda s, a: providers.update_provider(s, actor=a, provider_id=pid, data=data))
            else:
                await self._run(lambda s, a: providers.create_provider(s, actor=a, data=data))
        except DomainError as exc:
            self.saving, self.form_error = False, exc.localized(i18n.locale)
            field = str(exc.details.get("field", ""))
            self.field_errors = {FIELD_NAMES.get(field, field): self.form_error} if field else {}
            return
        self.saving, self.form_open = False, False
        await self.load_providers()
        yield rx.toast.success(i18n.tr(N_("Provedor salvo. A conexão foi verificada.")))

    @rx.event
    async def test(self, provider_id: str):  # noqa: ANN201
        """Fetch the provider's discovery document and keys now."""
        i18n = await self.get_state(I18nState)
        self.testing_id = provider_id
        yield
        try:
            found = await self._run(
                lambda s, a: providers.check_provider(s, actor=a, provider_id=uuid.UUID(provider_id))
            )
        except DomainError as exc:
            self.testing_id = ""
            yield rx.toast.error(exc.localized(i18n.locale))
            return
        self.testing_id = ""
        yield rx.toast.success(i18n.tr(N_("Conexão OK: {issuer} publica {keys} chave(s)."), **vars(found)))

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
        i18n = await self.get_state(I18nState)
        pid, self.deleting_id = self.deleting_id, ""
        try:
            await self._run(lambda s, a: providers.delete_provider(s, actor=a, provider_id=uuid.UUID(pid)))
        except DomainError as exc:
            yield rx.toast.error(exc.localized(i18n.locale))
            return
        await self.load_providers()
        yield rx.toast.success(i18n.tr(N_("Provedor removido.")))
