"""y-protocols framing helpers: sync step 1/2 and updates, awareness updates and their removal."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import TypeVar

from pycrdt import Decoder, Doc, Encoder, YMessageType, YSyncMessageType, create_sync_message, create_update_message

SYNC, AWARENESS = YMessageType.SYNC, YMessageType.AWARENESS
STEP1, STEP2, UPDATE = YSyncMessageType.SYNC_STEP1, YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE
EMPTY_UPDATE = b"\x00\x00"


def step1(doc: Doc) -> bytes:
    """Our state vector: 'send me what I miss'."""
    return create_sync_message(doc)


def step2(doc: Doc, state_vector: bytes) -> bytes:
    """What the other side misses, given its state vector."""
    return bytes([SYNC, STEP2]) + _with_length(doc.get_update(state_vector))


def update_message(update: bytes) -> bytes:
    """An incremental document update."""
    return create_update_message(update)


def payload(message: bytes) -> bytes:
    """The length-prefixed payload of a sync or awareness message (after its type bytes)."""
    skip = 2 if message[0] == SYNC else 1
    return Decoder(message[skip:]).read_message() or b""


def _with_length(data: bytes) -> bytes:
    enc = Encoder()
    enc.write_var_uint(len(data))
    return enc.to_bytes() + data


def awareness_clients(message: bytes) -> dict[int, tuple[int, bool]]:
    """Client id → (clock, removed) announced by an awareness message."""
    dec = Decoder(payload(message))
    out: dict[int, tuple[int, bool]] = {}
    for _ in range(dec.read_var_uint()):
        client, clock = dec.read_var_uint(), dec.read_var_uint()
        state = dec.read_var_string()
        out[client] = (clock, state == "null")
    return out


def awareness_removal(clients: dict[int, int]) -> bytes:
    """An awareness update that marks these clients gone (clock + 1, state null)."""
    enc = Encoder()
    enc.write_var_uint(len(clients))
    for client, clock in clients.items():
        enc.write_var_uint(client)
        enc.write_var_uint(clock + 1)
        enc.write_var_string(json.dumps(None))
    return bytes([AWARENESS]) + _with_length(enc.to_bytes())


class Malformed(ValueError):
    """A binary frame that is not a well-formed y-protocols message."""


T = TypeVar("T")


def checked(call: Callable[..., T], *args: object) -> T:
    """Run a pycrdt call on bytes from a socket: whatever it raises on bad input (a Rust panic too) is Malformed."""
    try:
        return call(*args)
    except (KeyboardInterrupt, SystemExit, asyncio.CancelledError):
        raise
    except BaseException as exc:  # pyo3's PanicException is a BaseException
        raise Malformed("pycrdt refused the bytes") from exc


def _read_var_uint(data: bytes, pos: int) -> tuple[int, int]:
    """A variable-length unsigned int (at most 53 bits, like lib0's) at ``pos``: (value, next position)."""
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 49:
            raise Malformed("bad length")
        byte = data[pos]
        value, pos, shift = value | (byte & 0x7F) << shift, pos + 1, shift + 7
        if byte < 0x80:
            return value, pos


def parse(message: bytes) -> tuple[int, int | None, bytes]:
    """Check a binary frame strictly: (message type, sync step or None, payload); Malformed otherwise."""
    if not message:
        raise Malformed("empty frame")
    kind, pos, sub = message[0], 1, None
    if kind == SYNC:
        if len(message) < 2 or message[1] not in (STEP1, STEP2, UPDATE):
            raise Malformed("unknown sync step")
        sub, pos = message[1], 2
    elif kind != AWARENESS:
        raise Malformed("unknown message type")
    length, pos = _read_var_uint(message, pos)
    if length != len(message) - pos:
        raise Malformed("length does not match")
    return kind, sub, message[pos:]


def parse_awareness(body: bytes) -> dict[int, tuple[int, bool]]:
    """Client id → (clock, removed) of an awareness payload, checked strictly; Malformed otherwise."""
    count, pos = _read_var_uint(body, 0)
    out: dict[int, tuple[int, bool]] = {}
    for _ in range(count):
        client, pos = _read_var_uint(body, pos)
        clock, pos = _read_var_uint(body, pos)
        length, pos = _read_var_uint(body, pos)
        if pos + length > len(body):
            raise Malformed("truncated awareness state")
        try:
            state = json.loads(body[pos : pos + length].decode())
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise Malformed("awareness state is not JSON") from exc
        if state is not None and not isinstance(state, dict):
            raise Malformed("awareness state is not an object")
        out[client], pos = (clock, state is None), pos + length
    if pos != len(body):
        raise Malformed("trailing bytes")
    return out
