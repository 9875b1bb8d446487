"""Dojos in the UI: the list and new-Dojo form, the live room (session data) and the replay."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Callable
from typing import TypeVar

import reflex as rx
from sqlmodel import Session

from poc_tracker.errors import NotFound
from poc_tracker.i18n import N_, format_dt
from poc_tracker.models import Dojo
from poc_tracker.realtime.live import live_edits
from poc_tracker.services import dojos
from poc_tracker.services.actor import Actor
from state.base import ServiceState, as_id
from state.i18n import I18nState
from state.rows import carried
from state.session import REFRESH, SessionState, route_arg

T = TypeVar("T")

# Strings the browser side of the room shows (it gets them translated, in one JSON object).
# The session cookie renews the token (see /auth.js); the room's socket gets it, or "" when refused or offline.
HAND_TOKEN_TO_ROOM = (
    f"Promise.resolve({REFRESH}).then((t) => {{ if (window.__dojo) "
    "window.__dojo.tokenFromApp(t === 'offline' ? '' : t); return t; })"
)
CLIENT_LABELS = {
    "role_host": N_("conduz o Dojo"),
    "role_pilot": N_("piloto"),
    "role_copilot": N_("copiloto"),
    "role_audience": N_("plateia"),
    "editor": N_("Editor de código compartilhado"),
    "online": N_("online"),
    "idle": N_("ausente"),
    "offline": N_("offline"),
    "connecting": N_("conectando…"),
    "canType": N_("Você pode digitar"),
    "watching": N_("Você está assistindo"),
    "readonly": N_("Só o piloto e o copiloto podem digitar agora."),
    "forbidden": N_("Ação não permitida."),
    "openEditor": N_("Abrir o editor para todos"),
    "closeEditor": N_("Fechar o editor"),
    "removed": N_("Quem conduz o Dojo removeu você dele."),
    "notFound": N_("Dojo não encontrado."),
    "signedOut": N_("Sua sessão expirou. Entre novamente."),
    "startShare": N_("Compartilhar tela"),
    "stopShare": N_("Parar de compartilhar"),
    "sharing": N_("Tela compartilhada por"),
    "shareUnsupported": N_("Este navegador não permite compartilhar a tela."),
    "shareFailed": N_("O compartilhamento de tela foi recusado ou não está disponível."),
    "shareNetwork": N_("A rede não permitiu a conexão de vídeo entre vocês."),
    "play": N_("Reproduzir"),
    "pause": N_("Pausar"),
    "ended": N_("O Dojo foi encerrado."),
    "turn": N_("Agora {pilot} está no teclado; {copilot} acompanha como copiloto."),
    "turnAlone": N_("Agora {pilot} está no teclado."),
}
NO_POC = "none"  # the form's "no POC" choice (a select item cannot be empty)


def _found_or_none(read: Callable[[], T]) -> T | None:
    """The record, or None when it is missing (the room shows its own "not found" panel, not an error)."""
    try:
        return read()
    except NotFound:
        return None


def _room_record(session: Session, actor: Actor, dojo_id: uuid.UUID) -> tuple[Dojo, str]:
    """The Dojo and the name of the POC it saves to."""
    dojo = dojos.access_dojo_by_id(session, actor, dojo_id)
    return dojo, dojos.poc_name_of(session, actor, dojo)


@dataclasses.dataclass
class PocChoice:
    """A POC the new Dojo's code may be saved to."""

    id: str = ""
    name: str = ""


@dataclasses.dataclass
class DojoRow:
    """A Dojo as the list shows it."""

    id: str = ""
    title: str = ""
    language: str = ""
    format: str = ""
    status: str = ""
    created: str = ""


class DojoListState(ServiceState, rx.State):
    """The /dojos page."""

    rows: list[DojoRow] = []
    pocs: list[PocChoice] = []
    poc_choice: str = NO_POC
    error: str = ""
    field_errors: dict[str, str] = {}
    join_error: str = ""

    @rx.event
    async def load_dojos(self) -> None:
        """The tenant's Dojos, and the POCs a new one may save to (``?poc=`` picks one: "Iniciar Dojo")."""
        self.error, self.join_error, self.field_errors = "", "", {}
        asked = str(self.router.url.query_parameters.get("poc", "") or "")
        keep = as_id(asked) if asked else None
        got = await self._call(lambda s, a: (dojos.list_dojos(s, actor=a), dojos.poc_choices(s, actor=a, keep=keep)))
        if not got.ok:
            self.error = got.error
            return
        listed, choices = got.value
        loc = await self._locale()
        self.rows = [carried(DojoRow, d, id=str(d.id), created=format_dt(d.created_at, loc)) for d in listed]
        self.pocs = [PocChoice(id=str(p.id), name=p.name) for p in choices]
        self.poc_choice = asked if keep and any(p.id == asked for p in self.pocs) else NO_POC

    @rx.event
    def set_poc_choice(self, value: str) -> None:
        """The POC picked in the form."""
        self.poc_choice = value

    @rx.event
    async def join_with_code(self, form: dict[str, str]):  # noqa: ANN201
        """Join a live Dojo by the code its host shared, and go to its room."""
        code = form.get("code", "")
        got = await self._call(lambda s, a: dojos.join_by_code(s, actor=a, code=code, live=live_edits), threaded=True)
        self.join_error = got.error
        if got.ok:
            yield rx.redirect(f"/dojos/{got.value.id}")

    @rx.event
    async def create_dojo(self, form: dict[str, str]):  # noqa: ANN201
        """Start a Dojo from the form and go to its room."""
        data = {
            "title": form.get("title", ""),
            "kata": form.get("kata", ""),
            "language": form.get("language", "python"),
            "format": form.get("format", "randori"),
            "rotation_minutes": form.get("rotation_minutes") or 7,
            "poc_id": None if self.poc_choice == NO_POC else self.poc_choice,
        }
        got = await self._call(lambda s, a: dojos.create_dojo(s, actor=a, data=data))
        self.field_errors = got.field_errors()
        self.error = "" if self.field_errors else got.error
        if got.ok:
            yield rx.redirect(f"/dojos/{got.value.id}")


class DojoRoomState(ServiceState, rx.State):
    """Session data of one Dojo page: what it is, whether I host it, the retrospective, saving."""

    dojo_id: str = ""
    title: str = ""
    kata: str = ""
    language: str = ""
    format: str = ""
    join_code: str = ""
    status: str = ""
    poc_id: str = ""
    poc_name: str = ""
    is_host: bool = False
    retro_done: bool = False
    went_well: str = ""
    try_next: str = ""
    not_found: bool = False
    message: str = ""
    error: str = ""

    async def _read(self) -> bool:
        self.not_found, self.error, self.message = False, "", ""
        dojo_id = as_id(await route_arg(self, "dojo_id"))
        got = await self._call(lambda s, a: _found_or_none(lambda: _room_record(s, a, dojo_id)))
        self.not_found, self.error = got.ok and got.value is None, got.error
        if not got.ok or got.value is None:
            return False
        (d, self.poc_name), actor = got.value, got.actor
        self.dojo_id, self.title, self.kata, self.language, self.format = (
            str(d.id),
            d.title,
            d.kata,
            d.language,
            d.format,
        )
        self.join_code, self.status, self.poc_id = d.join_code, d.status, str(d.poc_id or "")
        self.is_host = d.host_id == actor.user_id
        self.retro_done = bool(d.retrospective)
        self.went_well = d.retrospective.get("wentWell", "")
        self.try_next = d.retrospective.get("tryNext", "")
        return True

    async def _labels(self) -> str:
        i18n = await self.get_state(I18nState)
        return json.dumps({k: i18n.tr(v) for k, v in CLIENT_LABELS.items()})

    @rx.event
    async def load_room(self):  # noqa: ANN201
        """on_load of the live page: read the Dojo and start the browser side of the channel."""
        if not await self._read():
            return None
        opts = {"dojoId": self.dojo_id, "language": self.language}
        return rx.call_script(
            f"import('/dojo.js').then(m => m.mountDojo({{...{json.dumps(opts)}, labels: {await self._labels()}}}))"
        )

    @rx.event
    async def refresh_room(self) -> None:
        """The room's socket heard that the Dojo changed (it ended): show it as it is now, editor untouched."""
        await self._read()

    @rx.event
    async def renew_token(self) -> rx.event.EventSpec:
        """The room's socket asks for a fresh access token: the session cookie renews it, the room gets it."""
        return rx.call_script(HAND_TOKEN_TO_ROOM, callback=SessionState.renewed)

    @rx.event
    async def load_replay(self):  # noqa: ANN201
        """on_load of the replay page."""
        if not await self._read():
            return None
        opts = {"dojoId": self.dojo_id, "language": self.language}
        return rx.call_script(
            f"import('/dojo.js').then(m => m.mountReplay({{...{json.dumps(opts)}, labels: {await self._labels()}}}))"
        )

    async def _act(self, action) -> bool:  # noqa: ANN001
        """Run a use case for the signed-in person, in a worker thread: a flush waits for the other processes."""
        dojo_id = as_id(self.dojo_id)
        got = await self._call(lambda s, a: action(s, a, dojo_id), threaded=True)
        self.error, self.message = got.error, ""
        return got.ok

    @rx.event
    async def end_dojo(self) -> None:
        """The host ends the Dojo (the code as it stands, typed in any process, is kept as its final code)."""
        if await self._act(lambda s, a, d: dojos.end_dojo(s, actor=a, dojo_id=d, live=live_edits)):
            self.status = "ended"

    @rx.event
    async def leave_dojo(self):  # noqa: ANN201
        """Leave the Dojo and go back to the list."""
        if await self._act(lambda s, a, d: dojos.leave_dojo(s, actor=a, dojo_id=d, live=live_edits)):
            return rx.redirect("/dojos")
        return None

    @rx.event
    async def save_retro(self, form: dict[str, str]) -> None:
        """Keep the retrospective with the record."""
        ok = await self._act(
            lambda s, a, d: dojos.save_retrospective(
                s, actor=a, dojo_id=d, went_well=form.get("went_well", ""), try_next=form.get("try_next", "")
            )
        )
        if ok:
            self.retro_done, self.went_well, self.try_next = True, form.get("went_well", ""), form.get("try_next", "")
            self.message = await self._tr(N_("Retrospectiva salva."))

    @rx.event
    async def save_to_poc(self) -> None:
        """Save the shared code (typed in any process) to the Dojo's POC as a new version."""
        if await self._act(lambda s, a, d: dojos.save_code_to_poc(s, actor=a, dojo_id=d, live=live_edits)):
            self.message = await self._tr(N_("Código salvo como nova versão da POC."))
