"""Shared fixtures: both profiles (embedded SQLite and PostgreSQL + Redis), API client, personas."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.mail_support import smtp_server  # noqa: F401 - shared fixture
from tests.oidc_support import oidc_provider  # noqa: F401 - shared fixture
from tests.personas import Persona, add_member, create_tenant
from tests.search_support import index_worker, indexer, opensearch_url, search_backend  # noqa: F401 - shared fixtures
from tests.storage_fixtures import file_store, local_store, moto_s3, s3_store  # noqa: F401 - shared fixtures

PG_URL = os.environ.get("POC_TRACKER_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("POC_TRACKER_TEST_REDIS_URL", "")
PROFILES = ["embedded"] + (["production"] if PG_URL else [])

# Cheap Argon2id for tests: same algorithm, lower cost.
os.environ.setdefault("POC_TRACKER_ARGON2_TIME_COST", "1")
os.environ.setdefault("POC_TRACKER_ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("POC_TRACKER_LOG_LEVEL", "WARNING")


def clear_caches() -> None:
    """Forget every cached object built from settings."""
    from poc_tracker.auth import keys, passwords, sealing
    from poc_tracker.ratelimit import get_limiter
    from poc_tracker.settings import get_settings
    from poc_tracker.storage import get_file_store

    get_settings.cache_clear()
    get_file_store.cache_clear()
    get_limiter.cache_clear()
    keys.load_keys.cache_clear()
    sealing.keys.cache_clear()
    passwords.dummy_hash.cache_clear()


@dataclass(frozen=True)
class Profile:
    """One way of running the app in the tests."""

    name: str
    env: dict[str, str]

    @property
    def database_url(self) -> str:
        return self.env["POC_TRACKER_DATABASE_URL"]


@pytest.fixture(scope="session", params=PROFILES)
def profile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Profile]:
    """Embedded (SQLite, in-process limiter, SQLite broker) or production (PostgreSQL, Redis)."""
    data_dir: Path = tmp_path_factory.mktemp(f"data-{request.param}")
    env = {"POC_TRACKER_DATA_DIR": str(data_dir), "POC_TRACKER_ENV": "test"}
    if request.param == "embedded":
        env["POC_TRACKER_DATABASE_URL"] = f"sqlite:///{data_dir / 'test.db'}"
        env["POC_TRACKER_REDIS_URL"] = ""
    else:
        env["POC_TRACKER_DATABASE_URL"] = PG_URL
        env["POC_TRACKER_REDIS_URL"] = REDIS_URL or "redis://127.0.0.1:6379/15"
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    clear_caches()
    from poc_tracker.db import get_engine
    from poc_tracker.migrations import upgrade

    if request.param == "production":
        with get_engine().begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        redis.Redis.from_url(env["POC_TRACKER_REDIS_URL"]).flushdb()
    upgrade(env["POC_TRACKER_DATABASE_URL"])
    yield Profile(request.param, env)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    clear_caches()


TABLES = [
    "search_queries",
    "consent_records",
    "privacy_requests",
    "video_shares",
    "video_offers",
    "oidc_flows",
    "user_identities",
    "identity_domains",
    "identity_providers",
    "report_schedules",
    "jobs",
    "mfa_challenges",
    "mfa_recovery_codes",
    "mfa_totp",
    "webauthn_credentials",
    "dojo_events",
    "dojo_participants",
    "dojos",
    "collection_items",
    "favorites",
    "collections",
    "poc_versions",
    "poc_files",
    "blobs",
    "poc_tags",
    "pocs",
    "audit_log",
    "outbox_pending",
    "domain_events",
    "mail_messages",
    "account_tokens",
    "refresh_tokens",
    "invitations",
    "users",
    "tenants",
]


@pytest.fixture(autouse=True)
def clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts with empty tables and fresh rate-limit buckets."""
    if "profile" not in request.fixturenames:
        yield
        return
    profile: Profile = request.getfixturevalue("profile")
    from poc_tracker.db import get_engine
    from poc_tracker.ratelimit import MemoryLimiter, get_limiter

    with get_engine().begin() as conn:
        if profile.name == "production":
            conn.execute(text(f"TRUNCATE {', '.join(TABLES)} CASCADE"))
        else:
            for table in TABLES:
                conn.execute(text(f"DELETE FROM {table}"))
    limiter = get_limiter()
    if isinstance(limiter, MemoryLimiter):
        limiter.reset()
    else:
        redis.Redis.from_url(profile.env["POC_TRACKER_REDIS_URL"]).flushdb()
    yield


@pytest.fixture
def client(profile: Profile) -> TestClient:
    """An HTTP client for the API app, in process."""
    from poc_tracker.api import create_api

    return TestClient(create_api())


@pytest.fixture
def owner_a(client: TestClient) -> Persona:
    return create_tenant(client, "alfa")


@pytest.fixture
def owner_b(client: TestClient) -> Persona:
    return create_tenant(client, "beta")


@pytest.fixture
def member_a(client: TestClient, owner_a: Persona) -> Persona:
    return add_member(client, owner_a, "membro", "member")


@pytest.fixture
def viewer_a(client: TestClient, owner_a: Persona) -> Persona:
    return add_member(client, owner_a, "leitora", "viewer")
