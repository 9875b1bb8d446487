"""A POC's files on its page: the tree, a file with highlighting, downloads."""

from __future__ import annotations

import dataclasses

import reflex as rx

from poc_tracker.i18n import format_number
from poc_tracker.services import files
from state.base import ServiceState, as_id
from state.poc_detail import poc_on_screen


@dataclasses.dataclass
class FileRow:
    """A file of the tree."""

    id: str = ""
    path: str = ""
    size: str = ""
    depth: int = 0


class PocFilesState(ServiceState, rx.State):
    """The files tab of the POC page (uploads and deletions are in ``state.poc_versions``)."""

    rows: list[FileRow] = []
    viewing_path: str = ""
    viewing_text: str = ""
    viewing_language: str = "text"
    error: str = ""
    _loaded_for: str = ""

    @rx.event
    async def load_files(self) -> None:
        """Load the POC's file tree."""
        self.error = ""
        poc_id = await poc_on_screen(self)
        if self._loaded_for != str(poc_id):  # another POC: close the viewer
            self._loaded_for, self.viewing_path = str(poc_id), ""
        got = await self._call(lambda s, a: files.list_files(s, actor=a, poc_id=poc_id)[1])
        loc = await self._locale()
        found = got.value if got.ok else []
        self.rows = [FileRow(str(f.id), f.path, format_number(f.size, loc) + " B", f.path.count("/")) for f in found]

    @rx.event
    async def view_file(self, file_id: str):  # noqa: ANN201
        """Show a text file with syntax highlighting."""
        poc_id = await poc_on_screen(self)
        got = await self._call(lambda s, a: files.read_text(s, actor=a, poc_id=poc_id, file_id=as_id(file_id)))
        if not got.ok:
            return got.toast()
        content = got.value
        self.viewing_path, self.viewing_text, self.viewing_language = content.file.path, content.text, content.language
        return None

    @rx.event
    def close_viewer(self) -> None:
        """Back to the tree."""
        self.viewing_path = ""

    @rx.event
    async def download_file(self, file_id: str):  # noqa: ANN201
        """Download a file (from S3 through a short-lived link, or straight from here)."""
        poc_id = await poc_on_screen(self)
        got = await self._call(lambda s, a: files.download(s, actor=a, poc_id=poc_id, file_id=as_id(file_id)))
        if not got.ok:
            return got.toast()
        if got.value.url:
            return rx.redirect(got.value.url, is_external=True)
        return rx.download(data=got.value.data, filename=got.value.filename)
