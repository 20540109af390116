"""Desk views for the work around a claim: sources, right of reply, drafts, votes, comments."""

from __future__ import annotations

import datetime as dt

from flask import flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck import clock, web
from factcheck.desk import forms
from factcheck.desk.views import _at, _attempt, _claim_page, _form_action, _lease, bp
from factcheck.domain import articles, audit, comments, matching, research
from factcheck.domain import dashboard as dashboard_figures
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import ids as validation_ids
from factcheck.domain.validation import optional_id


def _evidence_target(evidence_id: int) -> tuple[research.Evidence, str]:
    evidence = research.get_evidence(web.db(), evidence_id)
    return evidence, url_for("desk.claim", claim_id=evidence.claim_id, _anchor="evidence")


@bp.route("/evidence/<int:evidence_id>/edit", methods=["POST"])
@web.staff_required()
def edit_evidence(evidence_id: int) -> Response | tuple[str, int]:
    form = forms.EvidenceForm(prefix=f"e{evidence_id}")
    evidence, target = _evidence_target(evidence_id)
    done = _form_action(
        form,
        lambda: research.edit_evidence(
            web.db(),
            evidence,
            web.user(),
            expected_version=form.expected_version(),
            lease=_lease(),
            url=form.url.data,
            stance=form.stance.data,
            title=form.title.data,
            publisher=form.publisher.data,
            excerpt=form.excerpt.data,
            accessed_on=form.accessed_on.data,
            archive_url=form.archive_url.data,
            note=form.note.data,
            is_primary=form.is_primary.data,
        ),
    )
    if done is True:
        flash("Evidence updated.", "success")
        return redirect(target)
    claim = articles.get_claim(web.db(), evidence.claim_id)
    return _claim_page(claim, status=409 if form.errors else 400, edit_forms={evidence_id: form})


@bp.route("/evidence/<int:evidence_id>/<any(up, down):direction>", methods=["POST"])
@web.staff_required()
def move_evidence(evidence_id: int, direction: str) -> Response:
    form = forms.CsrfOnlyForm()
    evidence, target = _evidence_target(evidence_id)
    return _attempt(
        lambda: research.move_evidence(web.db(), evidence, web.user(), up=direction == "up"),
        "Order saved.",
        target,
        form=form,
    )


@bp.route("/evidence/<int:evidence_id>/remove", methods=["POST"])
@web.staff_required()
def remove_evidence(evidence_id: int) -> Response:
    form = forms.ClaimActionForm()
    evidence, target = _evidence_target(evidence_id)
    return _attempt(
        lambda: research.remove_evidence(
            web.db(), evidence, web.user(), expected_version=form.expected_version()
        ),
        "Evidence removed. It stays in the claim's history.",
        target,
        form=form,
    )


@bp.route("/claims/<int:claim_id>/replies", methods=["POST"])
@web.staff_required()
def record_reply(claim_id: int) -> Response:
    form = forms.ReplyForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id, _anchor="reply")
    return _attempt(
        lambda: research.record_reply(
            web.db(),
            claim,
            web.user(),
            contacted_at=_at(form.contacted_on.data, 12),
            channel=form.channel.data,
            contact=form.contact.data,
            answer=form.answer.data,
        ),
        "Right of reply recorded.",
        target,
        form=form,
        invalid="Check the right-of-reply form.",
    )


@bp.route("/claims/<int:claim_id>/draft", methods=["POST"])
@web.staff_required()
def save_draft(claim_id: int) -> tuple[Response, int]:
    """Autosave of the verdict form (JSON answer, called as the checker types)."""
    claim = articles.get_claim(web.db(), claim_id)
    try:
        draft = research.save_draft(
            web.db(),
            claim,
            web.user(),
            rating_slug=request.form.get("rating"),
            explanation=request.form.get("explanation"),
            lease=_lease(),
        )
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        return jsonify({"error": {"code": error.code, "message": error.message}}), error.status
    return jsonify(
        {
            "saved_at": draft.updated_at.isoformat(),
            "message": f"Draft saved at {draft.updated_at:%H:%M:%S} UTC",
        }
    ), 200


@bp.route("/claims/<int:claim_id>/comments", methods=["POST"])
@web.staff_required()
def add_comment(claim_id: int) -> Response:
    form = forms.CommentForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id, _anchor="conversation")
    return _attempt(
        lambda: comments.add_comment(
            web.db(), claim, web.user(), form.body.data, parent_id=optional_id(form.parent_id.data)
        ),
        "Comment added.",
        target,
        form=form,
        invalid="Write something to comment.",
    )


@bp.route("/articles/<int:article_id>/history")
@web.staff_required()
def article_history(article_id: int) -> str:
    article = articles.get_article(web.db(), article_id)
    return render_template(
        "desk/article_history.html",
        article=article,
        events=audit.article_history(web.db(), article),
    )


@bp.route("/dashboard")
@web.editor_required
def dashboard() -> tuple[str, int]:
    """Turnaround, throughput and load over a chosen period (default: the last 30 days)."""
    now = clock.now()
    status = 200
    try:
        start_day = web.parse_date(request.args.get("from"), "from")
        end_day = web.parse_date(request.args.get("to"), "to")
    except DomainError as error:
        flash(error.message, "error")
        start_day = end_day = None
        status = 400
    end = (
        dt.datetime.combine(end_day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        if end_day
        else now
    )
    start = (
        dt.datetime.combine(start_day, dt.time(), tzinfo=dt.UTC)
        if start_day
        else end - dt.timedelta(days=30)
    )
    board = dashboard_figures.build(web.db(), start=start, end=end, now=now)
    return render_template(
        "desk/dashboard.html",
        board=board,
        chart_data=_chart_data(board),
        start_day=start.date(),
        end_day=(end - dt.timedelta(seconds=1)).date(),
    ), status


def _chart_data(board: dashboard_figures.Dashboard) -> dict[str, object]:
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


@bp.route("/claims/<int:claim_id>/link", methods=["POST"])
@web.editor_required
def link_match(claim_id: int) -> Response:
    form = forms.CsrfOnlyForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id, _anchor="matches")
    entry_id = request.form.get("entry_id", "")
    chosen = optional_id(entry_id)
    if not form.validate_on_submit() or chosen is None:
        flash("Choose the fact-check to link.", "error")
        return redirect(target)
    return _attempt(
        lambda: matching.link(web.db(), claim, web.user(), chosen),
        "Linked: the earlier fact-check is credited on this claim.",
        target,
    )


@bp.route("/claims/<int:claim_id>/dismiss", methods=["POST"])
@web.editor_required
def dismiss_match(claim_id: int) -> Response:
    form = forms.CsrfOnlyForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id, _anchor="matches")
    return _attempt(
        lambda: matching.dismiss(web.db(), claim, web.user(), request.form.get("key", "")),
        "Suggestion dismissed.",
        target,
        form=form,
    )


@bp.route("/claims/<int:claim_id>/split", methods=["POST"])
@web.editor_required
def split_claim(claim_id: int) -> Response:
    form = forms.ClaimActionForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.article", article_id=claim.article_id)
    parts = (request.form.get("parts") or "").splitlines()
    return _attempt(
        lambda: articles.split_claim(
            web.db(), claim, web.user(), parts, expected_version=form.expected_version()
        ),
        f"Claim #{claim.id} split.",
        target,
        form=form,
    )


@bp.route("/articles/<int:article_id>/merge", methods=["POST"])
@web.editor_required
def merge_claims(article_id: int) -> Response:
    form = forms.CsrfOnlyForm()
    target = url_for("desk.article", article_id=article_id)
    ids = validation_ids(request.form.getlist("claim_ids"))
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(target)
    claims = [articles.get_claim(web.db(), claim_id) for claim_id in ids]
    return _attempt(
        lambda: articles.merge_claims(web.db(), claims, web.user(), request.form.get("text")),
        "Claims merged.",
        target,
    )
