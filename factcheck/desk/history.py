"""Admin → History: the changes to people, the rating scale, topics, the site's pages and
webhooks, from the audit trail (claims and articles have their own history pages)."""

from __future__ import annotations

from flask import render_template, request

from factcheck import web
from factcheck.desk.actions import Routes
from factcheck.domain import admin_history
from factcheck.domain.errors import DomainError
from factcheck.models import ADMINS

routes = Routes()


@routes.route("/admin/history")
@web.staff_required(*ADMINS)
def history_page() -> tuple[str, int]:
    kind = request.args.get("kind") or None
    try:
        page = admin_history.changes(web.db(), kind=kind, cursor=request.args.get("cursor"))
        error, status = None, 200
    except DomainError as exc:
        page, error, status = admin_history.HistoryPage([], None), exc.message, exc.status
    return render_template(
        "desk/admin_history.html",
        page=page,
        kind=kind,
        kinds=list(admin_history.KINDS),
        error=error,
    ), status
