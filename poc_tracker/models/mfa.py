"""Second factors: TOTP seeds (sealed), recovery codes (hashed), passkeys, and pending sign-in challenges."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, LargeBinary
from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class TotpFactor(SQLModel, table=True):
    """A user's authenticator app: pending until a first code confirms it."""

    __tablename__ = "mfa_totp"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    secret_sealed: str = Field(max_length=512)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_step: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class RecoveryCode(SQLModel, table=True):
    """One single-use recovery code, kept as a keyed hash."""

    __tablename__ = "mfa_recovery_codes"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Passkey(SQLModel, table=True):
    """A WebAuthn credential: a second factor, and a passwordless sign-in when it is discoverable."""

    __tablename__ = "webauthn_credentials"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    credential_id: str = Field(max_length=1400, unique=True)  # base64url
    public_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sign_count: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    transports: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    name: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class MfaChallenge(SQLModel, table=True):
    """A short-lived, single-use step: a sign-in waiting for its second factor, or a WebAuthn ceremony.

    ``purpose``: ``login`` (password checked, factor due), ``enroll`` (password checked, the tenant requires a
    factor the user lacks), ``passkey`` (passwordless sign-in, no user yet), ``register`` (adding a passkey).
    """

    __tablename__ = "mfa_challenges"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID | None = Field(default=None, foreign_key="tenants.id", index=True)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)
    purpose: str = Field(max_length=20)
    token_hash: str = Field(max_length=64, unique=True)
    webauthn_challenge: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    failures: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
