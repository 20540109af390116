"""Triage: editors decide which candidates become claims to check, and how they read.

Accept, reject or restore a candidate; promote a sentence the model passed over; reword,
split or merge claims; say who made a claim and when; link it to an earlier fact-check, or
take a wrong link back.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import articles as desk_articles
from factcheck.desk import claim_page, forms, rows
from factcheck.desk.actions import FORM_EXPIRED, Routes, attempt, flash_at, form_action
from factcheck.domain import articles, bulk_triage, candidates, earlier_checks
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import ids, optional_id

routes = Routes()


@routes.route("/claims/<int:claim_id>/triage/<action>", methods=["POST"])
@web.editor_required
def triage(claim_id: int, action: str) -> Response:
    form = forms.ClaimActionForm()
    claim = articles.get_claim(web.db(), claim_id)
    if rows.wants_json():
        return rows.triage_answer(claim, action, form)
    target = url_for("desk.article", article_id=claim.article_id, _anchor=f"claim-{claim.id}")
    return attempt(
        lambda: articles.triage(
            web.db(), claim, action, web.user(), expected_version=form.expected_version()
        ),
        rows.done_message(claim.id, action),
        target,
        form=form,
        invalid=rows.INCOMPLETE,
    )


@routes.route("/articles/<int:article_id>/bulk/<action>", methods=["POST"])
@web.editor_required
def bulk(article_id: int, action: str) -> Response:
    """Accept or reject the ticked candidates (the checkboxes of the triage page)."""
    form = forms.CsrfOnlyForm()
    item = articles.get_article(web.db(), article_id)
    chosen = ids(request.form.getlist("claim_ids"))
    return rows.bulk_answer(
        item,
        form,
        lambda: bulk_triage.bulk_triage(
            web.db(), item, chosen, action, web.user(), rows.versions()
        ),
    )


@routes.route("/articles/<int:article_id>/reject-below", methods=["POST"])
@web.editor_required
def reject_below(article_id: int) -> Response:
    """Reject every candidate on the page scoring below the score typed."""
    form = forms.RejectBelowForm()
    item = articles.get_article(web.db(), article_id)
    return rows.bulk_answer(
        item,
        form,
        lambda: bulk_triage.reject_below(
            web.db(), item, form.below.data, web.user(), rows.versions()
        ),
    )


@routes.route("/claims/<int:claim_id>/accept", methods=["POST"])
@web.editor_required
def accept_claim(claim_id: int) -> Response | tuple[str, int]:
    form = forms.AcceptForm(prefix="accept")  # the claim page has a details form too
    claim = articles.get_claim(web.db(), claim_id)
    done = form_action(
        form,
        lambda: candidates.accept(
            web.db(),
            claim,
            web.user(),
            expected_version=form.expected_version(),
            claimant=form.claimant.data,
            claim_date=form.claim_date.data,
            article_url=form.article_url.data,
        ),
    )
    if done is True:
        flash(f"Claim #{claim.id} accepted: it waits in the queue.", "success")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    # Refused: the page again, with what was typed and every problem named.
    status = done.status if isinstance(done, DomainError) else 400
    return claim_page.render(claim.id, accept_form=form, status=status)


@routes.route("/articles/<int:article_id>/promote", methods=["POST"])
@web.editor_required
def promote(article_id: int) -> Response:
    """Make a sentence of "Other sentences" a candidate; the page comes back at its row."""
    form = forms.PromoteForm()
    item = articles.get_article(web.db(), article_id)
    return attempt(
        lambda: candidates.promote_sentence(
            web.db(), item, web.user(), form.start.data or 0, form.end.data or 0
        ),
        "Sentence added to the candidates.",
        url_for("desk.article", article_id=item.id, _anchor="others"),
        form=form,
        invalid="Choose a sentence to promote.",
        landing=lambda claim: url_for(
            "desk.article", article_id=item.id, _anchor=f"claim-{claim.id}"
        ),
    )


@routes.route("/claims/<int:claim_id>/reword", methods=["POST"])
@web.editor_required
def reword(claim_id: int) -> Response | tuple[str, int]:
    form = forms.RewordForm()
    claim = articles.get_claim(web.db(), claim_id)
    done = form_action(
        form,
        lambda: candidates.reword(
            web.db(), claim, web.user(), form.text.data, expected_version=form.expected_version()
        ),
    )
    if done is True:
        flash("Claim reworded; its score and reasons are now those of the new wording.", "success")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    # Refused: a stale copy is a conflict (409); an empty or too long wording is bad input.
    status = done.status if isinstance(done, DomainError) else 400
    return claim_page.render(claim.id, reword_form=form, status=status)


@routes.route("/claims/<int:claim_id>/split", methods=["POST"])
@web.editor_required
def split_claim(claim_id: int) -> Response | tuple[str, int]:
    form = forms.SplitForm()
    claim = articles.get_claim(web.db(), claim_id)
    done = form_action(
        form,
        lambda: candidates.split_claim(
            web.db(),
            claim,
            web.user(),
            (form.parts.data or "").splitlines(),
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        flash(f"Claim #{claim.id} split.", "success")
        return redirect(url_for("desk.article", article_id=claim.article_id))
    # Refused: the claim page again at the split form, with the lines typed and why.
    status = done.status if isinstance(done, DomainError) else 400
    return claim_page.render(claim.id, split_form=form, status=status)


@routes.route("/articles/<int:article_id>/merge", methods=["POST"])
@web.editor_required
def merge_claims(article_id: int) -> Response | tuple[str, int]:
    form = forms.CsrfOnlyForm()
    target = url_for("desk.article", article_id=article_id)
    chosen = ids(request.form.getlist("claim_ids"))
    if not form.validate_on_submit():
        flash(FORM_EXPIRED, "error")
        return redirect(target)
    claims = [articles.get_claim(web.db(), claim_id) for claim_id in chosen]
    try:
        merged = candidates.merge_claims(web.db(), claims, web.user(), request.form.get("text"))
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        # The page again as sent: the wording typed and the ticks stay for another try.
        refused = desk_articles.MergeRefused(
            request.form.get("text") or "", frozenset(chosen), error.message
        )
        return desk_articles.render_article(article_id, status=error.status, merge=refused)
    # Said beside the merged claim, whose row leads to the page where its claimant is set.
    at_claim = url_for("desk.article", article_id=article_id, _anchor=f"claim-{merged.claim.id}")
    flash_at(at_claim, merged.summary(), "warning" if merged.dropped else "success")
    return redirect(at_claim)


@routes.route("/claims/<int:claim_id>/details", methods=["POST"])
@web.editor_required
def claim_details(claim_id: int) -> Response | tuple[str, int]:
    form = forms.ClaimDetailsForm()
    claim = articles.get_claim(web.db(), claim_id)
    done = form_action(
        form,
        lambda: articles.edit_claim_details(
            web.db(),
            claim,
            web.user(),
            claimant=form.claimant.data,
            claim_date=form.claim_date.data,
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        flash("Claimant and date saved.", "success")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    return claim_page.render(claim_id, details_form=form, status=400)


@routes.route("/claims/<int:claim_id>/link", methods=["POST"])
@web.editor_required
def link_match(claim_id: int) -> Response:
    form = forms.CsrfOnlyForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id, _anchor="matches")
    chosen = optional_id(request.form.get("entry_id", ""))
    if not form.validate_on_submit() or chosen is None:
        flash("Choose the fact-check to link.", "error")
        return redirect(target)
    return attempt(
        lambda: earlier_checks.link(web.db(), claim, web.user(), chosen),
        "Linked: the earlier fact-check is credited on this claim.",
        target,
    )


@routes.route("/claims/<int:claim_id>/unlink", methods=["POST"])
@web.editor_required
def unlink_match(claim_id: int) -> Response:
    form = forms.ClaimActionForm()
    claim = articles.get_claim(web.db(), claim_id)
    outlet = claim.linked_entry.outlet if claim.linked_entry else "The earlier fact-check"
    return attempt(
        lambda: earlier_checks.unlink(
            web.db(), claim, web.user(), expected_version=form.expected_version()
        ),
        f"Link removed: {outlet} is no longer credited on this claim.",
        url_for("desk.claim", claim_id=claim.id, _anchor="matches"),
        form=form,
    )


@routes.route("/claims/<int:claim_id>/dismiss", methods=["POST"])
@web.editor_required
def dismiss_match(claim_id: int) -> Response:
    form = forms.CsrfOnlyForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id, _anchor="matches")
    return attempt(
        lambda: earlier_checks.dismiss(web.db(), claim, web.user(), request.form.get("key", "")),
        "Suggestion dismissed.",
        target,
        form=form,
    )
