"""The queue: what waits to be checked, who holds what, and handing out work.

Take the next claim, assign one (or many at once), release it, set its priority and due
date, declare a conflict of interest; the queue, workload and "my claims" pages.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck import idempotency, web
from factcheck.auth import views as auth_views
from factcheck.desk import claim_page, forms
from factcheck.desk.actions import FORM_EXPIRED, Routes, attempt, lease
from factcheck.domain import (
    accounts,
    articles,
    assignment,
    audit,
    drafts,
    guards,
    my_work,
    publishing,
    queue,
    queue_listing,
    queue_params,
    review_panel,
    take_back,
    validation,
    workflow,
    workload,
)
from factcheck.domain.errors import DomainError
from factcheck.models import ClaimStatus
from factcheck.wording import counted

routes = Routes()


@routes.route("/queue")
@web.staff_required()
def queue_page() -> tuple[str, int]:
    session = web.db()
    status = 200
    try:
        filters, sort, cursor, limit = queue_params.parse(request.args)
        page = queue_listing.list_claims(session, filters, sort=sort, cursor=cursor, limit=limit)
        error, chosen = None, queue_params.chosen(filters, sort)
        held = queue_listing.held_back(session, filters)
    except DomainError as exc:
        page, error, status = queue_listing.Page([], None), exc.message, exc.status
        held = []
        chosen = None  # the filters stay open beside the message
    return render_template(
        "desk/queue.html",
        page=page,
        held=held,
        error=error,
        chosen=chosen,
        args=request.args,
        statuses=[s.value for s in ClaimStatus],
        people=queue.checkers(session),
        articles=articles.recent_articles(session, limit=200),
        take_form=forms.CsrfOnlyForm(),
        bulk_form=forms.CsrfOnlyForm(),
        missing={c.id: publishing.missing_details(c) for c in page.items},
        left_drafts=drafts.left_in_queue(session, page.items),
    ), status


@routes.route("/queue/assign", methods=["POST"])
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
    results = assignment.bulk_assign(session, claims, assignee, web.user(), lease=lease())
    session.commit()
    for result in results:
        if result.error:
            flash(result.error, "error")  # it names the claim
    done = [r for r in results if not r.error]
    if done:
        names = ", ".join(sorted({r.assignee or "" for r in done}))
        flash(f"{counted(len(done), 'claim')} assigned to {names}.", "success")
    return redirect(auth_views.safe_next(target) or url_for("desk.queue_page"))


@routes.route("/workload")
@web.editor_required
def workload_page() -> str:
    return render_template("desk/workload.html", rows=workload.workload(web.db()))


@routes.route("/mine")
@web.staff_required()
def my_claims() -> str:
    claims = queue.my_claims(web.db(), web.user())
    notes = {claim.id: review_panel.returned_note(claim) for claim in claims}
    assigned = {claim.id: audit.assignment(web.db(), claim) for claim in claims}
    return render_template(
        "desk/mine.html",
        claims=claims,
        notes=notes,
        withdrawn={claim.id: guards.withdrawn_notice(claim) for claim in claims},
        assigned=assigned,
        actions={c.id: workflow.allowed_actions(c, web.user()) for c in claims},
        action_form=forms.ClaimActionForm(),
        recent=my_work.recent_work(web.db(), web.user()),
    )


@routes.route("/queue/next", methods=["POST"])
@web.staff_required()
def take_next() -> Response:
    form = forms.CsrfOnlyForm()
    if not form.validate_on_submit():
        flash(FORM_EXPIRED, "error")
        return redirect(url_for("desk.queue_page"))
    # The same press sent again (a double click, a resend) goes to the claim it took.
    token = request.form.get("form_token")
    if taken := idempotency.form_seen(web.db(), web.user(), token):
        return redirect(taken)
    claim = queue.take_next(web.db(), web.user(), lease=lease())
    if claim is None:
        web.db().commit()
        flash(_empty_queue_message(queue_listing.held_back(web.db())), "info")
        return redirect(url_for("desk.queue_page"))
    target = url_for("desk.claim", claim_id=claim.id)
    idempotency.remember_form(web.db(), web.user(), token, target)
    try:
        web.db().commit()
    except idempotency.IntegrityError:  # sent twice at once: the other press took one
        web.db().rollback()
        return redirect(
            idempotency.form_seen(web.db(), web.user(), token) or url_for("desk.queue_page")
        )
    flash(f"Claim #{claim.id} is yours.", "success")
    return redirect(target)


def _empty_queue_message(held: list[queue_listing.HeldBack]) -> str:
    """What take-next says when it finds nothing, naming the claims a withdrawal holds back."""
    total = sum(item.claims for item in held)
    if not total:
        return "The queue is empty: nothing is waiting to be checked."
    verb = "is" if total == 1 else "are"
    pronoun = "its" if total == 1 else "their"
    whose = f"{pronoun} fact-checks are" if len(held) > 1 else f"{pronoun} fact-check is"
    return (
        f"The queue is empty: nothing is waiting to be checked. {counted(total, 'claim')} "
        f"{verb} on hold while {whose} withdrawn."
    )


@routes.route("/claims/<int:claim_id>/assign", methods=["POST"])
@web.editor_required
def assign(claim_id: int) -> Response:
    claim = articles.get_claim(web.db(), claim_id)
    form = claim_page.assign_form(claim)
    target = url_for("desk.claim", claim_id=claim.id)
    return attempt(
        lambda: queue.assign(
            web.db(),
            claim,
            accounts.get_user(web.db(), form.user_id.data),
            web.user(),
            lease=lease(),
            expected_version=form.expected_version(),
        ),
        f"Claim #{claim.id} assigned.",
        target,
        form=form,
        invalid="Choose a checker to assign.",
    )


@routes.route("/claims/<int:claim_id>/release", methods=["POST"])
@web.staff_required()
def release(claim_id: int) -> Response:
    form = forms.ClaimActionForm()
    claim = articles.get_claim(web.db(), claim_id)
    if not form.validate_on_submit():
        flash(FORM_EXPIRED, "error")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    return attempt(
        lambda: queue.release(
            web.db(), claim, web.user(), expected_version=form.expected_version()
        ),
        f"Claim #{claim.id} is back in the queue.",
        url_for("desk.my_claims"),
    )


@routes.route("/claims/<int:claim_id>/take-back", methods=["POST"])
@web.staff_required()
def take_back_claim(claim_id: int) -> Response | tuple[str, int]:
    """ "Take claim #N back", offered to the checker whose lease on it ran out. The verdict
    the lapse refused comes along in hidden fields: it becomes their draft, or, if the claim
    cannot be theirs again, is shown back to copy with the reason."""
    form = forms.CsrfOnlyForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id)
    refused = forms.VerdictForm()  # the hidden fields, read as the verdict form sent them
    typed = "explanation" in request.form
    error, status = FORM_EXPIRED, 400
    if form.validate_on_submit():
        try:
            take_back.take_back(
                web.db(),
                claim,
                web.user(),
                lease=lease(),
                **(
                    {"rating_slug": refused.rating.data, "explanation": refused.explanation.data}
                    if typed
                    else {}
                ),
            )
            web.db().commit()
            kept = " What you had typed is your draft again." if typed else ""
            flash(f"Claim #{claim.id} is yours again.{kept}", "success")
            return redirect(target)
        except DomainError as exc:
            web.db().rollback()
            error, status = exc.message, exc.status
    if not typed:
        flash(error, "error")
        return redirect(target)
    refused.rating.choices = claim_page.rating_choices()
    refused.form_errors.append(error)
    return claim_page.render(claim.id, verdict_form=refused, status=status)


@routes.route("/claims/<int:claim_id>/schedule", methods=["POST"])
@web.editor_required
def schedule(claim_id: int) -> Response:
    form = forms.ScheduleForm()
    claim = articles.get_claim(web.db(), claim_id)
    target = url_for("desk.claim", claim_id=claim.id)
    return attempt(
        lambda: queue.set_schedule(
            web.db(),
            claim,
            web.user(),
            priority=form.priority.data or 0,
            due_at=queue.due_at(form.due_on.data),
            expected_version=form.expected_version(),
        ),
        "Priority and due date saved.",
        target,
        form=form,
        invalid="Priority must be a whole number and the due date a date.",
    )


@routes.route("/claims/<int:claim_id>/conflict", methods=["POST"])
@web.staff_required()
def declare_conflict(claim_id: int) -> Response:
    form = forms.ConflictForm()
    claim = articles.get_claim(web.db(), claim_id)
    if not form.validate_on_submit():
        flash(FORM_EXPIRED, "error")
        return redirect(url_for("desk.claim", claim_id=claim.id))
    whole_claimant = form.scope.data == "claimant" and claim.claimant
    return attempt(
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
