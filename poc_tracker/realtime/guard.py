"""Limits of the Dojo channel: a size cap per message type and token buckets per socket.

Every frame is charged to the socket's message and byte buckets, then to its type's bucket; a frame over
its type's cap, over a bucket, or malformed is refused (the socket gets an error message) and counts as a
strike. A socket that keeps being refused runs out of strikes and is closed with 1008 (policy violation).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Bucket:
    """A token bucket: ``capacity`` tokens, refilled at ``rate`` per second."""

    capacity: float
    rate: float
    tokens: float = -1.0
    at: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity

    def take(self, n: float = 1.0) -> bool:
        """Spend ``n`` tokens if there are that many now."""
        now = time.monotonic()
        self.tokens, self.at = min(self.capacity, self.tokens + (now - self.at) * self.rate), now
        if self.tokens < n:
            return False
        self.tokens -= n
        return True


@dataclass(frozen=True)
class Limit:
    """One message type: its largest frame (bytes) and its bucket (burst, refill per second)."""

    max_bytes: int
    burst: float
    per_second: float


KiB, MiB = 1024, 1024 * 1024
LIMITS: dict[str, Limit] = {
    # binary y-protocols messages
    "step1": Limit(64 * KiB, 20, 2),  # a state vector: "send me what I miss"
    "update": Limit(1 * MiB, 400, 100),  # document edits (sync step 2 or update): keystrokes, pastes
    "awareness": Limit(16 * KiB, 400, 100),  # cursors and presence
    # JSON messages
    "ping": Limit(256, 600, 300),
    "chat": Limit(8 * KiB, 10, 1),
    "reaction": Limit(512, 20, 2),
    "rotate": Limit(256, 5, 0.5),
    "editor": Limit(256, 5, 0.5),
    "share": Limit(256, 4, 0.2),
    "signal": Limit(16 * KiB, 400, 50),  # WebRTC offer/answer and trickled ICE candidates
    "auth": Limit(8 * KiB, 5, 0.1),  # a renewed access token
}
MAX_TEXT = max(v.max_bytes for k, v in LIMITS.items() if k not in ("step1", "update", "awareness"))
MAX_BINARY = max(LIMITS[k].max_bytes for k in ("step1", "update", "awareness")) + 16
SOCKET_MESSAGES = Limit(0, 1000, 300)  # every frame of a socket
SOCKET_BYTES = Limit(0, 4 * MiB, 1 * MiB)
STRIKES = Limit(0, 30, 0.5)  # refused frames a socket may send before it is closed


class Guard:
    """The buckets of one socket."""

    def __init__(self) -> None:
        self.messages = Bucket(SOCKET_MESSAGES.burst, SOCKET_MESSAGES.per_second)
        self.bytes = Bucket(SOCKET_BYTES.burst, SOCKET_BYTES.per_second)
        self.strikes = Bucket(STRIKES.burst, STRIKES.per_second)
        self.kinds: dict[str, Bucket] = {}
        self.last_notice = float("-inf")  # when the socket was last told it sends too fast

    def admit(self, kind: str, size: int) -> str | None:
        """None when a frame of this type and size may be handled now, else the error code."""
        limit = LIMITS[kind]
        if size > limit.max_bytes:
            return "message_too_large"
        bucket = self.kinds.setdefault(kind, Bucket(limit.burst, limit.per_second))
        if not (self.messages.take() and self.bytes.take(size) and bucket.take()):
            return "rate_limited"
        return None

    def strike(self) -> bool:
        """Count a refused frame; False once the socket has used up its strikes."""
        return self.strikes.take()
