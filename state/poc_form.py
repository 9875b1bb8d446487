"""The create/edit POC form, with inline validation messages per field."""

from __future__ import annotations

import uuid

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_
from poc_tracker.services import pocs
from state.i18n import I18nState
from state.session import SessionState, route_arg

# The form's plain text inputs: every field a POC's service takes but the tags (typed as one line).
TEXT_FIELDS = tuple(f for f in pocs.CLEANERS if f != "tags")


class PocFormState(rx.State):
    """Values, errors and saving state of the POC form."""

    editing_id: str = ""
    values: dict[str, str] = {}
    field_errors: dict[str, str] = {}
    error: str = ""
    loaded: bool = False
    saving: bool = False

    @rx.event
    async def load_form(self) -> None:
        """Empty for a new POC, or the POC's values when editing."""
        route_id = await route_arg(self, "poc_id")
        self.field_errors, self.error, self.loaded = {}, "", False
        self.editing_id = route_id
        self.values = {"language": "Python", "status": "idea", "decision": "pending"}
        if route_id:
            i18n = await self.get_state(I18nState)
            try:
                actor = (await self.get_state(SessionState)).actor()
                with session_scope(tenant_id=actor.tenant_id) as session:
                    poc = pocs.access_poc_by_id(session, actor, uuid.UUID(route_id))
                    pocs.require_edit(actor, poc)
                self.values = {f: str(getattr(poc, f) or "") for f in TEXT_FIELDS} | {"tags": ", ".join(poc.tags)}
            except (DomainError, ValueError) as exc:
                self.error = (
                    exc.localized(i18n.locale) if isinstance(exc, DomainError) else i18n.tr(N_("POC não encontrada."))
                )
                return
        self.loaded = True

    @rx.event
    async def save_poc(self, form: dict[str, str]):  # noqa: ANN201
        """Create or update the POC and open its page; field errors stay next to their fields."""
        i18n = await self.get_state(I18nState)
        self.values = {**self.values, **form}
        self.field_errors, self.error, self.saving = {}, "", True
        yield
        data = {f: form.get(f, "") for f in TEXT_FIELDS if f in form}
        data["tags"] = [t for t in form.get("tags", "").split(",") if t.strip()]
        try:
            actor = (await self.get_state(SessionState)).actor()
            with session_scope(tenant_id=actor.tenant_id) as session:
                if self.editing_id:
                    poc = pocs.update_poc(
                        session,
                        actor=actor,
                        poc_id=uuid.UUID(self.editing_id),
                        data=data,
                        message=form.get("message", ""),
                    )
                else:
                    poc = pocs.create_poc(session, actor=actor, data=data)
        except DomainError as exc:
            message, field = exc.localized(i18n.locale), str(exc.details.get("field", ""))
            if field in TEXT_FIELDS or field == "tags":
                self.field_errors = {field: message}
            else:
                self.error = message
            self.saving = False
            return
        self.saving = False
        yield rx.toast.success(i18n.tr(N_("POC salva.")))
        yield rx.redirect(f"/pocs/{poc.id}")
