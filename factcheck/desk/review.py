"""Review: the editors' inbox, and their votes to approve a verdict (or a correction) or
to return it to its checker with a note."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import claim_page, forms
from factcheck.desk.actions import FORM_EXPIRED, Routes, field_error
from factcheck.desk.highlight import in_paragraph
from factcheck.domain import articles, headlines, publishing, review_panel, workflow
from factcheck.domain.errors import DomainError
from factcheck.domain.review_panel import VoteOutcome
from factcheck.models import Claim

routes = Routes()

VOTE_MESSAGES: dict[VoteOutcome, str] = {
    VoteOutcome.APPROVED: "Verdict on claim #{id} approved.",
    VoteOutcome.RETURNED: "Claim #{id} returned to its checker.",
    VoteOutcome.RECORDED: "Your vote on claim #{id} is recorded; more editors need to vote.",
    VoteOutcome.CORRECTED: "Correction of claim #{id} approved: readers see it now, with "
    "the previous rating.",
    VoteOutcome.DECLINED: "Correction of claim #{id} declined: the published verdict stands.",
}


@routes.route("/review")
@web.editor_required
def review_inbox() -> str:
    claims = review_panel.review_inbox(web.db())
    votes = review_panel.votes_on_each(web.db(), claims)
    user = web.user()
    required = current_app.config["REQUIRED_APPROVALS"]
    return render_template(
        "desk/review.html",
        claims=claims,
        # An editor who has voted is shown their vote, not the buttons again.
        actions={
            c.id: review_panel.still_to_vote(
                workflow.allowed_actions(c, user), votes[c.id], user, required
            )
            for c in claims
        },
        votes=votes,
        my_votes={c.id: review_panel.vote_of(votes[c.id], user) for c in claims},
        required_approvals=current_app.config["REQUIRED_APPROVALS"],
        context={c.id: in_paragraph(c.article.body, c.span_start, c.span_end) for c in claims},
        missing={c.id: publishing.missing_details(c) for c in claims},
        headline_warnings={
            c.id: headlines.kept_over_new_rating(c.published_verdict, c.current_verdict)
            for c in claims
        },
        action_form=forms.ClaimActionForm(),
        return_form=forms.ReturnForm(),
    )


def _in_inbox(claim_id: int) -> str:
    """Back to the inbox at the claim acted on (or where it was)."""
    return url_for("desk.review_inbox", _anchor=f"claim-{claim_id}")


@routes.route("/claims/<int:claim_id>/approve", methods=["POST"])
@web.editor_required
def approve(claim_id: int) -> Response:
    form = forms.ClaimActionForm()
    claim = articles.get_claim(web.db(), claim_id)
    if not form.validate_on_submit():
        flash(FORM_EXPIRED, "error")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    try:
        outcome = review_panel.approve(
            web.db(),
            claim,
            web.user(),
            required_approvals=current_app.config["REQUIRED_APPROVALS"],
            expected_version=form.expected_version(),
        )
        web.db().commit()
        flash(VOTE_MESSAGES[outcome].format(id=claim.id), "success")
    except DomainError as error:
        web.db().rollback()
        flash(error.message, "error")
    return redirect(_in_inbox(claim.id))


@routes.route("/claims/<int:claim_id>/return", methods=["POST"])
@web.editor_required
def return_claim(claim_id: int) -> Response | tuple[str, int]:
    form = forms.ReturnForm()
    claim = articles.get_claim(web.db(), claim_id)
    status = 400
    if form.validate_on_submit():
        try:
            outcome = review_panel.return_to_checker(
                web.db(),
                claim,
                web.user(),
                note=form.note.data,
                required_approvals=current_app.config["REQUIRED_APPROVALS"],
                expected_version=form.expected_version(),
            )
            web.db().commit()
            flash(_returned_message(outcome, claim), "success")
            return redirect(_in_inbox(claim.id))
        except DomainError as error:
            web.db().rollback()
            field_error(form, error)
            status = error.status
    return claim_page.render(claim_id, return_form=form, status=status)


def _returned_message(outcome: VoteOutcome, claim: Claim) -> str:
    """What a return vote did; a claim returned to a checker whose account is off (they
    left while it was in review) waits for an editor to give it to someone else."""
    holder = claim.assignee
    if outcome is VoteOutcome.RETURNED and holder is not None and not holder.active:
        return (
            f"Claim #{claim.id} returned, but {holder.display_name}'s account is off: "
            "assign it to another checker."
        )
    return VOTE_MESSAGES[outcome].format(id=claim.id)
