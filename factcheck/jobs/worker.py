"""``factcheck worker`` (or ``flask --app wsgi worker``): runs queued and periodic jobs."""

from __future__ import annotations

import logging

import click
from flask.cli import with_appcontext

from factcheck.jobs.queue import huey
from factcheck.jobs.registry import ExpectedFailure
from factcheck.wording import counted

# Under systemd's 90 s before its SIGKILL. Docker waits only 10 s, so compose.yaml gives the
# worker a stop_grace_period above this: a job killed by SIGKILL cannot be queued again.
DEFAULT_SHUTDOWN_TIMEOUT = 20.0


@click.command("worker")
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Jobs run at the same time.",
)
@click.option(
    "--shutdown-timeout",
    default=DEFAULT_SHUTDOWN_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds SIGTERM waits for running jobs; those still running are queued again.",
)
@with_appcontext
def worker_command(threads: int, shutdown_timeout: float) -> None:
    """Run background jobs until stopped.

    SIGTERM (systemd's and docker's stop) lets the running jobs finish, for at most
    --shutdown-timeout seconds, then exits. A job cut short (by the timeout, a second
    SIGTERM, or SIGINT/Ctrl-C, which stops at once) is queued again and runs when a worker
    starts: every job is safe to run twice (docs/jobs.md).

    Jobs wait in the queue while no worker runs, and run when one starts. One worker (with its
    threads) per deployment runs the periodic jobs: lease expiry every minute, clean-ups
    hourly.
    """
    if huey.immediate:
        raise click.ClickException(
            "FACTCHECK_JOBS_RUN_NOW is set: jobs run inside the app, there is nothing to work on."
        )
    consumer = huey.create_consumer(
        workers=threads,
        worker_type="thread",
        periodic=True,
        check_worker_health=True,
        # An idle worker polls the SQL storages less and less often, but never less than once
        # a second (Huey's default goes up to 10 s: a notification would wait that long).
        max_delay=1.0,
        # Huey's consumer stops at once on SIGTERM and gracefully on SIGINT. SIGTERM is what
        # every supervisor sends (systemd, docker stop, Kubernetes), so it is the graceful
        # one here: a normal stop finishes the running jobs, and nothing runs twice. Huey's
        # own option, rather than a handler of ours over its private signal table. What a
        # stop still cuts short (the timeout, a second signal, SIGINT) Huey reports with
        # SIGNAL_INTERRUPTED, and registry queues it again: graceful alone would lose those.
        graceful_signal="TERM",
        shutdown_timeout=shutdown_timeout,
    )
    _log_to_stderr()
    click.echo(
        f"factcheck worker: {counted(threads, 'thread')}, queue {huey.storage.__class__.__name__}"
    )
    consumer.run()


# What the worker logs, on stderr (journald and docker keep it): factcheck's own lines (a line
# per job done, lease expiry, failures) and the consumer's start and stop; not Huey's two lines
# per job, its scheduler's line a minute nor its 20-line list of jobs at every start, and other
# libraries' warnings only.
_LOG_LEVELS = {
    "factcheck": logging.INFO,
    "huey": logging.WARNING,
    "huey.consumer": logging.INFO,
    "huey.consumer.Scheduler": logging.WARNING,
}


def _log_to_stderr() -> None:
    root = logging.getLogger()
    if not any(getattr(handler, "factcheck_worker", False) for handler in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler.addFilter(_not_the_list_of_jobs)
        handler.factcheck_worker = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    for name, level in _LOG_LEVELS.items():
        logging.getLogger(name).setLevel(level)


def _not_the_list_of_jobs(record: logging.LogRecord) -> bool:
    """Drops Huey's list of jobs, and its traceback of a try that failed as expected (the
    registry logs that failure in one line)."""
    failure = record.exc_info[1] if record.exc_info else None
    if isinstance(failure, ExpectedFailure):
        return False
    return not str(record.msg).startswith("The following commands are available")
