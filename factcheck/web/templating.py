"""What templates may call: Jinja filters and globals. None of them reads the database:
views hand templates their data (tests/test_render_queries.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, url_for

from factcheck import clock, markdown
from factcheck.domain.claimants import slug
from factcheck.domain.validation import is_web_url
from factcheck.domain.workflow import Action
from factcheck.models import Claim, Claimant
from factcheck.web.settings import public_url

# What each action is called on a button and in the history.
ACTION_LABELS: dict[str, str] = {
    Action.ACCEPT: "Accept",
    Action.REJECT: "Reject",
    Action.REWORD: "Reword",
    Action.SPLIT: "Split",
    Action.MERGE: "Merge",
    Action.SPLIT_FROM: "Split from another claim",
    Action.MERGE_FROM: "Merged from other claims",
    Action.EDIT_DETAILS: "Edit claimant and date",
    Action.RESTORE: "Restore",
    Action.TAKE: "Take",
    Action.ASSIGN: "Assign",
    Action.SCHEDULE: "Set priority and due date",
    Action.UNASSIGN: "Unassign",
    Action.RELEASE: "Release",
    Action.EXPIRE: "Lease expired",
    Action.ADD_EVIDENCE: "Add evidence",
    Action.EDIT_EVIDENCE: "Edit evidence",
    Action.REMOVE_EVIDENCE: "Remove evidence",
    Action.SAVE_DRAFT: "Save draft",
    Action.VOTE: "Vote",
    Action.RECORD_REPLY: "Record right of reply",
    Action.COMMENT: "Comment",
    Action.LINK_MATCH: "Link to an earlier fact-check",
    Action.DISMISS_MATCH: "Dismiss a suggestion",
    # Events outside the claim table: articles, imports, snapshots.
    "extract": "Extract",
    Action.PROMOTE: "Promote",
    Action.CREATE: "Create",
    Action.EDIT: "Edit",
    Action.WITHDRAW: "Withdraw",
    "archive_evidence": "Archive evidence",
    Action.SUBMIT: "Submit verdict",
    Action.APPROVE: "Approve",
    Action.RETURN: "Return",
    Action.PUBLISH: "Publish",
    Action.PROPOSE_CORRECTION: "Propose a correction",
    Action.CORRECT: "Approve the correction",
    Action.DECLINE_CORRECTION: "Decline the correction",
}


def init_templates(app: Flask) -> None:
    app.jinja_env.filters.update(
        dict_without=_dict_without,
        time_left=_time_left,
        markdown=markdown.render,
        plain=markdown.plain,
    )
    app.jinja_env.globals.update(
        action_label=lambda action: ACTION_LABELS.get(action, action),
        claimant_url=claimant_url,
        is_web_url=is_web_url,
        public_url=public_url,
        site_name=lambda: app.config["SITE_NAME"],
    )


def claimant_url(record: Claimant | Claim) -> str | None:
    """The public page of a claimant record, or of a claim's claimant (None: no record)."""
    if isinstance(record, Claimant):
        return claimant_page_url(record)
    if record.claimant_id is None or not record.claimant:
        return None
    return url_for(
        "public.claimant_page", claimant_id=record.claimant_id, slug=slug(record.claimant)
    )


def claimant_page_url(record: Claimant) -> str:
    return url_for("public.claimant_page", claimant_id=record.id, slug=slug(record.name))


def _dict_without(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k not in keys}


def _time_left(until: dt.datetime | None) -> str:
    """'5 h 12 min left', or 'expired', for lease deadlines."""
    if until is None:
        return ""
    seconds = int((until - clock.now()).total_seconds())
    if seconds <= 0:
        return "expired"
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours} h {minutes} min left" if hours else f"{minutes} min left"
