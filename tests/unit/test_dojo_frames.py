"""The Dojo channel's frame checks: strict y-protocols parsing and the per-socket buckets."""

from __future__ import annotations

import json
import time

import pytest
from pycrdt import Doc, Encoder, Text

from poc_tracker.realtime import protocol
from poc_tracker.realtime.guard import LIMITS, Bucket, Guard


def awareness(client: int, clock: int, state: object) -> bytes:
    enc = Encoder()
    enc.write_var_uint(1)
    enc.write_var_uint(client)
    enc.write_var_uint(clock)
    enc.write_var_string(json.dumps(state))
    body = enc.to_bytes()
    head = Encoder()
    head.write_var_uint(len(body))
    return bytes([protocol.AWARENESS]) + head.to_bytes() + body


def test_well_formed_messages_parse_and_give_their_payload():
    doc = Doc()
    doc.get("code", type=Text).insert(0, "olá")
    update = doc.get_update()
    assert protocol.parse(protocol.update_message(update)) == (protocol.SYNC, protocol.UPDATE, update)
    assert protocol.parse(protocol.step1(doc))[:2] == (protocol.SYNC, protocol.STEP1)
    client = 2**53 - 1  # pycrdt and Yjs client ids go up to JavaScript's largest safe integer
    kind, _, body = protocol.parse(awareness(client, 3, {"user": {"name": "Ana"}}))
    assert kind == protocol.AWARENESS and protocol.parse_awareness(body) == {client: (3, False)}
    _, _, body = protocol.parse(protocol.awareness_removal({client: 3}))
    assert protocol.parse_awareness(body) == {client: (4, True)}


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\x00",
        b"\x00\x02",
        b"\x00\x09\x00",
        b"\x07\x00",
        b"\x01\x05ab",
        b"\x00\x02\x01ab",
        b"\x00\x02" + b"\xff" * 10,
    ],
)
def test_malformed_frames_are_refused(frame):
    with pytest.raises(protocol.Malformed):
        protocol.parse(frame)


@pytest.mark.parametrize("state", ["[1]", '"x"'])
def test_an_awareness_state_must_be_an_object_or_null(state):
    _, _, body = protocol.parse(awareness(1, 1, json.loads(state)))
    with pytest.raises(protocol.Malformed):
        protocol.parse_awareness(body)


def test_a_pycrdt_failure_on_socket_bytes_is_malformed():
    with pytest.raises(protocol.Malformed):
        protocol.checked(Doc().apply_update, b"\xff\xff\xff")


def test_a_bucket_refills_at_its_rate():
    bucket = Bucket(capacity=2, rate=100)
    assert bucket.take() and bucket.take() and not bucket.take()
    time.sleep(0.03)
    assert bucket.take()


def test_the_guard_caps_size_per_type_and_rate_per_type():
    guard = Guard()
    assert guard.admit("signal", LIMITS["signal"].max_bytes + 1) == "message_too_large"
    results = [guard.admit("chat", 100) for _ in range(20)]
    assert results[: int(LIMITS["chat"].burst)] == [None] * int(LIMITS["chat"].burst)
    assert results[-1] == "rate_limited"
    assert guard.admit("ping", 10) is None  # another type has its own bucket
