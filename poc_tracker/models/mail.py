"""Mail waiting to be sent (the mail outbox), and single-use links sent by mail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Column, Field, SQLModel

from poc_tracker.models.base import JSONType, UTCDateTime, new_id, utcnow


class MailMessage(SQLModel, table=True):
    """A rendered mail, written in the sender's transaction; a worker sends it (and the sweep, if need be)."""

    __tablename__ = "mail_messages"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    to_address: str = Field(max_length=255)
    template: str = Field(max_length=60)
    locale: str = Field(max_length=10)
    subject: str = Field(max_length=300)
    text_body: str = Field(default="")  # emptied once sent: the links inside are secrets
    html_body: str = Field(default="")
    attachments: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    status: str = Field(default="pending", max_length=10)  # pending, sent, failed
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AccountToken(SQLModel, table=True):
    """A single-use, expiring secret sent by mail: verify an e-mail, reset a password, confirm a new e-mail."""

    __tablename__ = "account_tokens"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    purpose: str = Field(max_length=20)  # verify_email, reset_password, change_email
    token_hash: str = Field(max_length=64, unique=True)
    email: str = Field(max_length=255)  # the address the link was sent to (the new one for a change)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
