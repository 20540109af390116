"""Declaring jobs: each runs in its own database session, committed once when it succeeds.

A job is a function ``(session, *arguments)`` that calls domain functions (which flush, never
commit). :func:`job` registers it with the queue under its own name, with retries and an
exponential backoff; :func:`periodic` does the same on a crontab schedule. A job that fails its
last try is recorded in ``job_failures`` for admins, who can run it again (docs/jobs.md).

Jobs must be idempotent: the queue runs a job at least once, so a retry, a redelivery after a
worker was killed, or an admin's "run again" must do no harm when the work is already done.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from flask import g, has_app_context
from huey import crontab
from huey.api import Task, TaskWrapper
from huey.signals import (
    SIGNAL_COMPLETE,
    SIGNAL_ENQUEUED,
    SIGNAL_ERROR,
    SIGNAL_EXECUTING,
    SIGNAL_INTERRUPTED,
    SIGNAL_SCHEDULED,
)

from factcheck.jobs.queue import app_for_job, huey
from factcheck.web.database import close_session

log = logging.getLogger(__name__)
JobFunction = Callable[..., Any]

# By name: what the outbox and an admin's "run again" enqueue.
TASKS: dict[str, TaskWrapper] = {}
# What ends the pending work of a job whose last try failed (see `job`), by job name.
GAVE_UP: dict[str, JobFunction] = {}

DEFAULT_RETRIES = 4
# First retry after 10 s, then 20, 40, 80: about 2.5 minutes before a job is given up.
DEFAULT_RETRY_DELAY = 10
RETRY_BACKOFF = 2


def run_in_session(function: JobFunction, *arguments: Any) -> Any:
    """Run `function(session, *arguments)` against the app's database and commit."""
    app = app_for_job()
    with app.app_context():
        database = app.extensions["factcheck.db"]
        with database.session(writes=True) as session:
            result = function(session, *arguments)
            session.commit()
            return result


def job(
    *,
    retries: int = DEFAULT_RETRIES,
    retry_delay: int = DEFAULT_RETRY_DELAY,
    gave_up: JobFunction | None = None,
    knows_retry: bool = False,
) -> Callable[[JobFunction], TaskWrapper]:
    """Register `function(session, *arguments)` as a job named after it. `gave_up(session,
    *arguments)` runs once its last try has failed: it ends what the job left pending.
    With `knows_retry`, the function also gets `retry_in`: the seconds after which the queue
    runs it again if this try raises, or None on its last try."""

    def register(function: JobFunction) -> TaskWrapper:
        if gave_up is not None:
            GAVE_UP[function.__name__] = gave_up

        def run(*arguments: Any, task: Task | None = None) -> Any:
            if task is None:
                return run_in_session(function, *arguments)
            retry_in = int(task.retry_delay) if task.retries else None
            return run_in_session(functools.partial(function, retry_in=retry_in), *arguments)

        run.__name__ = function.__name__
        run.__doc__ = function.__doc__
        wrapper = huey.task(
            retries=retries,
            retry_delay=retry_delay,
            retry_backoff=RETRY_BACKOFF,
            name=function.__name__,
            context=knows_retry,  # huey passes the task, whose retries say what comes next
        )(run)
        TASKS[function.__name__] = wrapper
        return wrapper

    return register


def periodic(schedule: crontab) -> Callable[[JobFunction], TaskWrapper]:
    """Register `function(session)` to run on `schedule` (a huey.crontab) in the worker."""

    def register(function: JobFunction) -> TaskWrapper:
        def run() -> Any:
            return run_in_session(function)

        run.__name__ = function.__name__
        run.__doc__ = function.__doc__
        wrapper = huey.periodic_task(schedule, name=function.__name__)(run)
        TASKS[function.__name__] = wrapper
        return wrapper

    return register


def enqueue(task_name: str, *arguments: Any) -> None:
    """Queue the registered job `task_name` (the worker runs it; JOBS_RUN_NOW runs it now)."""
    if huey.immediate:
        _run_now(task_name, arguments)
    else:
        TASKS[task_name](*arguments)


def _run_now(task_name: str, arguments: tuple[Any, ...]) -> None:
    """JOBS_RUN_NOW: run the job when the app context that queued it ends.

    Not inside the commit that queued it: that would nest one transaction in another (and a
    job's own follow-ups in it). At the end of the request, of the command, or of the job
    that queued it, the session is closed, as it would be before a worker picked the job up.
    """
    if not has_app_context():
        # Running now needs the app whose database the commit went to; without an app (a
        # script or a test driving the domain alone) there is no such app to run against.
        log.debug("No app: job %s%r not run", task_name, arguments)
        return
    g.setdefault("jobs_to_run_now", []).append((task_name, arguments))


def run_queued_now(exc: BaseException | None) -> None:
    """At the end of an app context (teardown): run what it queued with JOBS_RUN_NOW."""
    waiting = g.pop("jobs_to_run_now", None)
    if not waiting or exc is not None:
        return
    close_session(None)  # the request's session first: jobs use sessions of their own
    for task_name, arguments in waiting:
        TASKS[task_name](*arguments)  # huey's immediate mode: runs here, retries included


class ExpectedFailure(RuntimeError):
    """A try that failed for a reason outside factcheck (a webhook receiver's 500), which the
    queue retries: logged as one warning line with the reason, not as a traceback."""


# When each running try started, by task id (worker threads share it; a dict is safe there).
_started: dict[str, float] = {}


@huey.signal()
def _log_finished(signal: str, task: Task, *details: Any) -> None:
    """One INFO line per job done: its name, id and time, never its arguments (they may name
    people), so that the worker's log shows it working. Failures Huey logs itself, but for
    an ExpectedFailure: one WARNING line (its message must name no one, as here)."""
    if signal == SIGNAL_ERROR and details and isinstance(details[0], ExpectedFailure):
        next_step = "the queue tries it again" if task.retries else "it was the last try"
        reason = str(details[0]).rstrip(".")
        log.warning("Job %s %s failed: %s; %s", task.name, task.id, reason, next_step)
    if signal == SIGNAL_EXECUTING:
        _started[task.id] = time.monotonic()
        return
    if signal in (SIGNAL_ENQUEUED, SIGNAL_SCHEDULED):
        return
    started = _started.pop(task.id, None)  # any other signal ends the try, however it went
    if signal == SIGNAL_COMPLETE and started is not None:
        log.info("Job %s %s done in %.2f s", task.name, task.id, time.monotonic() - started)


@huey.signal(SIGNAL_INTERRUPTED)
def _queue_interrupted_again(signal: str, task: Task) -> None:
    """A job the worker's stop cut short runs again when a worker starts: Huey itself forgets
    it. Safe, since every job may run twice (module docstring); the same task id and tries."""
    try:
        huey.enqueue(task)
    except Exception:  # the queue's storage may be what is going away
        log.exception("Job %s (%s) was cut short and could not be queued again", task.name, task.id)
        return
    log.warning("Job %s (%s) was cut short by the worker's stop; queued again", task.name, task.id)


@huey.signal(SIGNAL_ERROR)
def _record_last_failure(signal: str, task: Task, exc: BaseException | None = None) -> None:
    """After a job's last try, keep it for admins; earlier failures are retried by the queue."""
    if task.retries:
        return
    from factcheck.domain import job_failures

    tries = (type(task).default_retries or 0) + 1
    try:
        run_in_session(
            lambda session: job_failures.record(
                session,
                task_name=task.name,
                task_id=task.id,
                arguments=list(task.args),
                error=f"{type(exc).__name__}: {exc}" if exc else "unknown error",
                tries=tries,
            )
        )
    except Exception:  # the database itself may be what failed; the log still has it
        log.exception("Could not record the failure of job %s (%s)", task.name, task.id)
    if task.name in GAVE_UP:
        try:
            run_in_session(GAVE_UP[task.name], *task.args)
        except Exception:
            log.exception("Could not end the work of job %s (%s)", task.name, task.id)
