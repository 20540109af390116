"""Background jobs (docs/jobs.md): queued after the commit, kept while no worker runs,
retried with backoff, recorded for admins after their last try, periodic without cron."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from huey.api import Task
from huey.storage import MemoryStorage
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from factcheck import clock, create_app, migrate
from factcheck.db import make_engine
from factcheck.domain import accounts, housekeeping, job_failures
from factcheck.jobs import outbox, queue, registry, tasks
from factcheck.jobs.queue import SerialisedPostgresStorage, huey
from factcheck.models import (
    Claim,
    ClaimStatus,
    Event,
    IdempotencyKey,
    JobFailure,
    LoginAttempt,
    Role,
    User,
)
from factcheck.web.database import Database
from tests.conftest import login
from tests.factories import ArticleFactory, ClaimFactory, bind

REPO = Path(__file__).resolve().parents[1]
HOUR_OF_MINUTES = [dt.datetime(2026, 5, 4, 10, minute) for minute in range(60)]


def _expired_claim(session: Session, holder: User) -> Claim:
    bind(session)
    article = ArticleFactory(created_by_id=holder.id)
    claim = ClaimFactory(
        article=article,
        status=ClaimStatus.IN_PROGRESS,
        assignee_id=holder.id,
        lease_expires_at=clock.now() - dt.timedelta(minutes=5),
    )
    session.commit()
    return claim


# --- periodic jobs: the worker runs them, no cron ------------------------------------------


def test_lease_expiry_is_due_every_minute_and_clean_up_every_hour() -> None:
    due = [{task.name for task in huey.read_periodic(moment)} for moment in HOUR_OF_MINUTES]
    assert all("expire_leases" in names for names in due)
    assert sum("forget_old_records" in names for names in due) == 1


def test_the_lease_expiry_job_returns_expired_claims_to_the_queue(
    app: Flask, db_session: Session, checker: User
) -> None:
    claim = _expired_claim(db_session, checker)
    with app.app_context():
        returned = tasks.expire_leases.call_local()
    assert returned == 1
    db_session.expire_all()
    assert db_session.get(Claim, claim.id).status == ClaimStatus.QUEUED  # type: ignore[union-attr]


def test_the_clean_up_job_forgets_old_keys_and_sign_ins_only(
    app: Flask, db_session: Session, editor: User
) -> None:
    old = clock.now() - dt.timedelta(hours=25)
    fresh = clock.now() - dt.timedelta(hours=1)
    for when, name in ((old, "old"), (fresh, "fresh")):
        db_session.add(
            IdempotencyKey(
                user_id=editor.id, key=name, endpoint="x", status=201, body=b"", created_at=when
            )
        )
        db_session.add(LoginAttempt(key=f"email:{name}@example.org", attempted_at=when))
    db_session.commit()
    with app.app_context():
        tasks.forget_old_records.call_local()
    db_session.expire_all()
    assert set(db_session.scalars(select(IdempotencyKey.key))) == {"fresh"}
    assert set(db_session.scalars(select(LoginAttempt.key))) == {"email:fresh@example.org"}
    assert dt.timedelta(minutes=15) <= housekeeping.KEEP_LOGIN_ATTEMPTS


# --- the outbox: a job is queued only when its transaction commits --------------------------


def test_a_job_is_queued_after_the_commit_and_never_after_a_rollback(
    app: Flask, db_session: Session
) -> None:
    sent: list[tuple[str, tuple[object, ...]]] = []
    original = registry.enqueue
    registry.enqueue = lambda name, *args: sent.append((name, args))  # type: ignore[assignment]
    try:
        outbox.enqueue_after_commit(db_session, "expire_leases")
        assert sent == [] and outbox.pending(db_session) == [("expire_leases", ())]
        db_session.rollback()
        assert sent == [] and outbox.pending(db_session) == []
        outbox.enqueue_after_commit(db_session, "expire_leases", 7)
        db_session.commit()
        assert sent == [("expire_leases", (7,))]
    finally:
        registry.enqueue = original  # type: ignore[assignment]


# --- retries, backoff, the last failure -----------------------------------------------------


@registry.job(retries=2, retry_delay=10)
def _always_fails(session: Session, claim_id: int) -> None:
    raise RuntimeError(f"upstream said no for {claim_id}")


@pytest.fixture
def queue_in_memory(app: Flask) -> Iterator[None]:
    """Jobs wait in a queue (in memory) instead of running at once, for this test."""
    huey.immediate = False
    try:
        yield
    finally:
        huey.flush()
        queue.bind(app)


def _next_retry() -> Task:
    scheduled = huey.scheduled()
    assert len(scheduled) == 1
    huey.storage.flush_schedule()
    return scheduled[0]


@pytest.mark.usefixtures("queue_in_memory")
def test_a_failing_job_is_retried_with_backoff_then_recorded_for_admins(
    app: Flask, db_session: Session
) -> None:
    registry.enqueue("_always_fails", 41)
    task = huey.dequeue()
    assert task is not None
    delays = []
    due = None  # the first try is due at once
    with app.app_context():
        for _ in range(2):
            failed_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # the queue's clock
            huey.execute(task, timestamp=due)
            task = _next_retry()
            delays.append(round((task.eta - failed_at).total_seconds()))
            due = task.eta  # a retry runs once it is due
            assert db_session.scalars(select(JobFailure)).all() == []
        huey.execute(task, timestamp=due)  # the last try
    assert delays == [10, 20], "each retry waits twice as long as the one before"
    assert huey.scheduled() == []
    failure = db_session.scalars(select(JobFailure)).one()
    assert (failure.task_name, failure.arguments, failure.tries) == ("_always_fails", [41], 3)
    assert failure.error == "RuntimeError: upstream said no for 41"


def test_admins_see_failed_jobs_and_run_them_again(
    client: FlaskClient, db_session: Session, admin: User, checker: User
) -> None:
    claim = _expired_claim(db_session, checker)
    failure = job_failures.record(
        db_session,
        task_name="expire_leases",
        task_id="abc",
        arguments=[],
        error="OperationalError: the database was down",
        tries=5,
    )
    db_session.commit()
    login(client, admin)
    page = client.get("/desk/admin/jobs")
    assert page.status_code == 200
    assert b"the database was down" in page.data and b"expire_leases" in page.data
    response = client.post(f"/desk/admin/jobs/{failure.id}/run-again")
    assert response.status_code == 302
    db_session.expire_all()
    # The job ran (at once in tests) and did its work; the entry says who ran it again.
    assert db_session.get(Claim, claim.id).status == ClaimStatus.QUEUED  # type: ignore[union-attr]
    assert db_session.get(JobFailure, failure.id).retried_by_id == admin.id  # type: ignore[union-attr]
    again = client.post(f"/desk/admin/jobs/{failure.id}/run-again", follow_redirects=True)
    assert b"already run again" in again.data
    actions = db_session.scalars(select(Event.action).where(Event.entity_type == "job"))
    assert list(actions) == ["job_failed", "job_run_again"]


def test_a_job_that_fails_again_is_one_entry_that_counts_its_failures(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    # A periodic job that fails on every run (every minute, for lease expiry) filled the
    # Jobs page with one entry per run, hiding every other failure within two hours.
    def fail(task_name: str, arguments: list[object], error: str) -> JobFailure:
        return job_failures.record(
            db_session, task_name=task_name, task_id="t", arguments=arguments, error=error, tries=5
        )

    first = fail("expire_leases", [], "OperationalError: the database was down")
    again = fail("expire_leases", [], "OperationalError: the database is still down")
    other = fail("archive_source", [7, 1], "RuntimeError: a bug of ours")
    assert again.id == first.id and other.id != first.id
    assert (again.repeats, again.error) == (2, "OperationalError: the database is still down")
    db_session.commit()
    login(client, admin)
    page = client.get("/desk/admin/jobs").get_data(as_text=True)
    assert page.count("Run again</button>") == 2 and "2 times" in page
    client.post(f"/desk/admin/jobs/{first.id}/run-again")
    after_running_again = fail("expire_leases", [], "OperationalError: down a third time")
    assert after_running_again.id != first.id and after_running_again.repeats == 1
    failed = db_session.scalars(select(Event).where(Event.action == "job_failed"))
    assert len(list(failed)) == 4, "each failure is still in the audit trail"


def test_a_job_this_release_no_longer_has_is_shown_without_run_again(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    """A failure kept from an older release, of a job renamed or removed since, offered "Run
    again", which could only fail: the page says so instead, and a POST is refused."""
    gone = job_failures.record(
        db_session, task_name="rebuild_old_index", task_id="t", arguments=[3],
        error="RuntimeError: index missing", tries=5,
    )  # fmt: skip
    known = job_failures.record(
        db_session, task_name="expire_leases", task_id="u", arguments=[],
        error="OperationalError: the database was down", tries=5,
    )  # fmt: skip
    db_session.commit()
    login(client, admin)
    page = client.get("/desk/admin/jobs").get_data(as_text=True)
    assert page.count("Run again</button>") == 1
    assert f"/desk/admin/jobs/{known.id}/run-again" in page
    assert f"/desk/admin/jobs/{gone.id}/run-again" not in page
    assert "This job no longer exists in this version; nothing to run again." in page

    refused = client.post(f"/desk/admin/jobs/{gone.id}/run-again", follow_redirects=True)
    assert "This version has no job called rebuild_old_index" in refused.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(JobFailure, gone.id).retried_at is None  # type: ignore[union-attr]
    actions = db_session.scalars(select(Event.action).where(Event.entity_type == "job"))
    assert "job_run_again" not in list(actions)


def test_checkers_and_editors_cannot_see_the_jobs_page(client: FlaskClient, editor: User) -> None:
    login(client, editor)
    assert client.get("/desk/admin/jobs").status_code == 403


# --- a real worker process: jobs wait while it is stopped and run when it starts ------------


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def worker_database(engine: Engine, tmp_path: Path) -> Iterator[str]:
    """A database of its own, committed to for real, that a worker process can see."""
    if engine.dialect.name == "sqlite":
        yield f"sqlite:///{tmp_path}/jobs-test.sqlite3"
        return
    name = f"{engine.url.database}_jobs_{os.getpid()}"
    admin = make_engine(engine.url.set(database="postgres").render_as_string(False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield engine.url.set(database=name).render_as_string(False)
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("storage", ["beside the database", "redis"])
def test_a_job_queued_while_no_worker_runs_runs_when_the_worker_starts(
    worker_database: str, storage: str, tmp_path: Path
) -> None:
    if storage == "redis" and not _redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = {**os.environ, "FACTCHECK_DATABASE_URL": worker_database, "FACTCHECK_SECRET_KEY": "w"}
    env.pop("FACTCHECK_REDIS_URL", None)
    if storage == "redis":
        env["FACTCHECK_REDIS_URL"] = "redis://127.0.0.1:6379/14"
    engine = make_engine(worker_database)
    migrate.upgrade(engine)
    with Database(engine).factory() as session:
        holder = accounts.create_user(
            session, email="w@example.org", password="x" * 12, role=Role.CHECKER
        )
        session.commit()
        claim_id = _expired_claim(session, holder).id

    config = {
        "TESTING": True,
        "DATABASE_URL": worker_database,
        "REDIS_URL": env.get("FACTCHECK_REDIS_URL"),
        "JOBS_RUN_NOW": False,
    }
    app = create_app(config)  # what the web app does: queue the job, with no worker running
    huey.flush()
    try:
        registry.enqueue("expire_leases")
        [waiting] = huey.pending()
        time.sleep(0.5)
        assert _status(engine, claim_id) == "in_progress", "nothing runs without a worker"

        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "1"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            while _status(engine, claim_id) != "queued" and time.monotonic() < deadline:
                assert worker.poll() is None, worker.stderr.read().decode()  # type: ignore[union-attr]
                time.sleep(0.2)
        finally:
            worker.send_signal(signal.SIGTERM)  # lets the running jobs finish
            worker.communicate(timeout=30)  # waits, and closes the pipe
        assert _status(engine, claim_id) == "queued", "the worker ran the waiting job"
        # Not pending_count() == 0: the worker queues its every-minute jobs at each minute,
        # and one queued just before SIGTERM may wait for the next start (a run that crossed
        # a minute failed so).
        assert waiting.id not in {task.id for task in huey.pending()}, "it took the waiting job"
    finally:
        huey.flush()
        engine.dispose()
        queue.replace_storage(MemoryStorage(queue.QUEUE_NAME))  # closes this test's connections
        app.extensions["factcheck.db"].engine.dispose()  # and the app's own


def _status(engine: Engine, claim_id: int) -> str:
    with engine.connect() as conn:
        return str(conn.scalar(text("SELECT status FROM claims WHERE id = :id"), {"id": claim_id}))


def test_binding_another_app_closes_the_queue_connection_it_replaces(
    app: Flask, tmp_path: Path
) -> None:
    served = create_app(
        {"TESTING": True, "JOBS_RUN_NOW": False, "DATABASE_URL": f"sqlite:///{tmp_path}/q.db"}
    )
    storage = huey.storage
    try:
        assert huey.pending_count() == 0  # opens the storage's connection
        assert storage._conn is not None  # type: ignore[attr-defined]
        queue.bind(app)  # a test app runs jobs at once: Huey swaps in a storage in memory
        # Left open, the connection was closed by the garbage collector in some later test,
        # whose ResourceWarning failed it (seen on PostgreSQL).
        assert storage._conn is None  # type: ignore[attr-defined]
    finally:
        served.extensions["factcheck.db"].engine.dispose()


def test_app_processes_starting_together_all_get_the_queue_tables(
    engine: Engine, worker_database: str
) -> None:
    """gunicorn starts its workers at once, each creating Huey's tables on a new database
    (PostgreSQL without Redis): before the advisory lock, all but one died at boot with a
    unique violation in pg_type, and gunicorn shut down."""
    if engine.dialect.name == "sqlite":
        pytest.skip("Huey's PostgreSQL storage")
    dsn = worker_database.replace("postgresql+psycopg://", "postgresql://", 1)
    starting = threading.Barrier(8)
    failures: list[Exception] = []

    def start_a_process() -> None:
        starting.wait()
        try:
            SerialisedPostgresStorage("factcheck", dsn=dsn).close()
        except Exception as error:  # what a worker would have died of
            failures.append(error)

    workers = [threading.Thread(target=start_a_process) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
