"""RS256 key pair: from settings, or generated once into the data folder (embedded profile)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from poc_tracker.settings import get_settings


@dataclass(frozen=True)
class KeyPair:
    """PEM strings of the signing and verification keys."""

    private_pem: str
    public_pem: str


def _generate(path_private: os.PathLike, path_public: os.PathLike) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    fd = os.open(path_private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private)
    with open(path_public, "wb") as fh:
        fh.write(public)


@lru_cache
def load_keys() -> KeyPair:
    """The key pair in force."""
    s = get_settings()
    if s.jwt_private_key and s.jwt_public_key:
        return KeyPair(s.jwt_private_key, s.jwt_public_key)
    keys_dir = s.data_dir / "keys"
    keys_dir.mkdir(parents=True, exist_ok=True)
    private, public = keys_dir / "jwt-private.pem", keys_dir / "jwt-public.pem"
    if not private.exists():
        with contextlib.suppress(FileExistsError):  # another process won the race
            _generate(private, public)
    return KeyPair(private.read_text(), public.read_text())
