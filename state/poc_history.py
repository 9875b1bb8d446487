"""A POC's history on its page: versions, a diff between two, restoring one."""

from __future__ import annotations

import dataclasses
import uuid

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, format_dt, gettext
from poc_tracker.services import diffs, history
from state.i18n import I18nState
from state.poc_detail import PocDetailState
from state.session import SessionState


@dataclasses.dataclass
class VersionRow:
    """One version."""

    number: int = 0
    message: str = ""
    author: str = ""
    at: str = ""
    files: int = 0


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


def _show(value: object) -> str:
    return ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))


class PocHistoryState(rx.State):
    """The history tab of the POC page."""

    versions: list[VersionRow] = []
    diff_from: str = ""
    diff_to: str = ""
    meta_changes: list[MetaRow] = []
    file_changes: list[FileDiffRow] = []
    diff_shown: bool = False

    async def _context(self) -> tuple:
        detail = await self.get_state(PocDetailState)
        actor = (await self.get_state(SessionState)).actor()
        return actor, uuid.UUID(detail.poc.id), (await self.get_state(I18nState)).locale

    @rx.event
    async def load_history(self) -> None:
        """Load the versions, newest first."""
        self.diff_shown = False
        try:
            actor, poc_id, loc = await self._context()
            with session_scope(tenant_id=actor.tenant_id) as session:
                _, found, _ = history.list_versions(session, actor=actor, poc_id=poc_id, limit=100)
                names = history.author_names(session, actor, found)
        except (DomainError, ValueError):
            self.versions = []
            return
        self.versions = [
            VersionRow(
                v.number, gettext(v.message, loc), names.get(v.author_id, ""), format_dt(v.created_at, loc), len(v.tree)
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
        i18n = await self.get_state(I18nState)
        try:
            actor, poc_id, _ = await self._context()
            with session_scope(tenant_id=actor.tenant_id) as session:
                d = diffs.diff_versions(
                    session, actor=actor, poc_id=poc_id, before=int(self.diff_from), after=int(self.diff_to)
                )
        except (DomainError, ValueError) as exc:
            return rx.toast.error(exc.localized(i18n.locale) if isinstance(exc, DomainError) else str(exc))
        self.meta_changes = [MetaRow(m.field, _show(m.before), _show(m.after)) for m in d.meta]
        self.file_changes = [
            FileDiffRow(f.path, f.status, f.diff or i18n.tr(N_("(binário ou grande demais)"))) for f in d.files
        ]
        self.diff_shown = True
        return None

    @rx.event
    async def restore(self, number: int):  # noqa: ANN201
        """Make version ``number`` current again, as a new version."""
        i18n = await self.get_state(I18nState)
        try:
            actor, poc_id, _ = await self._context()
            with session_scope(tenant_id=actor.tenant_id) as session:
                history.restore_version(session, actor=actor, poc_id=poc_id, number=number)
        except DomainError as exc:
            yield rx.toast.error(exc.localized(i18n.locale))
            return
        yield rx.toast.success(i18n.tr(N_("Versão {number} restaurada."), number=number))
        await self.load_history()
        from state.poc_files import PocFilesState  # the files tab imports this module

        await (await self.get_state(PocFilesState)).load_files()
        yield PocDetailState.load_poc
