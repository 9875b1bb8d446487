"""A POC's history on its page: versions, a diff between two, restoring one."""

from __future__ import annotations

import dataclasses
import uuid

import reflex as rx
from sqlmodel import Session

from poc_tracker.i18n import N_, format_ago, format_dt, gettext
from poc_tracker.services import diffs, history
from poc_tracker.services.actor import Actor
from state.base import ServiceState
from state.poc_detail import poc_on_screen


@dataclasses.dataclass
class VersionRow:
    """One version."""

    number: int = 0
    message: str = ""
    author: str = ""
    at: str = ""  # "há 3 dias"
    files: int = 0
    at_full: str = ""  # the date and time, on hover


@dataclasses.dataclass
class MetaRow:
    """One changed metadata field."""

    field: str = ""
    before: str = ""
    after: str = ""


@dataclasses.dataclass
class FileDiffRow:
    """One changed file and its unified diff."""

    path: str = ""
    status: str = ""
    diff: str = ""


# Stored values the diff shows by name, never as the internal value ("pending", "in_progress").
CHOICE_LABELS = {
    "status": {
        "idea": N_("Ideia"),
        "in_progress": N_("Em andamento"),
        "done": N_("Concluída"),
        "archived": N_("Arquivada"),
    },
    "decision": {"go": N_("Seguir"), "no_go": N_("Não seguir"), "pivot": N_("Pivotar"), "pending": N_("Pendente")},
}


def _show(value: object) -> str:
    return ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))


def shown_value(field: str, value: object, locale: str) -> str:
    """A field's value as the user reads it: choices translated, lists joined, nothing as a dash."""
    label = CHOICE_LABELS.get(field, {}).get(str(value))
    text = gettext(label, locale) if label else _show(value)
    return text or "—"


class PocHistoryState(ServiceState, rx.State):
    """The history tab of the POC page (restoring a version is in ``state.poc_versions``)."""

    versions: list[VersionRow] = []
    diff_from: str = ""
    diff_to: str = ""
    meta_changes: list[MetaRow] = []
    file_changes: list[FileDiffRow] = []
    diff_shown: bool = False

    @rx.event
    async def load_history(self) -> None:
        """Load the versions, newest first."""
        self.diff_shown = False
        poc_id = await poc_on_screen(self)
        got = await self._call(lambda s, a: _versions(s, a, poc_id))
        if not got.ok:
            self.versions = []
            return
        found, names = got.value
        loc = await self._locale()
        self.versions = [
            VersionRow(
                v.number,
                gettext(v.message, loc),
                names.get(v.author_id, ""),
                format_ago(v.created_at, loc),
                len(v.tree),
                format_dt(v.created_at, loc),
            )
            for v in found
        ]
        if len(found) >= 2:
            self.diff_from, self.diff_to = str(found[1].number), str(found[0].number)

    @rx.event
    def set_diff_from(self, value: str) -> None:
        """Choose the older version of the diff."""
        self.diff_from = value

    @rx.event
    def set_diff_to(self, value: str) -> None:
        """Choose the newer version of the diff."""
        self.diff_to = value

    @rx.event
    async def show_diff(self):  # noqa: ANN201
        """Compare the two chosen versions."""
        if not (self.diff_from.isdigit() and self.diff_to.isdigit()):
            return None  # nothing chosen yet
        poc_id, before, after = await poc_on_screen(self), int(self.diff_from), int(self.diff_to)
        got = await self._call(lambda s, a: diffs.diff_versions(s, actor=a, poc_id=poc_id, before=before, after=after))
        if not got.ok:
            return got.toast()
        too_big = await self._tr(N_("(binário ou grande demais)"))
        loc = await self._locale()
        self.meta_changes = [
            MetaRow(m.field, shown_value(m.field, m.before, loc), shown_value(m.field, m.after, loc))
            for m in got.value.meta
        ]
        self.file_changes = [FileDiffRow(f.path, f.status, f.diff or too_big) for f in got.value.files]
        self.diff_shown = True
        return None


def _versions(session: Session, actor: Actor, poc_id: uuid.UUID) -> tuple[list, dict]:
    _, found, _ = history.list_versions(session, actor=actor, poc_id=poc_id, limit=100)
    return found, history.author_names(session, actor, found)
