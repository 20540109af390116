"""Overviews: the desk's home page, and the editors' dashboard of turnaround, throughput
and load computed from the audit trail."""

from __future__ import annotations

import datetime as dt

from flask import flash, render_template, request

from factcheck import clock, web
from factcheck.desk.actions import Routes
from factcheck.domain import articles, guards, queue, queue_listing, review_panel
from factcheck.domain import dashboard as figures
from factcheck.domain.errors import DomainError, InvalidInput
from factcheck.domain.validation import calendar_date

routes = Routes()


@routes.route("/")
@web.staff_required()
def home() -> str:
    session = web.db()
    mine = queue.my_claims(session, web.user())
    return render_template(
        "desk/home.html",
        mine=mine,
        on_hold={claim.id: guards.withdrawn_notice(claim) for claim in mine},
        queued=queue.queued_claims(session, limit=10),
        held=queue_listing.held_back(session),
        inbox=review_panel.review_inbox(session) if web.user().is_editor else [],
        recent=articles.recent_articles(session, limit=10),
    )


@routes.route("/dashboard")
@web.editor_required
def dashboard() -> tuple[str, int]:
    """Turnaround, throughput and load over a chosen period (default: the last 30 days)."""
    now = clock.now()
    status = 200
    try:
        start_day = calendar_date(request.args.get("from"), "from")
        end_day = calendar_date(request.args.get("to"), "to")
        if start_day and end_day and start_day > end_day:
            raise InvalidInput(
                f"From ({start_day.isoformat()}) is after To ({end_day.isoformat()}): showing "
                "the last 30 days instead.",
                field="from",
            )
    except DomainError as error:
        flash(error.message, "error")
        start_day = end_day = None
        status = 400
    # The newsroom's days (FACTCHECK_TIME_ZONE), as the page shows them.
    end = clock.local_moment(end_day + dt.timedelta(days=1), 0) if end_day else now
    start = clock.local_moment(start_day, 0) if start_day else end - dt.timedelta(days=30)
    board = figures.build(web.db(), start=start, end=end, now=now)
    return render_template(
        "desk/dashboard.html",
        board=board,
        chart_data=_chart_data(board),
        start_day=clock.day_of(start),
        end_day=clock.day_of(end - dt.timedelta(seconds=1)),
    ), status


def _chart_data(board: figures.Dashboard) -> dict[str, object]:
    ratings = sorted({label for week in board.published_per_rating.values() for label in week})
    return {
        "turnaround": {
            "labels": [row.stage for row in board.turnaround],
            "median": [row.median_hours for row in board.turnaround],
            "p90": [row.p90_hours for row in board.turnaround],
        },
        "checkers": {
            "labels": [row.user.display_name for row in board.checkers],
            "submitted": [row.submitted for row in board.checkers],
            "open": [row.open_claims for row in board.checkers],
        },
        "published": {
            "labels": list(board.published_per_rating),
            "series": {
                label: [week.get(label, 0) for week in board.published_per_rating.values()]
                for label in ratings
            },
        },
    }
