"""The job model: enqueued after commit, run once however often delivered, progress, files, retry, expiry."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from poc_tracker.db import session_scope, system_session
from poc_tracker.errors import Conflict, Invalid, NotFound
from poc_tracker.models import Job
from poc_tracker.models.base import utcnow
from poc_tracker.services import jobs
from poc_tracker.services.job_runner import JobContext, run_job
from poc_tracker.services.users import actor_for
from poc_tracker.storage import get_file_store
from tests.personas import Persona

KIND = "test.echo"


@pytest.fixture(autouse=True)
def echo_kind():
    """A kind of job only these tests use (registered as a feature does at import)."""
    jobs.register_kind(KIND, task="poc_tracker.tests.echo", queue="default", ttl=timedelta(days=7))
    yield
    jobs.KINDS.pop(KIND, None)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Tasks handed to the broker (recorded: this file runs no worker; tests/worker does)."""
    calls: list[dict] = []
    monkeypatch.setattr(jobs, "send_task", lambda name, queue, **kw: calls.append({"task": name, "queue": queue, **kw}))
    return calls


def actor(who: Persona):
    tenant, user = uuid.UUID(who.tenant_id), uuid.UUID(who.user_id)
    with session_scope(tenant_id=tenant) as session:
        return actor_for(session, user_id=user, tenant_id=tenant)


def new_job(who: Persona, **params) -> Job:
    a = actor(who)
    with session_scope(tenant_id=a.tenant_id) as session:
        return jobs.create_job(session, actor=a, kind=KIND, params=params)


def read(job: Job) -> Job:
    with system_session(reason="test") as session:
        return session.exec(select(Job).where(Job.id == job.id)).one()


def write_text(ctx: JobContext) -> None:
    ctx.progress(40)
    path = ctx.workdir / "out.txt"
    path.write_text(ctx.params["text"], encoding="utf-8")
    ctx.add_file(path, "relatório de teste.txt", "text/plain; charset=utf-8")


def test_a_job_is_queued_and_sent_to_its_queue_only_after_the_commit(client, owner_a: Persona, sent):
    a = actor(owner_a)
    with pytest.raises(RuntimeError), session_scope(tenant_id=a.tenant_id) as session:
        jobs.create_job(session, actor=a, kind=KIND, params={})
        raise RuntimeError("the request failed")
    assert sent == []
    job = new_job(owner_a, text="oi")
    assert read(job).status == "queued" and read(job).progress == 0
    assert sent == [
        {"task": "poc_tracker.tests.echo", "queue": "default", "job_id": str(job.id), "tenant_id": owner_a.tenant_id}
    ]
    assert read(job).expires_at - read(job).created_at == timedelta(days=7)


def test_a_job_runs_once_stores_its_file_and_a_second_delivery_does_nothing(client, owner_a: Persona, sent):
    job = new_job(owner_a, text="olá, relatório")
    runs: list[int] = []

    def work(ctx: JobContext) -> None:
        runs.append(ctx.attempt)
        write_text(ctx)

    assert run_job(job.id, job.tenant_id, work) == "done"
    assert run_job(job.id, job.tenant_id, work) == "skipped"  # the message came twice (acks_late)
    done = read(job)
    assert runs == [1] and done.status == "done" and done.progress == 100 and done.attempts == 1
    [meta] = done.files
    assert meta["name"] == "relatório de teste.txt" and meta["size"] == len("olá, relatório".encode())
    assert meta["key"].startswith(f"tenants/{owner_a.tenant_id}/jobs/{job.id}/")
    assert get_file_store().get(meta["key"]).decode() == "olá, relatório"
    with session_scope(tenant_id=job.tenant_id) as session:
        got = jobs.result_file(session, actor=actor(owner_a), job_id=job.id)
    assert (got.name, got.content_type) == ("relatório de teste.txt", "text/plain; charset=utf-8")


def test_progress_is_written_while_the_work_runs(client, owner_a: Persona, sent):
    job = new_job(owner_a)
    seen: list[tuple[str, int]] = []

    def work(ctx: JobContext) -> None:
        ctx.progress(25)
        seen.append((read(job).status, read(job).progress))
        ctx.progress(110)  # never 100 before the end, never backwards
        ctx.progress(5)
        seen.append((read(job).status, read(job).progress))

    run_job(job.id, job.tenant_id, work)
    assert seen == [("running", 25), ("running", 99)]


def test_a_domain_error_fails_the_job_with_its_message_in_the_readers_language(client, owner_a: Persona, sent):
    job = new_job(owner_a)

    def work(ctx: JobContext) -> None:
        raise Invalid("O período não pode passar de {days} dias.", code="period_too_long", days=1000)

    assert run_job(job.id, job.tenant_id, work) == "failed"
    failed = read(job)
    assert failed.status == "failed" and failed.error_code == "period_too_long" and failed.files == []
    assert jobs.error_text(failed, "pt_BR") == "O período não pode passar de 1000 dias."


def test_an_unexpected_error_fails_the_job_with_a_generic_message_and_it_can_be_retried(client, owner_a: Persona, sent):
    job = new_job(owner_a, text="segunda vez")
    calls = iter([RuntimeError("disk on fire"), None])

    def flaky(ctx: JobContext) -> None:
        if exc := next(calls):
            raise exc
        write_text(ctx)

    assert run_job(job.id, job.tenant_id, flaky) == "failed"
    failed = read(job)
    assert failed.error_code == "job_failed" and "disk" not in (failed.error or "")
    assert jobs.error_text(failed, "en") == "The work could not be finished. Try again."
    a = actor(owner_a)
    with session_scope(tenant_id=a.tenant_id) as session:
        jobs.retry_job(session, actor=a, job_id=job.id)
    assert read(job).status == "queued" and read(job).error is None and len(sent) == 2
    assert run_job(job.id, job.tenant_id, flaky) == "done"
    assert read(job).attempts == 2
    with pytest.raises(Conflict), session_scope(tenant_id=a.tenant_id) as session:
        jobs.retry_job(session, actor=a, job_id=job.id)  # only a failed job


def test_a_running_job_whose_worker_died_is_taken_back_and_the_dead_run_writes_nothing(client, owner_a: Persona, sent):
    job = new_job(owner_a, text="de novo")
    holder: list[JobContext] = []

    def dies(ctx: JobContext) -> None:
        holder.append(ctx)
        with system_session(reason="test") as session:  # no sign of life for longer than stale_after()
            stale = utcnow() - jobs.stale_after() - timedelta(seconds=1)
            session.exec(update(Job).where(Job.id == ctx.job_id).values(updated_at=stale))
        assert run_job(ctx.job_id, ctx.tenant_id, write_text) == "done"  # redelivered elsewhere meanwhile
        raise RuntimeError("the first worker wakes up and fails")

    assert run_job(job.id, job.tenant_id, dies) == "failed"
    final = read(job)
    assert final.status == "done" and final.attempts == 2 and final.error is None  # the late failure was ignored


def test_another_persons_or_tenants_job_is_not_found(
    client, owner_a: Persona, member_a: Persona, owner_b: Persona, sent
):
    job = new_job(owner_a, text="meu")
    run_job(job.id, job.tenant_id, write_text)
    for other in (member_a, owner_b):
        a = actor(other)
        with session_scope(tenant_id=a.tenant_id) as session:
            with pytest.raises(NotFound):
                jobs.access_job_by_id(session, a, job.id)
            with pytest.raises(NotFound):
                jobs.result_file(session, actor=a, job_id=job.id)
            assert jobs.list_jobs(session, actor=a) == ([], 0)
    a = actor(owner_a)
    with session_scope(tenant_id=a.tenant_id) as session:
        rows, total = jobs.list_jobs(session, actor=a, kind=KIND)
        assert total == 1 and rows[0].id == job.id
        with pytest.raises(NotFound):
            jobs.access_job_by_id(session, a, job.id, kind="video")


def test_an_unfinished_job_has_no_file_yet(client, owner_a: Persona, sent):
    job = new_job(owner_a)
    a = actor(owner_a)
    with pytest.raises(Conflict), session_scope(tenant_id=a.tenant_id) as session:
        jobs.result_file(session, actor=a, job_id=job.id)


def test_the_sweep_resends_lost_jobs_and_deletes_expired_ones_with_their_files(client, owner_a: Persona, sent):
    done, lost = new_job(owner_a, text="velho"), new_job(owner_a)
    run_job(done.id, done.tenant_id, write_text)
    key = read(done).files[0]["key"]
    sent.clear()
    with system_session(reason="test") as session:
        assert jobs.sweep(session) == {"resent": 0, "expired": 0}
    later = utcnow() + timedelta(days=8)
    with system_session(reason="test") as session:
        counts = jobs.sweep(session, now=later)
    assert counts == {"resent": 1, "expired": 2}  # the lost one was re-sent, then it expired too
    assert [c["job_id"] for c in sent] == [str(lost.id)]
    assert not get_file_store().exists(key)
    with system_session(reason="test") as session:
        assert session.exec(select(Job)).all() == []


def test_job_runs_are_counted_and_timed_per_kind_and_outcome(client, owner_a: Persona, sent):
    from poc_tracker.metrics import JOB_SECONDS, JOBS

    def count(outcome: str) -> float:
        return JOBS.labels(KIND, outcome)._value.get()

    done, failed, seconds = count("done"), count("failed"), JOB_SECONDS.labels(KIND)._sum.get()
    assert run_job(new_job(owner_a, text="ok").id, uuid.UUID(owner_a.tenant_id), write_text) == "done"

    def broken(ctx: JobContext) -> None:
        raise ValueError("video encoder crashed")

    assert run_job(new_job(owner_a).id, uuid.UUID(owner_a.tenant_id), broken) == "failed"
    assert (count("done"), count("failed")) == (done + 1, failed + 1)
    assert JOB_SECONDS.labels(KIND)._sum.get() > seconds
