"""Changes that make a new version of the POC on screen: uploads, deleting a file, restoring a version.

They refresh the page and both tabs, so this module sits above ``poc_detail``, ``poc_files`` and
``poc_history`` and none of them imports another feature state back.
"""

from __future__ import annotations

from typing import BinaryIO

import reflex as rx
from reflex_components_sonner.toast import ToastAction

from poc_tracker.i18n import N_
from poc_tracker.services import files, history
from poc_tracker.services.uploads import UploadItem, upload_too_large
from poc_tracker.settings import get_settings
from state.base import ServiceState, as_id
from state.poc_detail import PocDetailState, poc_on_screen
from state.poc_files import PocFilesState
from state.poc_history import PocHistoryState

UPLOAD_ID = "poc-upload"
RELOAD_PAGE = [PocDetailState.load_poc, PocFilesState.load_files, PocHistoryState.load_history]


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


class PocVersionsState(ServiceState, rx.State):
    """Upload, delete a file, restore a version; then show the new version everywhere on the page."""

    uploading: bool = False
    restoring: int = 0  # the version the confirmation dialog is about (0: closed)
    back: list[str] = []  # files the restore brings back
    gone: list[str] = []  # files it removes
    changed: list[str] = []  # files whose content changes
    fields: list[str] = []  # metadata fields that change
    files_after: int = 0

    @rx.event
    async def upload(self, uploaded: list[rx.UploadFile]):  # noqa: ANN201
        """Store the chosen files (a .zip is unpacked) as a new version."""
        self.uploading = True
        yield
        poc_id = await poc_on_screen(self)
        got = await self._call(
            lambda s, a: files.upload_files(s, actor=a, poc_id=poc_id, items=upload_items(uploaded), unzip=True)
        )
        self.uploading = False
        if not got.ok:
            yield got.toast()
            return
        yield rx.clear_selected_files(UPLOAD_ID)
        if got.value.version is None:
            yield rx.toast.info(await self._tr(N_("Nada mudou: os arquivos já estavam na POC.")))
        else:
            yield rx.toast.success(await self._tr(N_("Arquivos enviados.")))
        yield RELOAD_PAGE

    @rx.event
    async def delete_file(self, file_id: str):  # noqa: ANN201
        """Remove a file from the POC (older versions keep it)."""
        poc_id = await poc_on_screen(self)
        got = await self._call(lambda s, a: files.delete_file(s, actor=a, poc_id=poc_id, file_id=as_id(file_id)))
        return got.toast() if not got.ok else RELOAD_PAGE

    @rx.event
    async def ask_restore(self, number: int):  # noqa: ANN201
        """Open the confirmation: what restoring version ``number`` adds, removes and changes."""
        poc_id = await poc_on_screen(self)
        got = await self._call(lambda s, a: history.restore_preview(s, actor=a, poc_id=poc_id, number=number))
        if not got.ok:
            return got.toast()
        p = got.value
        self.back, self.gone, self.changed = p.added, p.removed, p.modified
        self.fields, self.files_after, self.restoring = p.fields, p.files_after, number
        return None

    @rx.event
    def close_restore(self, open_: bool = False) -> None:
        """Close the confirmation without restoring."""
        if not open_:
            self.restoring = 0

    @rx.event
    async def restore(self, number: int):  # noqa: ANN201
        """Make version ``number`` (the dialog's) current again, as a new version; the toast can undo it."""
        self.restoring = 0
        poc_id = await poc_on_screen(self)
        got = await self._call(lambda s, a: history.restore_version(s, actor=a, poc_id=poc_id, number=number))
        if not got.ok:
            return got.toast()
        version, created = got.value
        if not created:
            return rx.toast.info(await self._tr(N_("Nada mudou: a POC já estava como nessa versão.")))
        before = version.number - 1  # the version current until now (versions are numbered one after another)
        undo = ToastAction(label=await self._tr(N_("Desfazer")), on_click=PocVersionsState.undo_restore(before))
        done = await self._tr(N_("Versão {number} restaurada."), number=number)
        return [rx.toast.success(done, action=undo, duration=10000), *RELOAD_PAGE]

    @rx.event
    async def undo_restore(self, number: int):  # noqa: ANN201
        """Bring back the version that was current before a restore (itself a new version: nothing is lost)."""
        poc_id = await poc_on_screen(self)
        got = await self._call(lambda s, a: history.restore_version(s, actor=a, poc_id=poc_id, number=number))
        if not got.ok:
            return got.toast()
        return [rx.toast.info(await self._tr(N_("Restauração desfeita."))), *RELOAD_PAGE]
