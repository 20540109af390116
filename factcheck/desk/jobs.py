"""Admin page of background jobs: what waits in the queue, what failed, and running it again."""

from __future__ import annotations

from flask import render_template, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import forms
from factcheck.desk.actions import Routes, attempt
from factcheck.domain import job_failures, lost_jobs, match_vectors
from factcheck.jobs.queue import huey
from factcheck.jobs.registry import TASKS
from factcheck.models import Role

routes = Routes()
admin_required = web.staff_required(Role.ADMIN)


@routes.route("/admin/jobs")
@admin_required
def jobs_page() -> str:
    return render_template(
        "desk/jobs.html",
        failures=job_failures.recent(web.db()),
        waiting_for_vectors=match_vectors.waiting_for_vectors(web.db()),
        vectors_job_failed=job_failures.waiting_for_an_admin(web.db(), lost_jobs.VECTORS_JOB),
        waiting=huey.pending_count(),
        scheduled=huey.scheduled_count(),
        runs_now=huey.immediate,
        known_jobs=TASKS,  # a failure of a job renamed or removed since has no "Run again"
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/admin/jobs/<int:failure_id>/run-again", methods=["POST"])
@admin_required
def run_job_again(failure_id: int) -> Response:
    return attempt(
        lambda: job_failures.run_again(web.db(), failure_id, web.user(), known=TASKS),
        "The job is queued again.",
        url_for("desk.jobs_page"),
        form=forms.CsrfOnlyForm(),
    )
