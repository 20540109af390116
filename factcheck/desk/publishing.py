"""Publishing: an article's approved claims go out to readers; published verdicts are
corrected through the review panel, or withdrawn with a reason."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import claim_page, forms
from factcheck.desk.actions import Routes, attempt, form_action
from factcheck.domain import articles, publishing
from factcheck.domain.errors import DomainError

routes = Routes()


@routes.route("/articles/<int:article_id>/publish", methods=["POST"])
@web.editor_required
def publish(article_id: int) -> Response:
    form = forms.PublishForm()
    item = articles.get_article(web.db(), article_id)
    target = url_for("desk.article", article_id=item.id)
    return attempt(
        lambda: publishing.publish_article(
            web.db(),
            item,
            web.user(),
            summary=form.summary.data,
            headlines=forms.headlines(request.form),
            context=web.publish_context(),
        ),
        "Published. Readers can see the rated summary now.",
        target,
        form=form,
        invalid="The summary is too long.",
        # The summary and headlines typed are kept while the linter's problems are fixed.
        keep_on=publishing.NotPublishable,
    )


@routes.route("/claims/<int:claim_id>/correct", methods=["POST"])
@web.editor_required
def correct(claim_id: int) -> Response | tuple[str, int]:
    claim = articles.get_claim(web.db(), claim_id)
    form = forms.CorrectionForm()
    form.rating.choices = claim_page.rating_choices()
    done = form_action(
        form,
        lambda: publishing.propose_correction(
            web.db(),
            claim,
            web.user(),
            rating_slug=form.rating.data,
            explanation=form.explanation.data,
            reason=form.reason.data,
            headline=form.headline.data,
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        flash(_correction_proposed(current_app.config["REQUIRED_APPROVALS"]), "success")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    status = done.status if isinstance(done, DomainError) else 400
    return claim_page.render(claim_id, correction_form=form, status=status)


def _correction_proposed(needed: int) -> str:
    return (
        f"Correction proposed. Readers keep seeing the published verdict until {needed} "
        f"other editor{'s' if needed != 1 else ''} approve{'s' if needed == 1 else ''} it."
    )


@routes.route("/articles/<int:article_id>/withdraw", methods=["POST"])
@web.editor_required
def withdraw(article_id: int) -> Response:
    form = forms.WithdrawForm()
    item = articles.get_article(web.db(), article_id)
    target = url_for("desk.article", article_id=item.id)
    return attempt(
        lambda: publishing.withdraw_article(web.db(), item, web.user(), reason=form.reason.data),
        "Withdrawn. Readers now see the reason in place of the fact-check.",
        target,
        form=form,
        invalid="Give the reason readers will see for the withdrawal.",
    )
