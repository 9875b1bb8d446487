"""y-protocols framing helpers: sync step 1/2 and updates, awareness updates and their removal."""

from __future__ import annotations

import json

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
