"""Merkle roots of file trees: equal trees, equal roots; one changed byte changes the root."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def leaf(path: str, blob_hash: str) -> bytes:
    """The leaf of one file: its path and the hash of its content."""
    return hashlib.sha256(b"\x00" + path.encode() + b"\x00" + bytes.fromhex(blob_hash)).digest()


def merkle_root(entries: Iterable[tuple[str, str]]) -> str:
    """Root over (path, blob hash) pairs, sorted by path."""
    level = [leaf(p, h) for p, h in sorted(entries)]
    if not level:
        return EMPTY_ROOT
    while len(level) > 1:
        if len(level) % 2:
            level.append(level[-1])
        level = [hashlib.sha256(b"\x01" + a + b).digest() for a, b in zip(level[::2], level[1::2], strict=True)]
    return level[0].hex()
