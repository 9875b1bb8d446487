"""Password hashing with Argon2id."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from poc_tracker.settings import get_settings


@lru_cache
def _hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1, type=Type.ID)


def hasher() -> PasswordHasher:
    """The Argon2id hasher with the configured cost."""
    s = get_settings()
    return _hasher(s.argon2_time_cost, s.argon2_memory_kib)


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Check a password against its stored hash, in constant time."""
    try:
        return hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A hash to check against when the e-mail is unknown, so timing does not reveal accounts.
@lru_cache
def dummy_hash() -> str:
    """A hash of nothing in particular."""
    return hash_password("not-a-real-password")
