"""A read cache in Redis for what pages show, dropped as soon as the tenant's data changes.

Each tenant has a generation number in Redis. Whatever changes what a page shows bumps it after its commit
(every domain event, ``services/events.py``; the activity feed when the worker records it, ``services/outbox.py``),
and an entry is served only while the generation it was computed at is current. Its key names the tenant,
the user and their language: an entry is never shown to anyone else. The TTL bounds what a lost bump could
leave (Redis away at that moment) and what only time changes ("há 5 min", this month's count).

On the embedded profile there is no Redis and nothing is cached: every read goes to the database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import redis

from poc_tracker.settings import get_settings

log = logging.getLogger(__name__)
TTL_S = 30


@dataclass(frozen=True)
class Lookup:
    """What the cache had for a key: its value (None when missing or stale), and the generation it was read at.

    Store a newly computed value with ``put(lookup, value)``: it is tagged with the generation read *before*
    computing, so a write that lands meanwhile leaves it stale rather than passing it off as fresh.
    """

    key: str
    generation: int
    value: Any = None


@lru_cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)


def _redis() -> redis.Redis | None:
    url = get_settings().redis_url
    return _client(url) if url else None


def _generation_key(tenant_id: uuid.UUID) -> str:
    return f"rc:gen:{tenant_id}"


def bump(tenant_id: uuid.UUID) -> None:
    """The tenant's data changed: every entry of the tenant is stale from now on (after the change's commit)."""
    client = _redis()
    if client is None:
        return
    try:
        client.incr(_generation_key(tenant_id))
    except redis.RedisError:
        log.warning("read cache: generation not bumped", extra={"event": "read_cache_bump_failed"})


def get(kind: str, tenant_id: uuid.UUID, user_id: uuid.UUID, *parts: str) -> Lookup | None:
    """One user's cached ``kind`` (and its arguments), or None when there is no cache to use (no Redis, an error)."""
    client = _redis()
    if client is None:
        return None
    args = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]  # a search text may be long
    key = f"rc:{kind}:{tenant_id}:{user_id}:{args}"
    try:
        generation, raw = client.mget(_generation_key(tenant_id), key)
    except redis.RedisError:
        return None
    current = int(generation or 0)
    if raw is None:
        return Lookup(key, current)
    entry = json.loads(raw)
    return Lookup(key, current, entry["value"] if entry.get("generation") == current else None)


def put(lookup: Lookup, value: Any) -> None:
    """Keep ``value`` (JSON) for the key looked up, at the generation of that lookup."""
    client = _redis()
    if client is None:
        return
    try:
        client.set(lookup.key, json.dumps({"generation": lookup.generation, "value": value}), ex=TTL_S)
    except redis.RedisError:
        log.warning("read cache: entry not kept", extra={"event": "read_cache_put_failed"})
