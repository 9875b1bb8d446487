"""Mail reaches a real SMTP server through a real Celery worker, and is never lost on the way.

Invitations are the mail here (every feature sends through the same service); the broker and the SMTP
server each fail in turn, and the sweep that beat runs, or the task's retries, deliver anyway.
"""

from __future__ import annotations

import email
import time
import uuid
from email.policy import default as default_policy
from pathlib import Path

import pytest
from sqlmodel import select

from poc_tracker.db import system_session
from poc_tracker.models import MailMessage
from tests.mail_support import html_of, link_in, smtp_env, text_of
from tests.personas import Persona
from tests.search_support import start_worker, stop_worker
from tests.worker.test_outbox_sweep import broker_unreachable

pytestmark = pytest.mark.worker


def invite(client, owner: Persona, email_address: str) -> str:
    res = client.post(
        "/api/v1/users/invitations", json={"email": email_address, "role": "member"}, headers=owner.headers
    )
    assert res.status_code == 201, res.text
    return res.json()["token"]


def mails(to: str) -> list[MailMessage]:
    with system_session(reason="test") as session:
        return list(session.exec(select(MailMessage).where(MailMessage.to_address == to)))


def wait_until(predicate, worker, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline or worker.poll() is not None:
            stop_worker(worker)
            pytest.fail(f"timed out; worker said:\n{worker.stdout.read()}")
        time.sleep(0.2)


def test_an_invitation_is_mailed_through_the_worker_to_the_smtp_server(profile, client, owner_a, owner_b, smtp_server):
    inbox, port = smtp_server
    worker = start_worker(profile, "default", env=smtp_env(port))
    try:
        token_a = invite(client, owner_a, "ana@convidada.com.br")
        invite(client, owner_b, "bia@convidada.com.br")
        [msg] = inbox.wait_for("ana@convidada.com.br", alive=lambda: worker.poll() is None)
        inbox.wait_for("bia@convidada.com.br", alive=lambda: worker.poll() is None)
    finally:
        stop_worker(worker)
    assert msg["Subject"] == "Convite para Empresa alfa no POC Tracker"
    link = link_in(msg)
    assert f"token={token_a}" in link and f"tenant={owner_a.tenant_id}" in link
    for part in (text_of(msg), html_of(msg), str(msg["Subject"])):  # nothing of the other tenant
        assert "beta" not in part and owner_b.tenant_id not in part
    [row] = mails("ana@convidada.com.br")
    assert (row.status, row.attempts, row.text_body, row.html_body) == ("sent", 1, "", "")  # links not kept


def test_mail_queued_while_the_broker_is_down_is_sent_by_the_sweep(
    profile, client, owner_a, smtp_server, tmp_path: Path
):
    inbox, port = smtp_server
    with broker_unreachable():
        invite(client, owner_a, "caio@convidado.com.br")
    assert [m.status for m in mails("caio@convidado.com.br")] == ["pending"]
    from tasks.celery_app import make_celery

    make_celery().control.purge()  # nothing left to deliver it but beat's sweep
    worker = start_worker(
        profile,
        "default",
        beat_schedule=tmp_path / "beat-schedule",
        env={**smtp_env(port), "POC_TRACKER_OUTBOX_SWEEP_SECONDS": "1"},
    )
    try:
        inbox.wait_for("caio@convidado.com.br", alive=lambda: worker.poll() is None)
        wait_until(lambda: [m.status for m in mails("caio@convidado.com.br")] == ["sent"], worker)
    finally:
        stop_worker(worker)
    assert len(inbox.to("caio@convidado.com.br")) == 1


def test_a_refusing_smtp_server_gets_the_mail_once_it_accepts_again(profile, client, owner_a, smtp_server):
    inbox, port = smtp_server
    inbox.refuse = True
    worker = start_worker(profile, "default", env={**smtp_env(port), "POC_TRACKER_MAIL_RETRY_SECONDS": "1"})
    try:
        invite(client, owner_a, "davi@convidado.com.br")
        wait_until(lambda: inbox.refused >= 2, worker, timeout=120)  # the task's own retries, with back-off
        [row] = mails("davi@convidado.com.br")
        assert row.status == "pending" and "451" in (row.last_error or "")
        inbox.refuse = False
        inbox.wait_for("davi@convidado.com.br", timeout=120, alive=lambda: worker.poll() is None)
        wait_until(lambda: mails("davi@convidado.com.br")[0].status == "sent", worker, timeout=120)
    finally:
        stop_worker(worker)


def test_without_an_smtp_server_mail_is_written_to_the_mail_folder(profile, client, owner_a):
    folder = Path(profile.env["POC_TRACKER_DATA_DIR"]) / "mail"
    worker = start_worker(profile, "default")
    try:
        token = invite(client, owner_a, f"eva-{uuid.uuid4().hex[:6]}@convidada.com.br")
        wait_until(lambda: any(token in p.read_text(errors="replace") for p in folder.glob("*.eml")), worker)
    finally:
        stop_worker(worker)
    [path] = [p for p in folder.glob("*.eml") if token in p.read_text(errors="replace")]
    assert path.stat().st_mode & 0o077 == 0 or folder.stat().st_mode & 0o077 == 0  # not readable by others
    msg = email.message_from_bytes(path.read_bytes(), policy=default_policy)
    assert msg["Subject"] == "Convite para Empresa alfa no POC Tracker"
    assert token in link_in(msg)
    from poc_tracker.errors import NotFound
    from poc_tracker.mail.mailbox import list_mail, read_mail

    [entry] = [e for e in list_mail() if e.id == path.name]
    assert entry.subject == msg["Subject"]
    full = read_mail(entry.id)
    assert any(token in link for link in full.links) and "<!DOCTYPE html>" in full.html
    with pytest.raises(NotFound):
        read_mail("../poc_tracker.db")
