"""What templates may call: Jinja filters and globals. None of them reads the database:
views hand templates their data (tests/test_render_queries.py)."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from typing import Any

from flask import Flask, g, get_flashed_messages, url_for
from jinja2 import Undefined
from markupsafe import Markup, escape

from factcheck import clock, markdown, wording
from factcheck.domain import review_panel
from factcheck.domain.claimants import slug
from factcheck.domain.modified import last_modified
from factcheck.domain.publish_gate import credited_verdict
from factcheck.domain.validation import is_web_url
from factcheck.domain.workflow import Action
from factcheck.extraction.pipeline import reason_to_dict
from factcheck.extraction.score import Reason, why_not_proposed
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
    Action.UNACCEPT: "Back to candidates",
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
    Action.UNLINK_MATCH: "Remove the link to an earlier fact-check",
    Action.TAG: "File under topics",
    Action.CREATE_TOPIC: "Create topic",
    Action.RENAME_TOPIC: "Rename topic",
    Action.DELETE_TOPIC: "Delete topic",
    # Events outside the claim table: articles, imports, snapshots.
    "extract": "Extract",
    Action.PROMOTE: "Promote",
    Action.CREATE: "Create",
    Action.EDIT: "Edit",
    Action.WITHDRAW: "Withdraw",
    Action.REWRITE_CANDIDATES: "Ask the language model again",
    "llm_rewrite": "Rewritten by the language model",
    "llm_rewrite_failed": "Language model failed",
    "llm_replaced": "Replaced by the language model's rewrite",
    "archive_evidence": "Archive evidence",
    "archive_failed": "Archiving failed",
    Action.SUBMIT: "Submit verdict",
    Action.APPROVE: "Approve",
    Action.RETURN: "Return",
    Action.PUBLISH: "Publish",
    Action.PROPOSE_CORRECTION: "Propose a correction",
    Action.CORRECT: "Approve the correction",
    Action.DECLINE_CORRECTION: "Decline the correction",
}


def hidden_field(field: Any) -> Markup:
    """A hidden field (CSRF token, version, form token) without its id: a page carries many
    forms, each with one, and an id may be used only once on a page. A field the form does
    not have (CSRF switched off) renders as nothing."""
    if isinstance(field, Undefined):
        return Markup("")
    return Markup(field(id=False))


def init_templates(app: Flask) -> None:
    app.jinja_env.filters.update(
        dict_without=_dict_without,
        link_args=link_args,
        time_left=_time_left,
        why_not_proposed=_why_not_proposed,
        duration=duration,
        time_since=time_since,
        time_until=time_until,
        moment=moment,
        desk_time=desk_time,
        day=day,
        markdown=markdown.render,
        markdown_inline=markdown.inline,
        plain=markdown.plain,
        hidden=hidden_field,
    )
    app.jinja_env.globals.update(
        action_label=lambda action: ACTION_LABELS.get(action, action),
        claimant_url=claimant_url,
        # "1 approved claim", "2 approved claims": never "claim(s)".
        counted=wording.counted,
        # "an admin", "an editor", "a checker".
        with_article=wording.with_article,
        # Whose work a published claim's byline credits (its first verdict's checker).
        credited_of=credited_verdict,
        is_web_url=is_web_url,
        # When readers last saw a claim's rating change; reads only what the view loaded.
        modified_of=last_modified,
        public_url=public_url,
        site_name=lambda: app.config["SITE_NAME"],
        flashes_at=flashes_at,
        top_flashes=top_flashes,
        # One filling-in of a form that must act once however often it is sent (take next).
        new_form_token=lambda: uuid.uuid4().hex,
        # A panel's votes: those of people no longer editors are shown, not counted.
        approvals_counted=review_panel.approvals_counted,
        vote_not_counted=review_panel.why_not_counted,
        panel_decision=review_panel.decision,
        # The day an empty date field records: the newsroom's (FACTCHECK_TIME_ZONE).
        local_today=clock.local_today,
        zone_name=clock.zone_name,
    )


def _flashes() -> list[tuple[str, str, str]]:
    """(kind, anchor, message) of each flash; `attempt` files a message under the anchor
    its redirect jumps to as "success#claim-12"."""
    found = []
    flashes: list[tuple[str, str]] = get_flashed_messages(with_categories=True)  # type: ignore[assignment]
    for category, message in flashes:
        kind, _, anchor = str(category).partition("#")
        found.append((kind, anchor, str(message)))
    return found


def flashes_at(anchor: str) -> Markup:
    """The messages about the element `anchor`, shown next to it where the eye lands; the
    page renders its content before its top messages, which then leave these out."""
    placed: set[str] = g.setdefault("placed_flash_anchors", set())
    mine = [(kind, message) for kind, where, message in _flashes() if where == anchor]
    if mine:
        placed.add(anchor)
    return Markup("").join(
        Markup('<span class="flash {}">{}</span>').format(kind, escape(message))
        for kind, message in mine
    )


def top_flashes() -> list[tuple[str, str]]:
    """The messages no element of the page showed: at the top of the page."""
    placed: set[str] = g.get("placed_flash_anchors", set())
    return [(kind, message) for kind, where, message in _flashes() if where not in placed]


def duration(hours: float | None) -> str:
    """A turnaround as people say it: "25 min" under an hour, "3.5 h" above, "—" for none."""
    if hours is None:
        return "—"
    if hours < 1:
        return f"{round(hours * 60)} min"
    return f"{hours:.1f} h"


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


def link_args(args: Mapping[str, str]) -> dict[str, str]:
    """A request's query, to build a link to the same page with: without the keys that
    url_for takes as its own options (`_method`, `_anchor`, `_external`, `_scheme`,
    `endpoint`), which a visitor could otherwise set from the address bar."""
    return {k: v for k, v in args.items() if not k.startswith("_") and k != "endpoint"}


def _time_left(until: dt.datetime | None) -> str:
    """'5 h 12 min left', '24 h left' or 'expired', for lease deadlines. Rounded up to the
    minute: a lease taken a second ago has its whole 24 h left, not "23 h 59 min", and the
    last seconds read "1 min left" rather than "0 min"."""
    if until is None:
        return ""
    seconds = (until - clock.now()).total_seconds()
    if seconds <= 0:
        return "expired"
    hours, minutes = divmod(math.ceil(seconds / 60), 60)
    if not hours:
        return f"{minutes} min left"
    return f"{hours} h {minutes} min left" if minutes else f"{hours} h left"


def _why_not_proposed(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    """A sentence's reasons for not being a candidate, as the reasons list shows them."""
    return [reason_to_dict(reason) for reason in why_not_proposed(reasons)]


def _span(seconds: int) -> str:
    """A stretch of time as people say it: '12 min', '3 h 5 min', '2 days'."""
    minutes = seconds // 60
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"


def time_since(moment: dt.datetime | None) -> str:
    """'3 h 5 min ago', for how long something has waited."""
    if moment is None:
        return ""
    return f"{_span(max(0, int((clock.now() - moment).total_seconds())))} ago"


def time_until(moment: dt.datetime | None) -> str:
    """'in 2 days', or '3 h ago' once it has passed, for due dates and leases."""
    if moment is None:
        return ""
    seconds = int((moment - clock.now()).total_seconds())
    return f"in {_span(seconds)}" if seconds > 0 else f"{_span(-seconds)} ago"


def moment(value: dt.datetime | None) -> str:
    """The absolute time beside a human one: 'Thu 3 Dec 2026, 14:05 UTC'."""
    return desk_time(value, "%a %-d %b %Y, %H:%M")


def desk_time(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored moment in the newsroom's time, with its zone: '2026-12-06 08:30 AEDT'."""
    return clock.stamp(value, fmt) if value else ""


def day(value: dt.datetime | dt.date | None, fmt: str = "%-d %B %Y") -> str:
    """The newsroom's day of a stored moment ('6 December 2026'); a date stays as it is."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = clock.local(value)
    return value.strftime(fmt)
