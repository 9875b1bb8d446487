"""A POC's files on its page: tree, upload, view with highlighting, download, delete."""

from __future__ import annotations

import dataclasses
import uuid
from typing import BinaryIO

import reflex as rx

from poc_tracker.db import session_scope
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_, format_number
from poc_tracker.services import files
from poc_tracker.services.uploads import UploadItem, upload_too_large
from poc_tracker.settings import get_settings
from state.i18n import I18nState
from state.poc_detail import PocDetailState
from state.poc_history import PocHistoryState
from state.session import SessionState

UPLOAD_ID = "poc-upload"


@dataclasses.dataclass
class FileRow:
    """A file of the tree."""

    id: str = ""
    path: str = ""
    size: str = ""
    depth: int = 0


def _size(stream: BinaryIO) -> int:
    """Bytes in a seekable stream, without reading them."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def upload_items(uploaded: list[rx.UploadFile]) -> list[UploadItem]:
    """The chosen files as streams that the upload service reads in chunks, stopping at the plan's per-file limit.

    Starlette spooled each file to disk past 1 MiB and ``/_upload`` is capped at ``upload_max_bytes`` while
    read (``BodyLimit``); no file is read whole into memory here.
    """
    most = get_settings().upload_max_bytes
    if sum(_size(f.file) for f in uploaded) > most:
        raise upload_too_large(most)
    return [UploadItem(name=f.name or "arquivo", stream=f.file) for f in uploaded]


class PocFilesState(rx.State):
    """The files tab of the POC page."""

    rows: list[FileRow] = []
    viewing_path: str = ""
    viewing_text: str = ""
    viewing_language: str = "text"
    uploading: bool = False
    error: str = ""
    _loaded_for: str = ""

    async def _context(self) -> tuple:
        detail = await self.get_state(PocDetailState)
        actor = (await self.get_state(SessionState)).actor()
        return actor, uuid.UUID(detail.poc.id), (await self.get_state(I18nState)).locale

    @rx.event
    async def load_files(self) -> None:
        """Load the POC's file tree."""
        self.error = ""
        try:
            actor, poc_id, loc = await self._context()
            if self._loaded_for != str(poc_id):  # another POC: close the viewer
                self._loaded_for, self.viewing_path = str(poc_id), ""
            with session_scope(tenant_id=actor.tenant_id) as session:
                _, found = files.list_files(session, actor=actor, poc_id=poc_id)
        except (DomainError, ValueError):
            self.rows = []
            return
        self.rows = [FileRow(str(f.id), f.path, format_number(f.size, loc) + " B", f.path.count("/")) for f in found]

    @rx.event
    async def upload(self, uploaded: list[rx.UploadFile]):  # noqa: ANN201
        """Store the chosen files (a .zip is unpacked) as a new version."""
        i18n = await self.get_state(I18nState)
        self.uploading = True
        yield
        try:
            actor, poc_id, _ = await self._context()
            items = upload_items(uploaded)
            with session_scope(tenant_id=actor.tenant_id) as session:
                result = files.upload_files(session, actor=actor, poc_id=poc_id, items=items, unzip=True)
        except DomainError as exc:
            self.uploading = False
            yield rx.toast.error(exc.localized(i18n.locale))
            return
        self.uploading = False
        yield rx.clear_selected_files(UPLOAD_ID)
        if result.version is None:
            yield rx.toast.info(i18n.tr(N_("Nada mudou: os arquivos já estavam na POC.")))
        else:
            yield rx.toast.success(i18n.tr(N_("Arquivos enviados.")))
        await self.load_files()
        yield [PocDetailState.load_poc, PocHistoryState.load_history]

    @rx.event
    async def view_file(self, file_id: str):  # noqa: ANN201
        """Show a text file with syntax highlighting."""
        i18n = await self.get_state(I18nState)
        try:
            actor, poc_id, _ = await self._context()
            with session_scope(tenant_id=actor.tenant_id) as session:
                content = files.read_text(session, actor=actor, poc_id=poc_id, file_id=uuid.UUID(file_id))
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        self.viewing_path, self.viewing_text, self.viewing_language = content.file.path, content.text, content.language
        return None

    @rx.event
    def close_viewer(self) -> None:
        """Back to the tree."""
        self.viewing_path = ""

    @rx.event
    async def download_file(self, file_id: str):  # noqa: ANN201
        """Download a file (from S3 through a short-lived link, or straight from here)."""
        i18n = await self.get_state(I18nState)
        try:
            actor, poc_id, _ = await self._context()
            with session_scope(tenant_id=actor.tenant_id) as session:
                got = files.download(session, actor=actor, poc_id=poc_id, file_id=uuid.UUID(file_id))
        except DomainError as exc:
            return rx.toast.error(exc.localized(i18n.locale))
        if got.url:
            return rx.redirect(got.url, is_external=True)
        return rx.download(data=got.data, filename=got.filename)

    @rx.event
    async def delete_file(self, file_id: str):  # noqa: ANN201
        """Remove a file from the POC (older versions keep it)."""
        i18n = await self.get_state(I18nState)
        try:
            actor, poc_id, _ = await self._context()
            with session_scope(tenant_id=actor.tenant_id) as session:
                files.delete_file(session, actor=actor, poc_id=poc_id, file_id=uuid.UUID(file_id))
        except DomainError as exc:
            yield rx.toast.error(exc.localized(i18n.locale))
            return
        await self.load_files()
        yield [PocDetailState.load_poc, PocHistoryState.load_history]
