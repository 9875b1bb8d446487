"""THE mail service: ``send_mail`` records a rendered mail in the caller's transaction; workers send it.

The mail row is its own outbox. After the commit a nudge asks a worker to send it now; a worker that
cannot reach the SMTP server tries again later (backing off), and beat's sweep sends whatever a lost
nudge or a crash left pending. A row is claimed with a lease before it is sent, so a nudge and the
sweep never send it at the same time; a crash after the handover may send it twice, never zero times.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from poc_tracker.errors import Invalid
from poc_tracker.mail.render import render
from poc_tracker.mail.transport import Outgoing, deliver
from poc_tracker.models import MailMessage
from poc_tracker.models.base import utcnow
from poc_tracker.services.broker import send_task
from poc_tracker.services.validation import clean_email
from poc_tracker.settings import get_settings
from poc_tracker.storage import get_file_store, tenant_prefix
from poc_tracker.unit_of_work import on_commit

log = logging.getLogger(__name__)
SEND_TASK = "poc_tracker.mail.send"
LEASE = timedelta(minutes=2)  # a sender that holds a mail longer than this is taken for dead


@dataclass(frozen=True)
class MailAttachment:
    """A file of the mail's tenant in the FileStore, attached when the mail is sent."""

    filename: str
    content_type: str
    key: str


def send_mail(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    to: str,
    template: str,
    context: dict[str, Any],
    locale: str,
    attachments: list[MailAttachment] | None = None,
) -> MailMessage:
    """Queue a mail to ``to`` from a template, rendered now in ``locale``; sent once the transaction commits.

    ``context`` holds the template's values; user text in it is escaped in the HTML part. Attachments
    must be files of ``tenant_id``. Nothing is sent if the transaction rolls back.
    """
    files = list(attachments or [])
    if any(not a.key.startswith(tenant_prefix(tenant_id)) for a in files):
        raise Invalid("Anexo de outra organização.", code="foreign_attachment")
    rendered = render(template, context, locale)
    row = MailMessage(
        tenant_id=tenant_id,
        to_address=clean_email(to),
        template=template,
        locale=locale,
        subject=rendered.subject[:300],
        text_body=rendered.text,
        html_body=rendered.html,
        attachments=[{"filename": a.filename, "contentType": a.content_type, "key": a.key} for a in files],
    )
    session.add(row)
    on_commit(session, partial(nudge, row.id))
    return row


def nudge(mail_id: uuid.UUID) -> None:
    """Ask a worker to send one mail now (a lost nudge only waits for the sweep)."""
    send_task(SEND_TASK, queue="default", mail_id=str(mail_id))


def claim(session: Session, mail_id: uuid.UUID) -> MailMessage | None:
    """Take a due, pending mail for a while (the lease); None when it is sent, failed, not due or held."""
    now = utcnow()
    taken = session.exec(
        update(MailMessage)
        .where(
            col(MailMessage.id) == mail_id,
            col(MailMessage.status) == "pending",
            col(MailMessage.next_attempt_at) <= now,
        )
        .values(next_attempt_at=now + LEASE, attempts=MailMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    return session.exec(
        select(MailMessage).where(MailMessage.id == mail_id).execution_options(populate_existing=True)
    ).one()


def _outgoing(mail: MailMessage) -> Outgoing:
    store = get_file_store()
    files = [(a["filename"], a["contentType"], store.get(a["key"])) for a in mail.attachments]
    return Outgoing(mail.id, mail.to_address, mail.subject, mail.text_body, mail.html_body, files)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the n-th failed try: 30 s, 1 min, 2 min… (``mail_retry_seconds``), at most an hour."""
    return timedelta(seconds=min(3600.0, get_settings().mail_retry_seconds * 2 ** max(0, attempts - 1)))


def send_claimed(session: Session, mail: MailMessage) -> bool:
    """Send a claimed mail and record the outcome; True when it went, False when it will be tried again."""
    try:
        deliver(_outgoing(mail))
    except Exception as exc:  # SMTP down, refused, timed out: tried again later, never lost
        failed = mail.attempts >= get_settings().mail_max_attempts
        mail.status = "failed" if failed else "pending"
        mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
        mail.next_attempt_at = utcnow() + backoff(mail.attempts)
        session.add(mail)
        log.warning(
            "mail not sent",
            extra={"event": "mail_failed" if failed else "mail_retry", "details": {"mailId": str(mail.id)}},
        )
        return False
    mail.status, mail.sent_at, mail.last_error = "sent", utcnow(), None
    mail.text_body = mail.html_body = ""  # its links are secrets: not kept once delivered
    session.add(mail)
    log.info("mail sent", extra={"event": "mail_sent", "details": {"mailId": str(mail.id), "template": mail.template}})
    return True


def due(session: Session, limit: int = 100) -> list[uuid.UUID]:
    """Pending mail whose time has come, oldest first (what the sweep sends)."""
    query = (
        select(MailMessage.id)
        .where(MailMessage.status == "pending", col(MailMessage.next_attempt_at) <= utcnow())
        .order_by(col(MailMessage.created_at))
        .limit(limit)
    )
    return list(session.exec(query).all())


def send_one(open_session: Callable[[], AbstractContextManager[Session]], mail_id: uuid.UUID) -> bool | None:
    """Claim (committed first, so nobody else sends it meanwhile), then send one mail.

    True: sent; False: failed this time (pending again, or failed for good); None: not ours to send now.
    """
    with open_session() as session:
        mail = claim(session, mail_id)
    if mail is None:
        return None
    with open_session() as session:
        return send_claimed(session, mail)


def send_due(open_session: Callable[[], AbstractContextManager[Session]]) -> int:
    """Send every mail whose time has come (beat's sweep); how many went."""
    with open_session() as session:
        ids = due(session)
    return sum(1 for mail_id in ids if send_one(open_session, mail_id))


def retry_delay(open_session: Callable[[], AbstractContextManager[Session]], mail_id: uuid.UUID) -> float | None:
    """Seconds until a pending mail is due again; None when it is no longer pending."""
    with open_session() as session:
        mail = session.get(MailMessage, mail_id)
        if mail is None or mail.status != "pending":
            return None
        return max(0.0, (mail.next_attempt_at - utcnow()).total_seconds())
