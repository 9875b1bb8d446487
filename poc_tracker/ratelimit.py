"""Token buckets and failed-login counters: in process (embedded) or in Redis (production)."""

from __future__ import annotations

import logging
import math
import threading
import time
from functools import lru_cache
from typing import Protocol

import redis

from poc_tracker.settings import get_settings

log = logging.getLogger("poc_tracker.ratelimit")

_BUCKET_LUA = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local data = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(data[1]) or capacity
local ts = tonumber(data[2]) or now
tokens = math.min(capacity, tokens + (now - ts) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', now)
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return {allowed, tostring(wait)}
"""


class Limiter(Protocol):
    """Rate limiting and failed-login bookkeeping."""

    def take(self, key: str, capacity: int, per_seconds: float) -> float:
        """Take one token; 0 when allowed, else the seconds to wait."""

    def failures(self, key: str) -> tuple[int, float]:
        """Count of recent failures for a key and the time of the last one."""

    def add_failure(self, key: str, window: int) -> None:
        """Record one failure, forgotten after ``window`` seconds of quiet."""

    def clear(self, key: str) -> None:
        """Forget a key's failures."""

    def mark(self, key: str, ttl: int) -> None:
        """Remember a flag for ``ttl`` seconds (an address the account signed in from)."""

    def marked(self, key: str) -> bool:
        """Whether a flag is set."""


class MemoryLimiter:
    """Buckets in this process's memory: the embedded profile."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}
        self._fails: dict[str, tuple[int, float]] = {}
        self._marks: dict[str, float] = {}

    def take(self, key: str, capacity: int, per_seconds: float) -> float:
        rate = capacity / per_seconds
        now = time.monotonic()
        with self._lock:
            tokens, ts = self._buckets.get(key, (float(capacity), now))
            tokens = min(capacity, tokens + (now - ts) * rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / rate

    def failures(self, key: str) -> tuple[int, float]:
        with self._lock:
            return self._fails.get(key, (0, 0.0))

    def add_failure(self, key: str, window: int) -> None:
        now = time.time()
        with self._lock:
            count, last = self._fails.get(key, (0, 0.0))
            self._fails[key] = (1 if now - last > window else count + 1, now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)

    def mark(self, key: str, ttl: int) -> None:
        with self._lock:
            self._marks[key] = time.time() + ttl

    def marked(self, key: str) -> bool:
        with self._lock:
            return self._marks.get(key, 0.0) > time.time()

    def reset(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._buckets.clear()
            self._fails.clear()
            self._marks.clear()


class RedisLimiter:
    """Buckets shared by every process through Redis: production."""

    def __init__(self, url: str) -> None:
        # Short timeouts: a Redis that restarts or fails over must not hold requests up.
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=3)
        self._bucket = self._redis.register_script(_BUCKET_LUA)

    def take(self, key: str, capacity: int, per_seconds: float) -> float:
        allowed, wait = self._bucket(keys=[f"rl:{key}"], args=[capacity, capacity / per_seconds, time.time()])
        return 0.0 if int(allowed) else float(wait)

    def failures(self, key: str) -> tuple[int, float]:
        count, last = self._redis.hmget(f"lf:{key}", "count", "last")
        return int(count or 0), float(last or 0.0)

    def add_failure(self, key: str, window: int) -> None:
        pipe = self._redis.pipeline()
        pipe.hincrby(f"lf:{key}", "count", 1)
        pipe.hset(f"lf:{key}", "last", time.time())
        pipe.expire(f"lf:{key}", window)
        pipe.execute()

    def clear(self, key: str) -> None:
        self._redis.delete(f"lf:{key}")

    def mark(self, key: str, ttl: int) -> None:
        self._redis.set(f"mk:{key}", 1, ex=ttl)

    def marked(self, key: str) -> bool:
        return bool(self._redis.exists(f"mk:{key}"))


class FallbackLimiter:
    """Redis while it answers, this process's memory while it does not (restart, failover).

    Requests keep being served and limited (per process) instead of failing.
    """

    QUIET = 30.0  # seconds between two warnings

    def __init__(self, primary: RedisLimiter, fallback: MemoryLimiter) -> None:
        self.primary, self.fallback = primary, fallback
        self._warned = 0.0

    def _either(self, name: str, *args: object) -> object:
        try:
            return getattr(self.primary, name)(*args)
        except redis.RedisError as exc:
            if time.monotonic() - self._warned > self.QUIET:
                self._warned = time.monotonic()
                log.warning(
                    "redis unreachable: limiting in process",
                    extra={"event": "ratelimit_fallback", "details": {"error": type(exc).__name__}},
                )
            return getattr(self.fallback, name)(*args)

    def take(self, key: str, capacity: int, per_seconds: float) -> float:
        return self._either("take", key, capacity, per_seconds)

    def failures(self, key: str) -> tuple[int, float]:
        return self._either("failures", key)

    def add_failure(self, key: str, window: int) -> None:
        self._either("add_failure", key, window)

    def clear(self, key: str) -> None:
        self._either("clear", key)

    def mark(self, key: str, ttl: int) -> None:
        self._either("mark", key, ttl)

    def marked(self, key: str) -> bool:
        return self._either("marked", key)


@lru_cache
def get_limiter() -> Limiter:
    """The limiter of the configured profile."""
    url = get_settings().redis_url
    return FallbackLimiter(RedisLimiter(url), MemoryLimiter()) if url else MemoryLimiter()


def retry_after(seconds: float) -> int:
    """Whole seconds for a Retry-After header."""
    return max(1, math.ceil(seconds))
