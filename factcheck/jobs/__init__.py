"""Background jobs on a real queue (Huey): see docs/jobs.md.

- :mod:`factcheck.jobs.queue`: the Huey instance and the storage the settings choose;
- :mod:`factcheck.jobs.outbox`: domain code queues a job that is sent after its commit (no
  Flask in it, so the domain may import it);
- :mod:`factcheck.jobs.registry`: declaring jobs, retries, recording the last failure;
- :mod:`factcheck.jobs.tasks`: the jobs themselves; :mod:`factcheck.jobs.mail`: e-mail;
- :mod:`factcheck.jobs.account_mail`: the e-mail with a link to set a password;
- :mod:`factcheck.jobs.worker`: the ``worker`` command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    """Bind the queue to the app, register the jobs and the ``worker`` command."""
    from factcheck.jobs import account_mail, tasks  # noqa: F401 - registers the jobs
    from factcheck.jobs.queue import bind
    from factcheck.jobs.registry import run_queued_now
    from factcheck.jobs.worker import worker_command

    bind(app)
    app.teardown_appcontext(run_queued_now)
    app.cli.add_command(worker_command)
