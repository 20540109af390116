"""The desk: pages for editors and checkers, one module per area.

Each area (articles, triage, queue, research, review, publishing, topics, claimants, admin,
archive import, jobs, webhooks, people, history, dashboard) declares its routes in its own
`routes` and they all join the one "desk" blueprint here;
what they share is in `desk.actions` (running an action from a form) and `desk.claim_page`.
Views parse input, call one domain function, commit and redirect.
"""

from __future__ import annotations

from flask import Blueprint, has_request_context
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import (
    admin,
    archive_import,
    articles,
    claimants,
    dashboard,
    history,
    jobs,
    people,
    publishing,
    queue,
    research,
    review,
    topics,
    triage,
    webhooks,
)
from factcheck.domain import my_work

AREAS = (
    dashboard,
    articles,
    triage,
    queue,
    research,
    review,
    publishing,
    admin,
    archive_import,
    jobs,
    topics,
    claimants,
    webhooks,
    people,
    history,
)

bp = Blueprint("desk", __name__, url_prefix="/desk")
for _area in AREAS:
    _area.routes.register(bp)
# Over the size limit, the import page shows its form again; the rest of the desk is answered
# as before (errors.too_large).
bp.register_error_handler(RequestEntityTooLarge, archive_import.too_large)


@bp.after_request
def never_stored(response: Response) -> Response:
    """Desk pages are fetched again on Back: the triage page changes rows in place, and a copy
    from the browser's cache showed decisions as undone, whose buttons were then refused as
    "changed since you opened the page". A header a view set itself is kept."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.app_context_processor
def nav_counts() -> dict[str, my_work.NavCounts | None]:
    """The counts beside the desk's links, read before the template renders (one query,
    signed-in staff only); None when they cannot be read, as for the notification bell."""
    if not has_request_context() or not current_user.is_authenticated:
        return {"nav_counts": None}
    try:
        return {"nav_counts": my_work.nav_counts(web.db(), web.user())}
    except SQLAlchemyError:
        return {"nav_counts": None}
