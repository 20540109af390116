"""Background jobs that gave up: recorded for admins, who can run them again."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit
from factcheck.domain.errors import Conflict, NotFound
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import JobFailure, User


def record(
    session: Session,
    *,
    task_name: str,
    task_id: str,
    arguments: list[Any],
    error: str,
    tries: int,
) -> JobFailure:
    """Keep a job that failed its last try. The same job with the same arguments failing
    again before anyone ran it again counts on its waiting entry: a periodic job failing on
    every run is one entry on the Jobs page, not one per run (each failure is still an
    event in the audit trail)."""
    waiting = session.scalars(
        select(JobFailure).where(JobFailure.task_name == task_name, JobFailure.retried_at.is_(None))
    )
    failure = next((entry for entry in waiting if entry.arguments == arguments), None)
    if failure is None:
        failure = JobFailure(task_name=task_name, arguments=arguments, repeats=1)
        session.add(failure)
    else:
        failure.repeats += 1
        failure.failed_at = clock.now()
    failure.task_id, failure.error, failure.tries = task_id, error[:4000], tries
    session.flush()  # generate failure.id for the audit trail
    audit.record(
        session,
        actor=None,
        entity_type="job",
        entity_id=failure.id,
        action="job_failed",
        note=f"{task_name}: {failure.error}"[:500],
    )
    return failure


def waiting_for_an_admin(session: Session, task_name: str) -> bool:
    """Whether a failure of `task_name` is recorded and nobody has run it again yet: its
    work waits for an admin rather than for the periodic retry of lost jobs."""
    query = select(JobFailure.id).where(
        JobFailure.task_name == task_name, JobFailure.retried_at.is_(None)
    )
    return session.scalar(query.limit(1)) is not None


def recent(session: Session, *, limit: int = 100) -> list[JobFailure]:
    """The latest failures, those not yet run again first."""
    query = (
        select(JobFailure)
        .order_by(JobFailure.retried_at.is_not(None), JobFailure.failed_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def run_again(
    session: Session, failure_id: int, user: User, *, known: Collection[str] | None = None
) -> JobFailure:
    """Queue the failed job again (after the commit) and note who did it. `known`: the
    names of the jobs this release has (a failure kept from before a job was renamed or
    removed cannot run again); None trusts the name."""
    failure = session.get(JobFailure, failure_id, with_for_update=True)
    if failure is None:
        raise NotFound(f"There is no failed job #{failure_id}.")
    if failure.retried_at is not None:
        raise Conflict("This job was already run again; see the newer entry if it failed again.")
    if known is not None and failure.task_name not in known:
        raise Conflict(
            f"This version has no job called {failure.task_name} (renamed or removed since "
            "it failed): nothing to run again."
        )
    failure.retried_at = clock.now()
    failure.retried_by_id = user.id
    audit.record(
        session,
        actor=user,
        entity_type="job",
        entity_id=failure.id,
        action="job_run_again",
        note=failure.task_name,
    )
    enqueue_after_commit(session, failure.task_name, *failure.arguments)
    return failure
