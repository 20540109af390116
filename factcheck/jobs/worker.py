"""``factcheck worker`` (or ``flask --app wsgi worker``): runs queued and periodic jobs."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from factcheck.jobs.queue import huey
from factcheck.wording import counted


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run at the same time.")
@with_appcontext
def worker_command(threads: int) -> None:
    """Run background jobs until stopped.

    SIGINT (Ctrl-C) finishes the running jobs first; SIGTERM stops at once, and a job cut
    short is lost (an e-mail not sent) unless resume_lost_jobs asks for it again. Stop it
    with SIGINT: systemd's KillSignal=SIGINT, compose's stop_signal: SIGINT.

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
    )
    click.echo(
        f"factcheck worker: {counted(threads, 'thread')}, queue {huey.storage.__class__.__name__}"
    )
    consumer.run()
