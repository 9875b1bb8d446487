"""Video and image files for players: byte ranges (Safari on iPhone plays nothing without them) and inline display."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi import Response, status
from fastapi.responses import RedirectResponse, StreamingResponse

from poc_tracker.services.jobs import JobFile
from poc_tracker.storage import get_file_store
from poc_tracker.storage.disposition import content_disposition

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte of a single ``bytes=a-b`` range (suffix and open ranges too); None: the whole file."""
    match = _RANGE.match((header or "").strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        return max(0, size - int(last)), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end else (-1, -1)


def _slice(key: str, start: int, end: int) -> Iterator[bytes]:
    at = 0
    for block in get_file_store().iter_chunks(key):
        lo, hi = max(start - at, 0), min(end + 1 - at, len(block))
        if lo < hi:
            yield block[lo:hi]
        at += len(block)
        if at > end:
            return


def media_response(file: JobFile, range_header: str | None, *, inline: bool = True) -> Response:
    """The file, or the byte range asked for (206); S3 answers ranges itself through a presigned URL."""
    store = get_file_store()
    url = store.url_for(file.key, file.name, file.content_type)
    if url:
        return RedirectResponse(
            url, status_code=status.HTTP_307_TEMPORARY_REDIRECT, headers={"Cache-Control": "no-store"}
        )
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Disposition": content_disposition(file.name, inline=inline),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
        "Cache-Control": "private, max-age=300",
    }
    wanted = parse_range(range_header, file.size)
    if wanted == (-1, -1):
        return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{file.size}"})
    if wanted is None:
        headers["Content-Length"] = str(file.size)
        return StreamingResponse(store.iter_chunks(file.key), media_type=file.content_type, headers=headers)
    start, end = wanted
    headers["Content-Range"] = f"bytes {start}-{end}/{file.size}"
    headers["Content-Length"] = str(end - start + 1)
    return StreamingResponse(
        _slice(file.key, start, end), status_code=206, media_type=file.content_type, headers=headers
    )
