"""Publishing: an article's approved claims go out to readers; published verdicts are
corrected through the review panel, or withdrawn with a reason."""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import articles as desk_articles
from factcheck.desk import claim_page, forms
from factcheck.desk.actions import FORM_EXPIRED, Routes, form_action
from factcheck.domain import articles, guards, headlines, publishing, republishing, validation
from factcheck.domain.errors import DomainError
from factcheck.models import Article, ArticleStatus, Claim

routes = Routes()


@routes.route("/articles/<int:article_id>/publish", methods=["POST"])
@web.editor_required
def publish(article_id: int) -> Response | tuple[str, int]:
    form = forms.PublishForm()
    item = articles.get_article(web.db(), article_id)
    # Read before publishing: once republished, nothing tells which claims came back.
    withdrawn = item.status == ArticleStatus.WITHDRAWN
    returning = republishing.coming_back(item) if withdrawn else []
    done = form_action(
        form,
        lambda: publishing.publish_article(
            web.db(),
            item,
            web.user(),
            summary=form.summary.data,
            headlines=forms.headlines(request.form),
            context=web.publish_context(),
            republish=request.form.get("republish") == "yes",
        ),
    )
    if done is True:
        flash(_published(item, withdrawn, returning), "success")
        return redirect(url_for("desk.article", article_id=article_id))
    return _refused(article_id, form, done)


def _published(article: Article, withdrawn: bool, returning: list[Claim]) -> str:
    """What publishing said done: a withdrawn fact-check was republished, naming what
    came back."""
    if not withdrawn:
        return "Published. Readers can see the rated summary now."
    back = f", with {republishing.names(returning)}" if returning else ""
    return f"Fact-check #{article.id} republished: readers can see it again{back}."


@routes.route("/claims/<int:claim_id>/publish", methods=["POST"])
@web.editor_required
def publish_claim(claim_id: int) -> Response | tuple[str, int]:
    form = forms.PublishClaimForm()
    claim = articles.get_claim(web.db(), claim_id)
    done = form_action(
        form,
        lambda: publishing.publish_claim(
            web.db(),
            claim,
            web.user(),
            context=web.publish_context(),
            headline=request.form.get(f"headline-{claim_id}"),
            # The article page's button sends the publish box, summary included; the claim
            # page's sends no summary, which keeps the article's.
            summary=request.form.get("summary", validation.KEEP),
        ),
    )
    if done is True:
        flash(f"Claim #{claim_id} published. Readers can see its rating now.", "success")
        return redirect(url_for("desk.article", article_id=claim.article_id))
    typed = request.form.get("summary")
    summary = forms.PublishForm(
        formdata=None, summary=claim.article.summary if typed is None else typed
    )
    if done is False:  # the button's CSRF token expired: say so where the buttons are
        summary.form_errors.append(FORM_EXPIRED)
    return _refused(claim.article_id, summary, done)


def _refused(article_id: int, form: forms.PublishForm, done: bool | DomainError) -> tuple[str, int]:
    """The article page again, keeping what the editor typed. Its publishing section lists
    each problem the gate finds as its own item; the message above says only what failed."""
    if isinstance(done, DomainError) and done.message not in form.form_errors:
        form.form_errors.append(done.message)
    status = done.status if isinstance(done, DomainError) else 400
    return desk_articles.render_article(
        article_id, status=status, publish_form=form, typed_headlines=forms.headlines(request.form)
    )


@routes.route("/claims/<int:claim_id>/preview")
@web.staff_required()
def preview_claim(claim_id: int) -> Response:
    claim, verdict = publishing.preview(web.db(), claim_id)
    page = render_template(
        "public/claim.html",
        preview=True,
        claim=claim,
        article=claim.article,
        verdict=verdict,
        corrections=publishing.corrections_of(web.db(), claim),
        claimreview=None,
        modified=None,
    )
    response = make_response(page)
    # Desk-only: never indexed, never kept by a cache in front of the site.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "private, no-store"
    return response


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
        warning = headlines.kept_over_new_rating(
            claim.published_verdict, guards.pending_correction(claim)
        )
        if warning:  # said, not refused: the panel sees it too before approving
            flash(warning, "warning")
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
def withdraw(article_id: int) -> Response | tuple[str, int]:
    form = forms.WithdrawForm()
    item = articles.get_article(web.db(), article_id)
    done = form_action(
        form,
        lambda: publishing.withdraw_article(web.db(), item, web.user(), reason=form.reason.data),
    )
    if done is True:
        flash("Withdrawn. Readers now see the reason in place of the fact-check.", "success")
        return redirect(url_for("desk.article", article_id=item.id))
    # The reason stays as typed, with an error summary above the form.
    return desk_articles.render_article(
        article_id, status=done.status if isinstance(done, DomainError) else 400, withdraw_form=form
    )
