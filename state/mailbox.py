"""The development mailbox: mail written to data/mail/ when no SMTP server is configured."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import reflex as rx

from poc_tracker.errors import DomainError
from poc_tracker.i18n import format_dt
from poc_tracker.mail import mailbox
from poc_tracker.settings import get_settings
from state.i18n import I18nState


@dataclasses.dataclass
class MailRow:
    """One mail of the list."""

    id: str = ""
    recipient: str = ""
    subject: str = ""
    sent: str = ""


class MailboxState(rx.State):
    """The list of mail and the one open (its text and links)."""

    available: bool = True
    mails: list[MailRow] = []
    open_id: str = ""
    open_subject: str = ""
    open_to: str = ""
    open_text: str = ""
    open_links: list[str] = []

    @rx.event
    async def load(self) -> None:
        """The newest mail; none at all when an SMTP server is configured (or in production)."""
        self.available = get_settings().dev_mailbox
        if not self.available:
            self.mails = []
            return
        loc = (await self.get_state(I18nState)).locale
        self.mails = [
            MailRow(m.id, m.to, m.subject, format_dt(datetime.fromisoformat(m.sent_at), loc) if m.sent_at else "")
            for m in mailbox.list_mail()
        ]
        if self.mails:  # the newest, open: what someone who just asked for a link came for
            self.open_mail(self.mails[0].id)

    @rx.event
    def open_mail(self, mail_id: str) -> None:
        """Show one mail's text and its links."""
        try:
            mail = mailbox.read_mail(mail_id)
        except DomainError:
            self.open_id = ""
            return
        self.open_id, self.open_subject, self.open_to = mail.id, mail.subject, mail.to
        self.open_text, self.open_links = mail.text, mail.links
