"""The mail service: queued in the caller's transaction, attachments only from the sender's tenant."""

from __future__ import annotations

import email
import uuid
from email.policy import default as default_policy
from pathlib import Path

import pytest
from sqlmodel import select

from poc_tracker.db import system_session
from poc_tracker.errors import Invalid
from poc_tracker.models import MailMessage
from poc_tracker.services.mail import MailAttachment, send_mail, send_one
from poc_tracker.storage import get_file_store, tenant_prefix

CONTEXT = {"name": "Ana", "email": "ana@exemplo.com.br", "link": "http://localhost:3000/x?token=t", "hours": 1}


def queued() -> list[MailMessage]:
    with system_session(reason="test") as session:
        return list(session.exec(select(MailMessage)))


def test_a_mail_of_a_rolled_back_transaction_is_never_sent(profile, owner_a):
    with pytest.raises(RuntimeError), system_session(reason="test") as session:
        send_mail(
            session,
            tenant_id=uuid.UUID(owner_a.tenant_id),
            to="x@exemplo.com",
            template="verify_email",
            context=CONTEXT,
            locale="pt_BR",
        )
        raise RuntimeError("the write failed")
    assert "x@exemplo.com" not in [m.to_address for m in queued()]


def test_attachments_come_from_the_senders_tenant_only(profile, owner_a, owner_b):
    tenant_a, tenant_b = uuid.UUID(owner_a.tenant_id), uuid.UUID(owner_b.tenant_id)
    store = get_file_store()
    mine, theirs = f"{tenant_prefix(tenant_a)}reports/r.csv", f"{tenant_prefix(tenant_b)}reports/r.csv"
    store.put(mine, b"a;b\n1;2\n")
    store.put(theirs, b"secret")
    with system_session(reason="test") as session, pytest.raises(Invalid):
        send_mail(
            session,
            tenant_id=tenant_a,
            to="x@exemplo.com",
            template="verify_email",
            context=CONTEXT,
            locale="en",
            attachments=[MailAttachment("r.csv", "text/csv", theirs)],
        )
    with system_session(reason="test") as session:
        row = send_mail(
            session,
            tenant_id=tenant_a,
            to="X@Exemplo.com",
            template="verify_email",
            context=CONTEXT,
            locale="en",
            attachments=[MailAttachment("relatório.csv", "text/csv", mine)],
        )
    assert row.to_address == "x@exemplo.com" and row.status == "pending"
    assert send_one(lambda: system_session(reason="test"), row.id) is True  # no SMTP here: the mail folder
    assert send_one(lambda: system_session(reason="test"), row.id) is None  # sent once
    [path] = Path(profile.env["POC_TRACKER_DATA_DIR"], "mail").glob(f"*-{row.id.hex}.eml")
    msg = email.message_from_bytes(path.read_bytes(), policy=default_policy)
    [part] = list(msg.iter_attachments())
    assert (part.get_filename(), part.get_content()) == ("relatório.csv", "a;b\n1;2\n")
    assert msg["Subject"] == "Confirm your e-mail on POC Tracker"
