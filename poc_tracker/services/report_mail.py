"""A finished scheduled report goes out by e-mail: attached under the size limit, else a link to the page."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlmodel import Session, select

from poc_tracker.mail.render import app_link
from poc_tracker.models import Job, ReportSchedule, Tenant, User
from poc_tracker.reports.naming import describe
from poc_tracker.services.mail import MailAttachment, send_mail
from poc_tracker.settings import get_settings


def unsubscribe_hash(token: str) -> str:
    """What a schedule keeps of its latest unsubscribe link."""
    return hashlib.sha256(token.encode()).hexdigest()


def mail_done_report(session: Session, job: Job) -> None:
    """``on_done`` of report jobs: a scheduled one is e-mailed (attached under the limit, else a link)."""
    schedule_id = job.params.get("scheduleId")
    if not schedule_id:
        return
    schedule = session.exec(select(ReportSchedule).where(ReportSchedule.id == uuid.UUID(schedule_id))).first()
    if schedule is None or not schedule.active or (job.params.get("empty") and not schedule.send_when_empty):
        return
    user = session.exec(select(User).where(User.id == job.owner_id)).one()
    tenant = session.exec(select(Tenant).where(Tenant.id == job.tenant_id)).one()
    main = job.files[0]
    attach = int(main["size"]) <= get_settings().report_mail_attach_max_bytes
    token = secrets.token_urlsafe(32)  # a fresh link per mail; the schedule keeps the latest one's hash
    schedule.unsubscribe_hash = unsubscribe_hash(token)
    session.add(schedule)
    send_mail(
        session,
        tenant_id=job.tenant_id,
        to=user.email,
        template="scheduled_report",
        locale=user.locale,
        context={
            "tenant": tenant.name,
            "report": describe(job.params, user.locale),
            "empty": bool(job.params.get("empty")),
            "attached": attach,
            "link": app_link("/relatorios"),
            "unsubscribe": app_link("/api/v1/report-schedules/unsubscribe", token=token),
        },
        attachments=[MailAttachment(main["name"], main["contentType"], main["key"])] if attach else [],
    )
