"""Desk views for the work around a claim: sources, right of reply, drafts, votes, comments."""

from __future__ import annotations

import datetime as dt

from flask import current_app, flash, jsonify, redirect, request, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import forms
from factcheck.desk.views import _attempt, _claim_page, _field_error, _lease, bp
from factcheck.domain import articles, audit, comments, research, review
from factcheck.domain.errors import DomainError


def _evidence_target(evidence_id: int) -> tuple[research.Evidence, str]:
    evidence = research.get_evidence(web.db(), evidence_id)
    return evidence, url_for("desk.claim", claim_id=evidence.claim_id, _anchor="evidence")


@bp.route("/evidence/<int:evidence_id>/edit", methods=["POST"])
@web.staff_required()
def edit_evidence(evidence_id: int) -> Response | tuple[str, int]:
    form = forms.EvidenceForm(prefix=f"e{evidence_id}")
    evidence, target = _evidence_target(evidence_id)
    if form.validate_on_submit():
        try:
            research.edit_evidence(
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
            )
            web.db().commit()
            flash("Evidence updated.", "success")
            return redirect(target)
        except DomainError as error:
            web.db().rollback()
            _field_error(form, error)
    claim = articles.get_claim(web.db(), evidence.claim_id)
    return _claim_page(claim, status=409 if form.errors else 400, edit_forms={evidence_id: form})


@bp.route("/evidence/<int:evidence_id>/<any(up, down):direction>", methods=["POST"])
@web.staff_required()
def move_evidence(evidence_id: int, direction: str) -> Response:
    form = forms.CsrfOnlyForm()
    evidence, target = _evidence_target(evidence_id)
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(target)
    return _attempt(
        lambda: research.move_evidence(web.db(), evidence, web.user(), up=direction == "up"),
        "Order saved.",
        target,
    )


@bp.route("/evidence/<int:evidence_id>/remove", methods=["POST"])
@web.staff_required()
def remove_evidence(evidence_id: int) -> Response:
    form = forms.ClaimActionForm()
    evidence, target = _evidence_target(evidence_id)
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(target)
    return _attempt(
        lambda: research.remove_evidence(
            web.db(), evidence, web.user(), expected_version=form.expected_version()
        ),
        "Evidence removed. It stays in the claim's history.",
        target,
    )


@bp.route("/claims/<int:claim_id>/replies", methods=["POST"])
@web.staff_required()
def record_reply(claim_id: int) -> Response:
    form = forms.ReplyForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id, _anchor="reply")
    if not form.validate_on_submit():
        flash("Check the right-of-reply form.", "error")
        return redirect(target)
    day = form.contacted_on.data
    contacted = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC) if day else None
    return _attempt(
        lambda: research.record_reply(
            web.db(),
            claim,
            web.user(),
            contacted_at=contacted,
            channel=form.channel.data,
            contact=form.contact.data,
            answer=form.answer.data,
        ),
        "Right of reply recorded.",
        target,
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
    if not form.validate_on_submit():
        flash("Write something to comment.", "error")
        return redirect(target)
    parent = form.parent_id.data
    return _attempt(
        lambda: comments.add_comment(
            web.db(),
            claim,
            web.user(),
            form.body.data,
            parent_id=int(parent) if parent and parent.isdigit() else None,
        ),
        "Comment added.",
        target,
    )


@bp.route("/articles/<int:article_id>/history")
@web.staff_required()
def article_history(article_id: int) -> str:
    from flask import render_template

    article = articles.get_article(web.db(), article_id)
    return render_template(
        "desk/article_history.html",
        article=article,
        events=audit.article_history(web.db(), article),
    )


def required_approvals() -> int:
    return int(current_app.config.get("REQUIRED_APPROVALS", 1))


__all__ = ["required_approvals", "review"]
