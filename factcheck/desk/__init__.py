"""The desk: pages for editors and checkers, one module per area.

Each area (articles, triage, queue, research, review, publishing, admin, jobs, webhooks, dashboard)
declares its routes in its own `routes` and they all join the one "desk" blueprint here;
what they share is in `desk.actions` (running an action from a form) and `desk.claim_page`.
Views parse input, call one domain function, commit and redirect.
"""

from __future__ import annotations

from flask import Blueprint

from factcheck.desk import (
    admin,
    articles,
    dashboard,
    jobs,
    publishing,
    queue,
    research,
    review,
    triage,
    webhooks,
)

AREAS = (dashboard, articles, triage, queue, research, review, publishing, admin, jobs, webhooks)

bp = Blueprint("desk", __name__, url_prefix="/desk")
for _area in AREAS:
    _area.routes.register(bp)
