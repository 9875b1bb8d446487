"""The development mailbox: the mail written to data/mail/ when no SMTP server is configured."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from pathlib import Path

from poc_tracker.errors import NotFound
from poc_tracker.settings import get_settings

NAME = re.compile(r"^[0-9T]+-[0-9a-f]{32}\.eml$")
LINK = re.compile(r"https?://[^\s<>\"']+")
LIMIT = 50


@dataclass(frozen=True)
class MailboxEntry:
    """One mail of the development mailbox."""

    id: str  # the file name
    to: str
    subject: str
    sent_at: str  # ISO 8601
    text: str = ""
    html: str = ""
    links: list[str] = field(default_factory=list)


def _folder() -> Path:
    s = get_settings()
    if not s.dev_mailbox:
        raise NotFound()  # an SMTP server is configured, or this is production: there is no mailbox
    return s.mail_dir


def _read(path: Path, *, full: bool) -> MailboxEntry:
    msg = email.message_from_bytes(path.read_bytes(), policy=default_policy)
    sent = parsedate_to_datetime(str(msg["Date"])).isoformat() if msg["Date"] else ""
    if not full:
        return MailboxEntry(path.name, str(msg["To"]), str(msg["Subject"]), sent)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    text_s = text.get_content() if text is not None else ""
    return MailboxEntry(
        path.name,
        str(msg["To"]),
        str(msg["Subject"]),
        sent,
        text_s,
        html.get_content() if html is not None else "",
        list(dict.fromkeys(LINK.findall(text_s))),
    )


def list_mail(limit: int = LIMIT) -> list[MailboxEntry]:
    """The newest mail first (headers only)."""
    folder = _folder()
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if NAME.match(p.name)), reverse=True)[:limit]
    return [_read(folder / name, full=False) for name in names]


def read_mail(mail_id: str) -> MailboxEntry:
    """One mail with its bodies and links; the id is a file name, checked before it touches the disk."""
    path = _folder() / mail_id
    if not NAME.match(mail_id) or not path.is_file():
        raise NotFound()
    return _read(path, full=True)
