"""The desk: pages for editors and checkers. Views parse, call one domain function, commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from factcheck import idempotency, web
from factcheck.auth import views as auth_views
from factcheck.desk import forms
from factcheck.desk.highlight import highlight
from factcheck.domain import (
    accounts,
    articles,
    audit,
    comments,
    ingesting,
    listing,
    matching,
    publishing,
    queue,
    queue_params,
    research,
    review,
    site_pages,
    validation,
    workflow,
    workload,
)
from factcheck.domain.errors import DomainError
from factcheck.models import Claim, ClaimStatus, Role

bp = Blueprint("desk", __name__, url_prefix="/desk")


def _lease() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["LEASE_HOURS"])


def _attempt(
    action: Callable[[], object],
    success: str,
    target: str,
    *,
    form: FlaskForm | None = None,
    invalid: str = "The form expired; try again.",
) -> Response:
    """Run a domain action for a button: commit and say what happened, or say why not.

    With a `form`, the action runs only when the form (and its CSRF token) is valid, and
    only once for a form that carries a `form_token` (see `_commit_once`).
    """
    if form is not None and not form.validate_on_submit():
        flash(invalid, "error")
        return redirect(target)
    if form is not None and _sent_before(form):
        flash(ALREADY_SENT, "info")
        return redirect(target)
    try:
        action()
        if not _commit_once(form, target):
            flash(ALREADY_SENT, "info")
            return redirect(target)
        flash(success, "success")
    except DomainError as error:
        web.db().rollback()
        flash(error.message, "error")
    return redirect(target)


ALREADY_SENT = "That form was already sent: nothing was added twice."


def _sent_before(form: FlaskForm) -> bool:
    token = getattr(form, "form_token", None)
    return token is not None and bool(idempotency.form_seen(web.db(), web.user(), token.data))


def _commit_once(form: FlaskForm | None, target: str) -> bool:
    """Commit, remembering the form's token; False if the same form won a race meanwhile."""
    token = getattr(form, "form_token", None)
    if token is not None:
        idempotency.remember_form(web.db(), web.user(), token.data, target)
    try:
        web.db().commit()
    except idempotency.IntegrityError:
        web.db().rollback()  # the same form, sent twice at once: the other one won
        return False
    return True


def _form_action(form: FlaskForm, action: Callable[[], object]) -> bool | DomainError:
    """For forms that show their page again when they fail.

    True: the form was valid and the action is committed (the caller says so and
    redirects). The DomainError: the action refused, the transaction is rolled back and
    the message sits on the form. False: the form did not validate, nothing was run.
    """
    if not form.validate_on_submit():
        return False
    try:
        action()
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        _field_error(form, error)
        return error
    return True


@bp.route("/")
@web.staff_required()
def home() -> str:
    session = web.db()
    return render_template(
        "desk/home.html",
        mine=queue.my_claims(session, web.user()),
        queued=queue.queued_claims(session, limit=10),
        inbox=review.review_inbox(session) if web.user().is_editor else [],
        recent=articles.recent_articles(session, limit=10),
    )


# Articles and triage ------------------------------------------------------------------


@bp.route("/articles/new", methods=["GET", "POST"])
@web.editor_required
def new_article() -> Response | tuple[str, int]:
    form = forms.ArticleForm()
    if not form.validate_on_submit():
        return _new_article_page(paste=form, status=400 if form.errors else 200)
    return _add_article(
        form,
        "paste",
        lambda: ingesting.prepare_from_text(
            web.user(),
            web.ingest_limits(),
            title=form.title.data,
            body=form.text.data,
            source_url=form.source_url.data,
            outlet=form.outlet.data,
            published_on=form.published_on.data,
        ),
    )


@bp.route("/articles/from-url", methods=["POST"])
@web.editor_required
def article_from_url() -> Response | tuple[str, int]:
    form = forms.UrlArticleForm(prefix="link")
    if not form.validate_on_submit():
        return _new_article_page(link=form, status=400)
    return _add_article(
        form,
        "link",
        lambda: ingesting.prepare_from_url(
            web.db(),
            web.user(),
            form.url.data,
            web.ingest_limits(),
            title=form.title.data,
            force=form.force.data,
        ),
    )


@bp.route("/articles/upload", methods=["POST"])
@web.editor_required
def article_from_file() -> Response | tuple[str, int]:
    form = forms.FileArticleForm(prefix="upload")
    if not form.validate_on_submit():
        return _new_article_page(upload=form, status=400)
    upload = form.file.data
    return _add_article(
        form,
        "upload",
        lambda: ingesting.prepare_from_file(
            web.user(),
            upload.filename or "",
            upload.read(),
            web.ingest_limits(),
            title=form.title.data,
        ),
    )


def _new_article_page(status: int = 200, **submitted: Any) -> tuple[str, int]:
    page_forms = {
        "paste": submitted.get("paste") or forms.ArticleForm(formdata=None),
        "link": submitted.get("link") or forms.UrlArticleForm(formdata=None, prefix="link"),
        "upload": submitted.get("upload") or forms.FileArticleForm(formdata=None, prefix="upload"),
    }
    return render_template("desk/new_article.html", **page_forms), status


def _add_article(
    form: Any, name: str, prepare: Callable[[], ingesting.Incoming]
) -> Response | tuple[str, int]:
    """Read and extract the article outside the write lock, then store and commit it; or
    send the editor to the copy already in the desk."""
    try:
        with web.reads_only():
            incoming = prepare()
        article = ingesting.store(
            web.db(), web.user(), incoming, web.ingest_limits(), force=form.force.data
        )
        web.db().commit()
    except articles.Duplicate as duplicate:
        web.db().rollback()
        flash(duplicate.message, "info")
        return redirect(url_for("desk.article", article_id=duplicate.existing.id))
    except DomainError as error:
        web.db().rollback()
        _field_error(form, error)
        return _new_article_page(status=error.status, **{name: form})
    flash(f"Article added with {len(article.claims)} candidate claims.", "success")
    for notice in web.extraction_notices():
        flash(notice, "info")  # e.g. the language model failed and local candidates were used
    return redirect(url_for("desk.article", article_id=article.id))


def _field_error(form: Any, error: DomainError) -> None:
    field = getattr(form, (error.field or "").replace(" ", "_"), None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/articles")
@web.staff_required()
def article_list() -> str:
    return render_template("desk/articles.html", articles=articles.recent_articles(web.db()))


@bp.route("/articles/<int:article_id>")
@web.staff_required()
def article(article_id: int) -> str:
    item = articles.get_article(web.db(), article_id)
    ranked = sorted(item.claims, key=lambda c: (-c.score, c.position))
    return render_template(
        "desk/article.html",
        article=item,
        claims=ranked,
        pieces=highlight(item.body, item.claims),
        matches=matching.suggestions_for_claims(
            web.db(), item.claims, own_outlet=current_app.config["ORG_NAME"], limit=1
        ),
        others=articles.other_sentences(item) if web.user().is_editor else [],
        action_form=forms.ClaimActionForm(),
        publish_form=forms.PublishForm(),
        details_form=forms.ArticleDetailsForm(obj=item, version=item.version),
        withdraw_form=forms.WithdrawForm(),
        problems=publishing.lint_article(web.db(), item, web.publish_context())
        if web.user().is_editor
        else [],
    )


@bp.route("/claims/<int:claim_id>/triage/<action>", methods=["POST"])
@web.editor_required
def triage(claim_id: int, action: str) -> Response:
    form = forms.ClaimActionForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.article", article_id=claim.article_id, _anchor=f"claim-{claim.id}")
    return _attempt(
        lambda: articles.triage(
            web.db(), claim, action, web.user(), expected_version=form.expected_version()
        ),
        f"Claim #{claim.id}: {action} done.",
        target,
        form=form,
        invalid="The form was incomplete; reload the page and try again.",
    )


@bp.route("/articles/<int:article_id>/promote", methods=["POST"])
@web.editor_required
def promote(article_id: int) -> Response:
    form = forms.PromoteForm()
    item = articles.get_article(web.db(), article_id)
    target = url_for("desk.article", article_id=item.id)
    return _attempt(
        lambda: articles.promote_sentence(
            web.db(), item, web.user(), form.start.data or 0, form.end.data or 0
        ),
        "Sentence added to the candidates.",
        target,
        form=form,
        invalid="Choose a sentence to promote.",
    )


@bp.route("/claims/<int:claim_id>/reword", methods=["POST"])
@web.editor_required
def reword(claim_id: int) -> Response | tuple[str, int]:
    form = forms.RewordForm()
    claim = articles.get_claim(web.db(), claim_id)
    done = _form_action(
        form,
        lambda: articles.reword(
            web.db(), claim, web.user(), form.text.data, expected_version=form.expected_version()
        ),
    )
    if done is True:
        flash("Claim reworded.", "success")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    return _claim_page(claim, reword_form=form, status=409 if form.errors else 400)


@bp.route("/articles/<int:article_id>/publish", methods=["POST"])
@web.editor_required
def publish(article_id: int) -> Response:
    form = forms.PublishForm()
    item = articles.get_article(web.db(), article_id)
    return _attempt(
        lambda: publishing.publish_article(
            web.db(), item, web.user(), summary=form.summary.data, context=web.publish_context()
        ),
        "Published. Readers can see the rated summary now.",
        url_for("desk.article", article_id=item.id),
        form=form,
        invalid="The summary is too long.",
    )


# Queue ----------------------------------------------------------------------------------


@bp.route("/queue")
@web.staff_required()
def queue_page() -> tuple[str, int]:
    session = web.db()
    status = 200
    try:
        filters, sort, cursor, limit = queue_params.parse(request.args)
        page = listing.list_claims(session, filters, sort=sort, cursor=cursor, limit=limit)
        error = None
    except DomainError as exc:
        page, error, status = listing.Page([], None), exc.message, exc.status
    return render_template(
        "desk/queue.html",
        page=page,
        error=error,
        args=request.args,
        statuses=[s.value for s in ClaimStatus],
        people=queue.checkers(session),
        articles=articles.recent_articles(session, limit=200),
        take_form=forms.CsrfOnlyForm(),
        bulk_form=forms.CsrfOnlyForm(),
    ), status


@bp.route("/queue/assign", methods=["POST"])
@web.editor_required
def bulk_assign() -> Response:
    form = forms.CsrfOnlyForm()
    target = request.form.get("back") or url_for("desk.queue_page")
    ids = validation.ids(request.form.getlist("claim_ids"))
    if not form.validate_on_submit() or not ids:
        flash("Tick at least one claim to assign.", "error")
        return redirect(auth_views.safe_next(target) or url_for("desk.queue_page"))
    choice = request.form.get("user_id", "auto")
    session = web.db()
    assignee = (
        None
        if choice == "auto"
        else accounts.get_user(session, validation.optional_id(choice) or 0)
    )
    claims = [articles.get_claim(session, claim_id) for claim_id in ids]
    results = queue.bulk_assign(session, claims, assignee, web.user(), lease=_lease())
    session.commit()
    for result in results:
        if result.error:
            flash(f"Claim #{result.claim_id}: {result.error}", "error")
    done = [r for r in results if not r.error]
    if done:
        names = ", ".join(sorted({r.assignee or "" for r in done}))
        flash(f"{len(done)} claim(s) assigned to {names}.", "success")
    return redirect(auth_views.safe_next(target) or url_for("desk.queue_page"))


@bp.route("/workload")
@web.editor_required
def workload_page() -> str:
    return render_template("desk/workload.html", rows=workload.workload(web.db()))


@bp.route("/mine")
@web.staff_required()
def my_claims() -> str:
    claims = queue.my_claims(web.db(), web.user())
    notes = {claim.id: review.returned_note(claim) for claim in claims}
    assigned = {claim.id: audit.assignment(web.db(), claim) for claim in claims}
    return render_template(
        "desk/mine.html",
        claims=claims,
        notes=notes,
        assigned=assigned,
        action_form=forms.ClaimActionForm(),
    )


@bp.route("/queue/next", methods=["POST"])
@web.staff_required()
def take_next() -> Response:
    form = forms.CsrfOnlyForm()
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("desk.queue_page"))
    claim = queue.take_next(web.db(), web.user(), lease=_lease())
    web.db().commit()
    if claim is None:
        flash("The queue is empty: nothing is waiting to be checked.", "info")
        return redirect(url_for("desk.queue_page"))
    flash(f"Claim #{claim.id} is yours.", "success")
    return redirect(url_for("desk.claim", claim_id=claim.id))


@bp.route("/claims/<int:claim_id>/assign", methods=["POST"])
@web.editor_required
def assign(claim_id: int) -> Response:
    claim = articles.get_claim(web.db(), claim_id)
    form = _assign_form(claim)
    target = url_for("desk.claim", claim_id=claim.id)
    return _attempt(
        lambda: queue.assign(
            web.db(),
            claim,
            accounts.get_user(web.db(), form.user_id.data),
            web.user(),
            lease=_lease(),
            expected_version=form.expected_version(),
        ),
        f"Claim #{claim.id} assigned.",
        target,
        form=form,
        invalid="Choose a checker to assign.",
    )


def _assign_form(claim: Claim) -> forms.AssignForm:
    form = forms.AssignForm(version=claim.version)
    form.user_id.choices = [
        SelectChoice(str(u.id), f"{u.display_name} ({u.role.value})")
        for u in queue.checkers(web.db())
    ]
    return form


@bp.route("/claims/<int:claim_id>/release", methods=["POST"])
@web.staff_required()
def release(claim_id: int) -> Response:
    form = forms.ClaimActionForm()
    claim = articles.get_claim(web.db(), claim_id)
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    return _attempt(
        lambda: queue.release(
            web.db(), claim, web.user(), expected_version=form.expected_version()
        ),
        f"Claim #{claim.id} is back in the queue.",
        url_for("desk.my_claims"),
    )


@bp.route("/claims/<int:claim_id>/schedule", methods=["POST"])
@web.editor_required
def schedule(claim_id: int) -> Response:
    form = forms.ScheduleForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id)
    return _attempt(
        lambda: queue.set_schedule(
            web.db(),
            claim,
            web.user(),
            priority=form.priority.data or 0,
            due_at=_at(form.due_on.data, 17),
            expected_version=form.expected_version(),
        ),
        "Priority and due date saved.",
        target,
        form=form,
        invalid="Priority must be a whole number and the due date a date.",
    )


def _at(day: dt.date | None, hour: int) -> dt.datetime | None:
    """A form's date as a moment of that day (UTC)."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC) if day else None


@bp.route("/claims/<int:claim_id>/conflict", methods=["POST"])
@web.staff_required()
def declare_conflict(claim_id: int) -> Response:
    form = forms.ConflictForm()
    claim = articles.get_claim(web.db(), claim_id)
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    whole_claimant = form.scope.data == "claimant" and claim.claimant
    return _attempt(
        lambda: queue.declare_conflict(
            web.db(),
            web.user(),
            claim=None if whole_claimant else claim,
            claimant=claim.claimant if whole_claimant else None,
            note=form.note.data,
        ),
        "Conflict of interest recorded: you will not be given this claim.",
        url_for("desk.queue_page"),
    )


# Research --------------------------------------------------------------------------------


@bp.route("/claims/<int:claim_id>")
@web.staff_required()
def claim(claim_id: int) -> tuple[str, int]:
    return _claim_page(articles.get_claim(web.db(), claim_id))


def _claim_page(claim: Claim, status: int = 200, **overrides: Any) -> tuple[str, int]:
    """The work page of a claim; `overrides` keep a user's submitted form after an error."""
    verdict_form = overrides.get("verdict_form") or forms.VerdictForm(version=claim.version)
    verdict_form.rating.choices = [SelectChoice("", "Choose a rating…"), *_rating_choices()]
    correction = workflow.pending_correction(claim)
    return_form = overrides.get("return_form") or forms.ReturnForm(version=claim.version)
    if correction is not None:
        return_form.note.label.text = "Why the correction should be declined"
    page_forms = {
        "evidence_form": overrides.get("evidence_form") or forms.EvidenceForm(),
        "verdict_form": verdict_form,
        "return_form": return_form,
        "reword_form": overrides.get("reword_form")
        or forms.RewordForm(version=claim.version, text=claim.text),
        "assign_form": _assign_form(claim),
        "schedule_form": forms.ScheduleForm(
            version=claim.version,
            priority=claim.priority,
            due_on=claim.due_at.date() if claim.due_at else None,
        ),
        "conflict_form": forms.ConflictForm(),
        "details_form": overrides.get("details_form")
        or forms.ClaimDetailsForm(
            version=claim.version, claimant=claim.claimant, claim_date=claim.claim_date
        ),
        "correction_form": _correction_form(claim, overrides.get("correction_form")),
        "action_form": forms.ClaimActionForm(),
        "reply_form": forms.ReplyForm(),
        "comment_form": forms.CommentForm(),
        "edit_forms": {
            e.id: overrides.get("edit_forms", {}).get(e.id)
            or forms.EvidenceForm(obj=e, prefix=f"e{e.id}", formdata=None)
            for e in claim.evidence
        },
    }
    _fill_from_draft(claim, verdict_form, submitted="verdict_form" in overrides)
    _carry_current_versions(claim, page_forms)
    verdict = claim.current_verdict
    session = web.db()
    return render_template(
        "desk/claim.html",
        claim=claim,
        article=claim.article,
        returned_note=review.returned_note(claim),
        votes=review.votes_on(session, verdict) if verdict else [],
        pending_correction=correction,
        required_approvals=current_app.config["REQUIRED_APPROVALS"],
        replies=research.replies(session, claim),
        thread=comments.thread(session, claim),
        **page_forms,
    ), status


def _carry_current_versions(claim: Claim, page_forms: dict[str, Any]) -> None:
    """A form shown again keeps what the user typed but carries the current version.

    The page now shows the claim as it is, with the message naming who changed it, so
    sending the form again is a deliberate choice on the current version; a stale hidden
    version would refuse every retry until the page was reloaded (and the text lost).
    """
    for form in page_forms.values():
        if isinstance(form, forms.VersionedForm):
            form.version.data = str(claim.version)
    evidence_versions = {e.id: e.version for e in claim.evidence}
    for evidence_id, form in page_forms["edit_forms"].items():
        form.version.data = str(evidence_versions[evidence_id])


def _fill_from_draft(claim: Claim, form: forms.VerdictForm, *, submitted: bool) -> None:
    """Start the verdict form from the server-side draft, unless the user just sent it."""
    draft = None if submitted else research.get_draft(web.db(), claim, web.user())
    if draft is not None:
        form.rating.data = draft.rating_slug or ""
        form.explanation.data = draft.explanation
        form.draft_saved_at = draft.updated_at


def _correction_form(claim: Claim, submitted: forms.CorrectionForm | None) -> forms.CorrectionForm:
    form = submitted or forms.CorrectionForm(version=claim.version)
    form.rating.choices = _rating_choices()
    if submitted is None and claim.published_verdict is not None:
        form.rating.data = claim.published_verdict.rating.slug
        form.explanation.data = claim.published_verdict.explanation
    return form


def _rating_choices() -> list[SelectChoice]:
    return [SelectChoice(r.slug, r.label) for r in research.ratings(web.db())]


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@web.staff_required()
def add_evidence(claim_id: int) -> Response | tuple[str, int]:
    form = forms.EvidenceForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id, _anchor="evidence")
    if form.validate_on_submit():
        if _sent_before(form):
            flash(ALREADY_SENT, "info")
            return redirect(target)
        try:
            research.add_evidence(
                web.db(),
                claim,
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
                lease=_lease(),
            )
            added = _commit_once(form, target)
            flash("Evidence added." if added else ALREADY_SENT, "success" if added else "info")
            return redirect(target)
        except DomainError as error:
            web.db().rollback()
            _field_error(form, error)
    return _claim_page(claim, evidence_form=form, status=400)


@bp.route("/claims/<int:claim_id>/verdict", methods=["POST"])
@web.staff_required()
def submit_verdict(claim_id: int) -> Response | tuple[str, int]:
    claim = articles.get_claim(web.db(), claim_id)
    form = forms.VerdictForm()
    form.rating.choices = _rating_choices()
    done = _form_action(
        form,
        lambda: research.submit_verdict(
            web.db(),
            claim,
            web.user(),
            rating_slug=form.rating.data,
            explanation=form.explanation.data,
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        flash("Verdict submitted for review.", "success")
        return redirect(url_for("desk.my_claims"))
    status = done.status if isinstance(done, DomainError) else 400
    return _claim_page(articles.get_claim(web.db(), claim_id), verdict_form=form, status=status)


# Review ----------------------------------------------------------------------------------


@bp.route("/review")
@web.editor_required
def review_inbox() -> str:
    return render_template(
        "desk/review.html",
        claims=review.review_inbox(web.db()),
        action_form=forms.ClaimActionForm(),
        return_form=forms.ReturnForm(),
    )


@bp.route("/claims/<int:claim_id>/approve", methods=["POST"])
@web.editor_required
def approve(claim_id: int) -> Response:
    form = forms.ClaimActionForm()
    claim = articles.get_claim(web.db(), claim_id)
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    try:
        outcome = review.approve(
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
    return redirect(url_for("desk.review_inbox"))


VOTE_MESSAGES = {
    "approved": "Verdict on claim #{id} approved.",
    "returned": "Claim #{id} returned to its checker.",
    "recorded": "Your vote on claim #{id} is recorded; more editors need to vote.",
    "corrected": "Correction of claim #{id} approved: readers see it now, with the previous "
    "rating.",
    "declined": "Correction of claim #{id} declined: the published verdict stands.",
}


@bp.route("/claims/<int:claim_id>/return", methods=["POST"])
@web.editor_required
def return_claim(claim_id: int) -> Response | tuple[str, int]:
    form = forms.ReturnForm()
    claim = articles.get_claim(web.db(), claim_id)
    status = 400
    if form.validate_on_submit():
        try:
            outcome = review.return_to_checker(
                web.db(),
                claim,
                web.user(),
                note=form.note.data,
                required_approvals=current_app.config["REQUIRED_APPROVALS"],
                expected_version=form.expected_version(),
            )
            web.db().commit()
            flash(VOTE_MESSAGES[outcome].format(id=claim.id), "success")
            return redirect(url_for("desk.review_inbox"))
        except DomainError as error:
            web.db().rollback()
            _field_error(form, error)
            status = error.status
    return _claim_page(articles.get_claim(web.db(), claim_id), return_form=form, status=status)


@bp.route("/claims/<int:claim_id>/history")
@web.staff_required()
def claim_history(claim_id: int) -> str:
    claim = articles.get_claim(web.db(), claim_id)
    events = audit.history(web.db(), "claim", claim.id)
    return render_template("desk/history.html", claim=claim, events=events)


# Publishing details, corrections, withdrawal -----------------------------------------


@bp.route("/claims/<int:claim_id>/details", methods=["POST"])
@web.editor_required
def claim_details(claim_id: int) -> Response | tuple[str, int]:
    form = forms.ClaimDetailsForm()
    claim = articles.get_claim(web.db(), claim_id)
    done = _form_action(
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
    return _claim_page(articles.get_claim(web.db(), claim_id), details_form=form, status=400)


@bp.route("/articles/<int:article_id>/edit", methods=["POST"])
@web.editor_required
def edit_article(article_id: int) -> Response:
    form = forms.ArticleDetailsForm()
    item = articles.get_article(web.db(), article_id)
    target = url_for("desk.article", article_id=item.id)
    if not form.validate_on_submit():
        flash("Check the article details: " + _form_errors(form), "error")
        return redirect(target)
    return _attempt(
        lambda: articles.edit_article(
            web.db(),
            item,
            web.user(),
            title=form.title.data,
            outlet=form.outlet.data,
            source_url=form.source_url.data,
            published_on=form.published_on.data,
            expected_version=form.expected_version(),
        ),
        "Article details saved.",
        target,
    )


def _form_errors(form: Any) -> str:
    return "; ".join(
        f"{getattr(form, name).label.text}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


@bp.route("/claims/<int:claim_id>/correct", methods=["POST"])
@web.editor_required
def correct(claim_id: int) -> Response | tuple[str, int]:
    claim = articles.get_claim(web.db(), claim_id)
    form = forms.CorrectionForm()
    form.rating.choices = _rating_choices()
    done = _form_action(
        form,
        lambda: publishing.propose_correction(
            web.db(),
            claim,
            web.user(),
            rating_slug=form.rating.data,
            explanation=form.explanation.data,
            reason=form.reason.data,
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        needed = current_app.config["REQUIRED_APPROVALS"]
        flash(
            f"Correction proposed. Readers keep seeing the published verdict until {needed} "
            f"other editor{'s' if needed != 1 else ''} approve{'s' if needed == 1 else ''} it.",
            "success",
        )
        return redirect(url_for("desk.claim", claim_id=claim.id))
    status = done.status if isinstance(done, DomainError) else 400
    return _claim_page(articles.get_claim(web.db(), claim_id), correction_form=form, status=status)


@bp.route("/articles/<int:article_id>/withdraw", methods=["POST"])
@web.editor_required
def withdraw(article_id: int) -> Response:
    form = forms.WithdrawForm()
    item = articles.get_article(web.db(), article_id)
    target = url_for("desk.article", article_id=item.id)
    return _attempt(
        lambda: publishing.withdraw_article(web.db(), item, web.user(), reason=form.reason.data),
        "Withdrawn. Readers now see the reason in place of the fact-check.",
        target,
        form=form,
        invalid="Give the reason readers will see for the withdrawal.",
    )


@bp.route("/pages/<slug>/edit", methods=["GET", "POST"])
@web.staff_required(Role.ADMIN)
def edit_page(slug: str) -> Response | tuple[str, int]:
    page = site_pages.get_page(web.db(), slug)
    form = forms.SitePageForm(obj=page, version=page.version or 1)
    done = _form_action(
        form,
        lambda: site_pages.save_page(
            web.db(),
            slug,
            web.user(),
            title=form.title.data,
            body=form.body.data,
            expected_version=form.expected_version(),
        ),
    )
    if done is True:
        flash("Page saved.", "success")
        return redirect(url_for("public.methodology"))
    return render_template("desk/edit_page.html", form=form, page=page), (
        400 if form.errors else 200
    )


# Snapshots -------------------------------------------------------------------------------

# Stored pages are someone else's HTML: sandboxed, no scripts, nothing fetched.
SNAPSHOT_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@bp.route("/evidence/<int:evidence_id>/archive", methods=["POST"])
@web.staff_required()
def archive_evidence(evidence_id: int) -> Response:
    form = forms.CsrfOnlyForm()
    with web.reads_only() as session:
        evidence = research.get_evidence(session, evidence_id)
    target = url_for("desk.claim", claim_id=evidence.claim_id, _anchor="evidence")

    def archive() -> object:
        with web.reads_only():  # the fetch holds no write lock
            fetched = ingesting.fetch_for_archive(evidence, web.user(), web.ingest_limits().policy)
        return ingesting.store_archive(web.db(), evidence, web.user(), fetched)

    return _attempt(archive, "Snapshot saved.", target, form=form)


@bp.route("/snapshots/<int:snapshot_id>")
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
