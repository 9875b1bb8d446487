"""Secrets kept at rest (identity providers' client secrets), encrypted with a Fernet key from settings."""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from poc_tracker.settings import get_settings


@lru_cache
def _fernet() -> Fernet:
    """The key in force: from settings, else (not in production) one made once in the data folder."""
    s = get_settings()
    if s.oidc_secret_key:
        return Fernet(s.oidc_secret_key.encode())
    if s.env == "production":
        raise RuntimeError("POC_TRACKER_OIDC_SECRET_KEY is required in production (a Fernet key)")
    keys_dir = s.data_dir / "keys"
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = keys_dir / "oidc-secret.key"
    with contextlib.suppress(FileExistsError):  # O_EXCL: the first process to get here writes the key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(Fernet.generate_key())
    return Fernet(path.read_bytes().strip())


def seal(plain: str) -> str:
    """Encrypt a secret for storage."""
    return _fernet().encrypt(plain.encode()).decode()


def unseal(sealed: str) -> str:
    """Decrypt a stored secret; RuntimeError when the key changed (the admin must enter it again)."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise RuntimeError("a stored secret cannot be read with the configured key") from exc


def forget_key() -> None:
    """Drop the cached key (tests change settings)."""
    _fernet.cache_clear()
