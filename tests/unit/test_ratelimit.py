"""The token bucket: 100 at once, then refills at 100 per minute; failures counted per key."""

from __future__ import annotations

import os
import time

import pytest
import redis

from poc_tracker.ratelimit import MemoryLimiter, RedisLimiter

REDIS_URL = os.environ.get("POC_TRACKER_TEST_REDIS_URL", "")


def limiters():
    yield MemoryLimiter()
    if REDIS_URL:
        redis.Redis.from_url(REDIS_URL).flushdb()
        yield RedisLimiter(REDIS_URL)


@pytest.mark.parametrize("limiter", list(limiters()), ids=lambda x: type(x).__name__)
def test_bucket_allows_capacity_then_refuses_with_a_wait(limiter):
    key = f"k{time.time()}"
    assert all(limiter.take(key, 100, 60.0) == 0 for _ in range(100))
    wait = limiter.take(key, 100, 60.0)
    assert 0 < wait <= 0.61
    assert limiter.take(f"other{key}", 100, 60.0) == 0


@pytest.mark.parametrize("limiter", list(limiters()), ids=lambda x: type(x).__name__)
def test_bucket_refills_over_time(limiter):
    key = f"r{time.time()}"
    for _ in range(10):
        limiter.take(key, 10, 1.0)
    assert limiter.take(key, 10, 1.0) > 0
    time.sleep(0.25)
    assert limiter.take(key, 10, 1.0) == 0


@pytest.mark.parametrize("limiter", list(limiters()), ids=lambda x: type(x).__name__)
def test_failures_are_counted_and_cleared(limiter):
    key = f"f{time.time()}"
    for _ in range(3):
        limiter.add_failure(key, 60)
    assert limiter.failures(key)[0] == 3
    limiter.clear(key)
    assert limiter.failures(key)[0] == 0


@pytest.mark.parametrize("limiter", list(limiters()), ids=lambda x: type(x).__name__)
def test_marks_last_their_time_to_live(limiter):
    key = f"m{time.time()}"
    assert not limiter.marked(key)
    limiter.mark(key, 1)
    assert limiter.marked(key)
    time.sleep(1.1)
    assert not limiter.marked(key)


def test_a_redis_that_does_not_answer_leaves_limiting_to_the_process_memory():
    from poc_tracker.ratelimit import FallbackLimiter, MemoryLimiter, RedisLimiter
    from tests.live_server import free_port

    limiter = FallbackLimiter(RedisLimiter(f"redis://127.0.0.1:{free_port()}/0"), MemoryLimiter())
    assert [limiter.take("user:x", 2, 60.0) == 0 for _ in range(3)] == [True, True, False]
    limiter.add_failure("login:a", 60)
    assert limiter.failures("login:a")[0] == 1
