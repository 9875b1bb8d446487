"""RS256 key pair: from settings, or generated once into the data folder (embedded profile)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes

from poc_tracker.settings import get_settings


@dataclass(frozen=True)
class KeyPair:
    """PEM strings of the signing and verification keys."""

    private_pem: str
    public_pem: str


def _generate(path: Path) -> None:
    """Write a new private key to ``path`` atomically; keep the one another process published first."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        with contextlib.suppress(FileExistsError):  # another process won the race: use its key
            os.link(tmp, path)  # appears whole or not at all, never replaces
    finally:
        tmp.unlink(missing_ok=True)


def public_pem_of(private_pem: str) -> str:
    """The verification key of a signing key."""
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@lru_cache
def load_keys() -> KeyPair:
    """The key pair in force: from settings, else the data folder's key (made on first use)."""
    s = get_settings()
    if s.jwt_private_key and s.jwt_public_key:
        return KeyPair(s.jwt_private_key, s.jwt_public_key)
    keys_dir = s.data_dir / "keys"
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    private = keys_dir / "jwt-private.pem"
    if not private.exists():
        _generate(private)
    private_pem = private.read_text()
    return KeyPair(private_pem, public_pem_of(private_pem))


@lru_cache(maxsize=4)
def _parsed_private(pem: str) -> PrivateKeyTypes:
    return serialization.load_pem_private_key(pem.encode(), password=None)


@lru_cache(maxsize=4)
def _parsed_public(pem: str) -> PublicKeyTypes:
    return serialization.load_pem_public_key(pem.encode())


def signing_key() -> PrivateKeyTypes:
    """The signing key, parsed once per PEM: parsing an RSA private key checks it (~0.1-0.2 s a time)."""
    return _parsed_private(load_keys().private_pem)


def verification_key() -> PublicKeyTypes:
    """The verification key, parsed once per PEM."""
    return _parsed_public(load_keys().public_pem)
