"""Secrets sealed at rest (TOTP seeds): Fernet keys from settings, or one generated into the data folder."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from poc_tracker.settings import get_settings


def _generated_key(path: Path) -> str:
    """The data folder's key, written once (0600) by whichever process gets there first."""
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(Fernet.generate_key())
        try:
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text().strip()


@lru_cache
def keys() -> tuple[str, ...]:
    """Every key in force, newest first: the first seals, all of them open (rotation)."""
    configured = [k.strip() for k in get_settings().mfa_encryption_key.split(",") if k.strip()]
    if configured:
        return tuple(configured)
    folder = get_settings().data_dir / "keys"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return (_generated_key(folder / "mfa.key"),)


def _box() -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys()])


def seal(plain: str) -> str:
    """Encrypt and authenticate a secret."""
    return _box().encrypt(plain.encode()).decode()


def unseal(sealed: str) -> str:
    """Open a sealed secret; ValueError when no key opens it (tampered or a lost key)."""
    try:
        return _box().decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("sealed secret cannot be opened") from exc


def keyed_hashes(value: str, *, context: str) -> list[str]:
    """HMAC-SHA256 of a short secret (a recovery code) under each key, the newest first (what to store).

    A database leak alone gives no way to test guesses offline; after a rotation, older hashes still match.
    """
    found = []
    for k in keys():
        key = hashlib.sha256(b"poc-tracker " + context.encode() + b"\0" + k.encode()).digest()
        found.append(hmac.new(key, value.encode(), hashlib.sha256).hexdigest())
    return found
