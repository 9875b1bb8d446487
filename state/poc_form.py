"""The create/edit POC form, with inline validation messages per field."""

from __future__ import annotations

import uuid

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import N_
from poc_tracker.models import Poc
from poc_tracker.services import pocs
from poc_tracker.services.actor import Actor
from state.base import ServiceState, as_id
from state.session import route_arg

# The form's plain text inputs: every field a POC's service takes but the tags (typed as one line).
TEXT_FIELDS = tuple(f for f in pocs.CLEANERS if f != "tags")


class PocFormState(ServiceState, rx.State):
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
            got = await self._call(lambda s, a: _editable(s, a, as_id(route_id)))
            if not got.ok:
                self.error = got.error
                return
            poc = got.value
            self.values = {f: str(getattr(poc, f) or "") for f in TEXT_FIELDS} | {"tags": ", ".join(poc.tags)}
        self.loaded = True

    @rx.event
    async def save_poc(self, form: dict[str, str]):  # noqa: ANN201
        """Create or update the POC and open its page; field errors stay next to their fields."""
        self.values = {**self.values, **form}
        self.field_errors, self.error, self.saving = {}, "", True
        yield
        data = {f: form.get(f, "") for f in TEXT_FIELDS if f in form}
        data["tags"] = [t for t in form.get("tags", "").split(",") if t.strip()]
        editing, message = self.editing_id, form.get("message", "")

        def save(session: Session, actor: Actor) -> Poc:
            if editing:
                return pocs.update_poc(session, actor=actor, poc_id=as_id(editing), data=data, message=message)
            return pocs.create_poc(session, actor=actor, data=data)

        got = await self._call(save)
        self.saving = False
        if not got.ok:
            self.field_errors = got.field_errors([*TEXT_FIELDS, "tags"])
            self.error = "" if self.field_errors else got.error
            return
        yield rx.toast.success(await self._tr(N_("POC salva.")))
        yield rx.redirect(f"/pocs/{got.value.id}")


def _editable(session: Session, actor: Actor, poc_id: uuid.UUID) -> Poc:
    poc = pocs.access_poc_by_id(session, actor, poc_id)
    pocs.require_edit(actor, poc)
    return poc
