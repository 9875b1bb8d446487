"""Handing a mail over: the MIME message, then SMTP, or a file under data/mail/ when no server is set."""

from __future__ import annotations

import smtplib
import ssl
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from poc_tracker.models.base import utcnow
from poc_tracker.settings import Settings, get_settings


@dataclass(frozen=True)
class Outgoing:
    """Everything a transport needs: who, what, and the attachments' bytes."""

    mail_id: uuid.UUID
    to: str
    subject: str
    text: str
    html: str
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)  # filename, content type, data


def build_message(mail: Outgoing, sender: str) -> EmailMessage:
    """A multipart/alternative message (text first, HTML preferred) with its attachments."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, mail.to, mail.subject
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = make_msgid(idstring=mail.mail_id.hex, domain=sender.rpartition("@")[2].strip(">") or None)
    msg["Auto-Submitted"] = "auto-generated"  # no vacation replies to a no-reply address
    msg.set_content(mail.text)
    msg.add_alternative(mail.html, subtype="html")
    for filename, content_type, data in mail.attachments:
        maintype, _, subtype = content_type.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    return msg


def _smtp(s: Settings) -> smtplib.SMTP:
    if s.smtp_tls == "ssl":
        return smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout, context=ssl.create_default_context())
    conn = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
    if s.smtp_tls == "starttls":
        conn.starttls(context=ssl.create_default_context())
    return conn


def send_smtp(msg: EmailMessage, s: Settings) -> None:
    """Send through the configured SMTP server; raises on any refusal (the caller retries)."""
    with _smtp(s) as conn:
        if s.smtp_user:
            conn.login(s.smtp_user, s.smtp_password)
        conn.send_message(msg)


def write_to_folder(msg: EmailMessage, mail_id: uuid.UUID, s: Settings) -> None:
    """Keep the message as an .eml file under data/mail/ (the development mailbox lists them)."""
    folder = s.mail_dir
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if any(folder.glob(f"*-{mail_id.hex}.eml")):
        return  # sent again after a crash between writing and marking it sent: once is enough
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{mail_id.hex}.eml"
    tmp = folder / f".{name}.tmp"
    tmp.write_bytes(bytes(msg))
    tmp.replace(folder / name)  # whole or absent: the mailbox never reads half a mail


def deliver(mail: Outgoing) -> None:
    """Hand one mail to SMTP, or to the development folder when no server is configured."""
    s = get_settings()
    msg = build_message(mail, s.smtp_from)
    if s.smtp_host:
        send_smtp(msg, s)
    else:
        write_to_folder(msg, mail.mail_id, s)
