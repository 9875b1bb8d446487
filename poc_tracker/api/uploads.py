"""Reading a multipart upload as it streams in, with caps on bytes, files and fields.

Parts are spooled (memory up to 1 MiB, then a temporary file); file names are kept as the raw bytes
the client sent so that the service can refuse non-UTF-8 names, backslashes and drive letters
(the usual parsers decode them loosely or strip Windows paths).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from tempfile import SpooledTemporaryFile

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from poc_tracker.errors import Invalid
from poc_tracker.services.uploads import UploadItem, upload_too_large

SPOOL_BYTES = 1 << 20
MAX_FIELD_BYTES = 4096
MAX_FIELDS = 20
_FILENAME = re.compile(rb';\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', re.IGNORECASE)
_NAME = re.compile(rb';\s*name\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', re.IGNORECASE)


def _param(pattern: re.Pattern[bytes], disposition: bytes) -> bytes | None:
    """A parameter of Content-Disposition as sent (quotes and backslash escapes of quotes undone)."""
    match = pattern.search(disposition)
    if match is None:
        return None
    value = match.group(1).strip()
    if len(value) >= 2 and value[:1] == b'"' and value[-1:] == b'"':
        value = value[1:-1].replace(b'\\"', b'"')
    return value


@dataclass
class UploadForm:
    """The parsed form: file parts of the ``files`` field and small text fields."""

    files: list[UploadItem] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def close(self) -> None:
        """Drop the spooled parts."""
        for item in self.files:
            item.stream.close()


class _Collector:
    """python-multipart callbacks that fill an UploadForm within limits."""

    def __init__(self, form: UploadForm, max_files: int) -> None:
        self.form, self.max_files = form, max_files
        self.header_name, self.header_value, self.disposition = b"", b"", b""
        self.part_name, self.file, self.data = "", None, bytearray()

    def on_part_begin(self) -> None:
        self.disposition, self.file, self.data = b"", None, bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        if self.header_name.strip().lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        self.part_name = (_param(_NAME, self.disposition) or b"").decode("utf-8", "replace")
        filename = _param(_FILENAME, self.disposition)
        if filename is None:
            if len(self.form.fields) >= MAX_FIELDS:
                raise Invalid("Formulário com campos demais.", code="invalid_multipart")
            return
        if self.part_name != "files":
            raise Invalid(
                "Envie os arquivos no campo files.", code="invalid_multipart", details={"field": self.part_name}
            )
        if len(self.form.files) >= self.max_files:
            raise Invalid(
                "Envio com arquivos demais: o máximo é {max}.",
                code="too_many_files",
                details={"max": self.max_files},
                max=self.max_files,
            )
        self.file = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by UploadForm.close
        self.form.files.append(UploadItem(name=filename, stream=self.file))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.file is not None:
            self.file.write(data[start:end])
            return
        self.data += data[start:end]
        if len(self.data) > MAX_FIELD_BYTES:
            raise Invalid(
                "Campo de formulário grande demais.", code="invalid_multipart", details={"field": self.part_name}
            )

    def on_part_end(self) -> None:
        if self.file is not None:
            self.file.seek(0)
        else:
            self.form.fields[self.part_name] = self.data.decode("utf-8", "replace")

    def callbacks(self) -> dict[str, object]:
        return {
            name: getattr(self, name)
            for name in (
                "on_part_begin",
                "on_header_field",
                "on_header_value",
                "on_header_end",
                "on_headers_finished",
                "on_part_data",
                "on_part_end",
            )
        }


async def _capped(request: Request, max_bytes: int) -> AsyncIterator[bytes]:
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > max_bytes:
            raise upload_too_large(max_bytes)
        yield chunk


async def read_upload_form(request: Request, *, max_bytes: int, max_files: int) -> UploadForm:
    """Parse a ``multipart/form-data`` body, stopping as soon as it passes ``max_bytes``."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or not params.get(b"boundary"):
        raise Invalid("Envie os arquivos como multipart/form-data.", code="invalid_multipart")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise upload_too_large(max_bytes)
    form = UploadForm()
    parser = MultipartParser(params[b"boundary"], _Collector(form, max_files).callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in _capped(request, max_bytes):
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        form.close()
        raise Invalid("Corpo multipart malformado.", code="invalid_multipart") from None
    except BaseException:
        form.close()
        raise
    return form
