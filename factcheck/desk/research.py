"""Claim work: the claim's page, its sources (with snapshots), the right of reply, the
verdict as it is drafted and submitted, and the conversation about it."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck import clock, web
from factcheck.desk import claim_page, forms, source_forms
from factcheck.desk.actions import (
    ALREADY_SENT,
    Routes,
    at,
    attempt,
    commit_once,
    field_error,
    flash_at,
    form_action,
    lease,
    sent_before,
)
from factcheck.domain import (
    articles,
    audit,
    comments,
    drafts,
    ingesting,
    replies,
    research,
    source_corrections,
    take_back,
)
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import optional_id

routes = Routes()

# Stored pages are someone else's HTML: sandboxed, no scripts, nothing fetched.
SNAPSHOT_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@routes.route("/claims/<int:claim_id>")
@web.staff_required()
def claim(claim_id: int) -> tuple[str, int]:
    return claim_page.render(claim_id)


@routes.route("/claims/<int:claim_id>/history")
@web.staff_required()
def claim_history(claim_id: int) -> str:
    item = articles.get_claim(web.db(), claim_id)
    events = audit.history(web.db(), "claim", item.id)
    return render_template("desk/history.html", claim=item, events=events)


@routes.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@web.staff_required()
def add_evidence(claim_id: int) -> Response | tuple[str, int]:
    form = forms.EvidenceForm()
    item = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=item.id, _anchor="evidence")
    if form.validate_on_submit():
        if sent_before(form):
            flash_at(target, ALREADY_SENT, "info")
            return redirect(target)
        try:
            research.add_evidence(
                web.db(),
                item,
                web.user(),
                url=form.url.data,
                stance=form.stance.data,
                title=form.title.data,
                publisher=form.publisher.data,
                excerpt=form.excerpt.data,
                accessed_on=form.accessed_on.data,
                archive_url=form.archive_url.data,
                note=form.note.data,
                is_primary=form.is_primary.data,
                lease=lease(),
            )
            added = commit_once(form, target)
            flash_at(
                target, "Evidence added." if added else ALREADY_SENT, "success" if added else "info"
            )
            return redirect(target)
        except DomainError as error:
            web.db().rollback()
            field_error(form, error)
    return claim_page.render(item.id, evidence_form=form, status=400)


def _evidence_target(evidence_id: int) -> tuple[research.Evidence, str]:
    evidence = research.get_evidence(web.db(), evidence_id)
    return evidence, url_for("desk.claim", claim_id=evidence.claim_id, _anchor="evidence")


@routes.route("/evidence/<int:evidence_id>/edit", methods=["POST"])
@web.staff_required()
def edit_evidence(evidence_id: int) -> Response | tuple[str, int]:
    form = forms.EvidenceForm(prefix=f"e{evidence_id}")
    evidence, target = _evidence_target(evidence_id)
    done = form_action(
        form,
        lambda: research.edit_evidence(
            web.db(),
            evidence,
            web.user(),
            expected_version=form.expected_version(),
            lease=lease(),
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
        flash_at(target, "Evidence updated.", "success")
        return redirect(target)
    return claim_page.render(
        evidence.claim_id, status=409 if form.errors else 400, edit_forms={evidence_id: form}
    )


@routes.route("/evidence/<int:evidence_id>/correct", methods=["POST"])
@web.editor_required
def correct_source(evidence_id: int) -> Response | tuple[str, int]:
    """Correct this source, on a published claim: readers see it at once, with a dated entry
    in the corrections log (domain.source_corrections)."""
    form = source_forms.SourceCorrectionForm(prefix=f"c{evidence_id}")
    evidence = research.get_evidence(web.db(), evidence_id)
    claim_id, old_url = evidence.claim_id, evidence.url
    done = form_action(
        form,
        lambda: source_corrections.correct_source(
            web.db(),
            evidence,
            web.user(),
            expected_version=form.expected_version(),
            reason=form.reason.data,
            url=form.url.data,
            excerpt=form.excerpt.data,
            title=form.title.data,
            publisher=form.publisher.data,
            accessed_on=form.accessed_on.data,
            stance=form.stance.data,
        ),
    )
    if done is True:
        target = url_for("desk.claim", claim_id=claim_id, _anchor=f"evidence-{evidence_id}")
        archived = " Its new address is being archived." if evidence.url != old_url else ""
        flash_at(
            target,
            f"Source corrected: readers see it now, with the correction.{archived}",
            "success",
        )
        return redirect(target)
    status = done.status if isinstance(done, DomainError) else 400
    return claim_page.render(claim_id, status=status, source_forms={evidence_id: form})


@routes.route("/evidence/<int:evidence_id>/<any(up, down):direction>", methods=["POST"])
@web.staff_required()
def move_evidence(evidence_id: int, direction: str) -> Response:
    form = forms.CsrfOnlyForm()
    evidence, target = _evidence_target(evidence_id)
    return attempt(
        lambda: research.move_evidence(web.db(), evidence, web.user(), up=direction == "up"),
        "Order saved.",
        target,
        form=form,
    )


@routes.route("/evidence/<int:evidence_id>/remove", methods=["POST"])
@web.staff_required()
def remove_evidence(evidence_id: int) -> Response:
    form = forms.ClaimActionForm()
    evidence, target = _evidence_target(evidence_id)
    return attempt(
        lambda: research.remove_evidence(
            web.db(), evidence, web.user(), expected_version=form.expected_version()
        ),
        "Evidence removed. It stays in the claim's history.",
        target,
        form=form,
    )


@routes.route("/evidence/<int:evidence_id>/archive", methods=["POST"])
@web.staff_required()
def archive_evidence(evidence_id: int) -> Response:
    """Archive now (or retry), in the background: the source shows "archiving the page…"
    until the job keeps the snapshot or says why it could not."""
    form = forms.CsrfOnlyForm()
    with web.reads_only() as session:
        evidence = research.get_evidence(session, evidence_id)
    target = url_for("desk.claim", claim_id=evidence.claim_id, _anchor=f"evidence-{evidence.id}")
    return attempt(
        lambda: ingesting.request_archive(web.db(), evidence, web.user()),
        "Archiving the page in the background: its snapshot appears here when it is kept.",
        target,
        form=form,
    )


@routes.route("/evidence/<int:evidence_id>/archive-state")
@web.staff_required()
def archive_state(evidence_id: int) -> Response:
    """Where "archive now" stands, for the claim page's script to update its line."""
    evidence = research.get_evidence(web.db(), evidence_id)
    status = evidence.archive_status.value if evidence.archive_status else None
    return jsonify(status=status, text=render_template("desk/_archive_state.html", e=evidence))


@routes.route("/snapshots/<int:snapshot_id>")
@web.staff_required()
def snapshot(snapshot_id: int) -> Response:
    item = research.get_snapshot(web.db(), snapshot_id)
    response = Response(item.body, mimetype=_snapshot_type(item.content_type))
    response.headers["Content-Security-Policy"] = SNAPSHOT_CSP
    response.headers["X-Snapshot-SHA256"] = item.sha256
    response.headers["Content-Disposition"] = "inline"
    return response


def _snapshot_type(content_type: str | None) -> str:
    """Serve HTML as HTML (sandboxed); anything else as inert bytes."""
    kind = (content_type or "").split(";")[0].strip().lower()
    return (
        "text/html"
        if kind in ("text/html", "application/xhtml+xml")
        else ("text/plain" if kind.startswith("text/") else "application/octet-stream")
    )


@routes.route("/claims/<int:claim_id>/replies", methods=["POST"])
@web.staff_required()
def record_reply(claim_id: int) -> Response | tuple[str, int]:
    form = forms.ReplyForm()
    item = articles.get_claim(web.db(), claim_id)
    if not form.validate_on_submit():  # shown again as typed, with the error summary
        return claim_page.render(claim_id, reply_form=form, status=400)
    target = url_for("desk.claim", claim_id=item.id, _anchor="reply")
    if sent_before(form):
        flash(ALREADY_SENT, "info")
        return redirect(target)
    try:
        replies.record_reply(
            web.db(),
            item,
            web.user(),
            contacted_at=at(form.contacted_on.data, 12),
            channel=form.channel.data,
            contact=form.contact.data,
            answer=form.answer.data,
        )
        recorded = commit_once(form, target)
    except DomainError as error:  # shown again as typed, with the reason
        web.db().rollback()
        field_error(form, error)
        return claim_page.render(claim_id, reply_form=form, status=error.status)
    if recorded:
        flash("Right of reply recorded.", "success")
    else:
        flash(ALREADY_SENT, "info")
    return redirect(target)


@routes.route("/claims/<int:claim_id>/draft", methods=["POST"])
@web.staff_required()
def save_draft(claim_id: int) -> tuple[Response, int]:
    """Autosave of the verdict form (JSON answer, called as the checker types)."""
    item = articles.get_claim(web.db(), claim_id)
    try:
        draft = drafts.save_draft(
            web.db(),
            item,
            web.user(),
            rating_slug=request.form.get("rating"),
            explanation=request.form.get("explanation"),
            lease=lease(),
            seen=request.form.get("draft_seen"),
            on_its_way=_on_its_way(),
        )
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        # Their lease ran out and nobody has the claim since: the page offers to take it back.
        offer = take_back.may_take_back(web.db(), item, web.user())
        body = {"error": {"code": error.code, "message": error.message}, "take_back": offer}
        return jsonify(body), error.status
    return jsonify(
        {
            "saved_at": draft.updated_at.isoformat(),
            "stamp": drafts.draft_stamp(draft),
            "message": f"Draft saved at {clock.stamp(draft.updated_at, '%H:%M:%S')}",
        }
    ), 200


def _on_its_way() -> tuple[str | None, str | None] | None:
    """The fields of the page's save sent before this one and not answered yet (desk.js)."""
    if "sending_explanation" not in request.form:
        return None
    return request.form.get("sending_rating"), request.form.get("sending_explanation")


@routes.route("/claims/<int:claim_id>/verdict", methods=["POST"])
@web.staff_required()
def submit_verdict(claim_id: int) -> Response | tuple[str, int]:
    item = articles.get_claim(web.db(), claim_id)
    form = forms.VerdictForm()
    form.rating.choices = claim_page.rating_choices()
    done = form_action(
        form,
        lambda: research.submit_verdict(
            web.db(),
            item,
            web.user(),
            rating_slug=form.rating.data,
            explanation=form.explanation.data,
            expected_version=form.expected_version(),
            min_sources=web.min_sources(),
        ),
    )
    if done is True:
        flash("Verdict submitted for review.", "success")
        return redirect(url_for("desk.my_claims"))
    status = done.status if isinstance(done, DomainError) else 400
    return claim_page.render(claim_id, verdict_form=form, status=status)


@routes.route("/claims/<int:claim_id>/comments", methods=["POST"])
@web.staff_required()
def add_comment(claim_id: int) -> Response | tuple[str, int]:
    form = forms.CommentForm()
    item = articles.get_claim(web.db(), claim_id)
    if not form.validate_on_submit():  # shown again as typed, with the error summary
        return claim_page.render(claim_id, comment_form=form, status=400)
    target = url_for("desk.claim", claim_id=item.id, _anchor="conversation")
    return attempt(
        lambda: comments.add_comment(
            web.db(), item, web.user(), form.body.data, parent_id=optional_id(form.parent_id.data)
        ),
        "Comment added.",
        target,
        form=form,
    )
