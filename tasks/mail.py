"""Sending mail: a nudge after the commit that queued it, retries with back-off, and beat's sweep."""

from __future__ import annotations

import uuid

from celery import Task

from poc_tracker.db import system_session
from poc_tracker.services import mail
from poc_tracker.settings import get_settings
from tasks.celery_app import celery


def _system_session():  # noqa: ANN202 - a context manager
    return system_session(reason="mail: the messages of every tenant")


@celery.task(name=mail.SEND_TASK, bind=True, acks_late=True, max_retries=None)
def send(self: Task, mail_id: str) -> bool:
    """Send one queued mail; when the server refuses or is away, try again after the mail's back-off."""
    ident = uuid.UUID(mail_id)
    sent = mail.send_one(_system_session, ident)
    if sent is False and self.request.retries < get_settings().mail_max_attempts:
        delay = mail.retry_delay(_system_session, ident)
        if delay is not None:
            raise self.retry(countdown=delay)
    return bool(sent)


@celery.task(name="poc_tracker.mail.sweep", acks_late=True)
def sweep() -> int:
    """Send whatever is due and still pending: lost nudges, crashed senders, retries (beat runs it)."""
    return mail.send_due(_system_session)
