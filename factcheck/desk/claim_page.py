"""The claim's work page, which several areas show again when a form on it fails.

It carries a form only for what the signed-in user may do to the claim now
(`workflow.allowed_actions`): a checker's page has no assign form, an editor's no verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template, url_for
from wtforms import SelectChoice

from factcheck import clock, web
from factcheck.desk import forms, source_forms
from factcheck.domain import (
    claimants,
    comments,
    drafts,
    earlier_checks,
    guards,
    headlines,
    loading,
    publishing,
    queue,
    replies,
    research,
    review_panel,
    take_back,
    topics,
    workflow,
)
from factcheck.domain.workflow import Action
from factcheck.models import Claim, ClaimStatus, User, VerdictStatus

# Statuses whose work waits while the claim's fact-check is withdrawn (domain.guards).
_WAITS = (ClaimStatus.QUEUED, *queue.HELD)


def render(claim_id: int, status: int = 200, **submitted: Any) -> tuple[str, int]:
    """The work page of a claim; `submitted` keeps a form the user sent (with its errors)
    in place of a fresh one."""
    session = web.db()
    claim = loading.claim_at_work(session, claim_id)
    verdict = claim.current_verdict
    waiting = verdict is not None and verdict.status == VerdictStatus.SUBMITTED
    votes = review_panel.votes_on(session, verdict) if verdict and waiting else []
    # An editor who has voted is shown their vote, not the buttons again.
    actions = review_panel.still_to_vote(
        workflow.allowed_actions(claim, web.user()),
        votes,
        web.user(),
        current_app.config["REQUIRED_APPROVALS"],
    )
    page_forms = _forms(claim, actions, submitted)
    _carry_current_versions(claim, page_forms)
    unsaved = _unsaved(submitted, page_forms)
    return render_template(
        "desk/claim.html",
        claim=claim,
        actions=actions,
        article=claim.article,
        matches=earlier_checks.suggestions_for(
            session, claim, own_outlet=current_app.config["ORG_NAME"], limit=3
        ),
        returned_note=review_panel.returned_note(claim),
        withdrawn_notice=guards.withdrawn_notice(claim) if claim.status in _WAITS else None,
        missing=publishing.missing_details(claim),
        problems=publishing.claim_problems(claim, research.ratings(session), web.publish_context())
        if Action.PUBLISH in actions
        else [],
        votes=votes,
        my_vote=review_panel.vote_of(votes, web.user()),
        pending_correction=guards.pending_correction(claim),
        headline_warning=headlines.kept_over_new_rating(
            claim.published_verdict, guards.pending_correction(claim)
        ),
        required_approvals=current_app.config["REQUIRED_APPROVALS"],
        replies=replies.for_claim(session, claim),
        thread=comments.thread(session, claim),
        split_from=claim.split_from,
        split_parts=list(claim.split_parts),
        claimant_names=claimants.names_for_datalist(session) if page_forms["details_form"] else [],
        unsaved=unsaved,
        take_back=_take_back_offer(claim, submitted, page_forms),
        page_address=url_for("desk.claim", claim_id=claim.id),
        **page_forms,
    ), status


def _take_back_offer(
    claim: Claim, submitted: dict[str, Any], page_forms: dict[str, Any]
) -> dict[str, str] | None:
    """The "Take claim #N back" button's hidden fields, when the user's lease on the claim ran
    out and nobody has it since: the verdict the lapse refused (kept as their draft when they
    take it back), or nothing. None: no button."""
    if not take_back.may_take_back(web.db(), claim, web.user()):
        return None
    refused = submitted.get("verdict_form")
    if refused is None or page_forms.get("verdict_form") is refused:
        return {}
    return {"rating": refused.rating.data or "", "explanation": refused.explanation.data or ""}


def _forms(claim: Claim, actions: list[Action], submitted: dict[str, Any]) -> dict[str, Any]:
    """One form per thing the user may do now; None (or no edit forms) where they may not."""
    allowed = set(actions)
    return {
        "action_form": forms.ClaimActionForm(),
        "comment_form": submitted.get("comment_form") or forms.CommentForm(),
        "evidence_form": (submitted.get("evidence_form") or forms.EvidenceForm())
        if "add_evidence" in allowed
        else None,
        "edit_forms": _evidence_forms(claim, submitted) if "edit_evidence" in allowed else {},
        # "Correct this source", one per source of a published claim, for editors.
        "source_forms": _source_forms(claim, submitted) if "correct_source" in allowed else {},
        # Shown while the draft may be saved: a withdrawn fact-check refuses only the submit.
        "verdict_form": _verdict_form(claim, submitted)
        if allowed & {"submit", "save_draft"}
        else None,
        "return_form": _return_form(claim, submitted)
        if allowed & {"return", "decline_correction"}
        else None,
        "reword_form": _reword_form(claim, submitted) if "reword" in allowed else None,
        "split_form": submitted.get("split_form")
        or forms.SplitForm(version=claim.version, parts=claim.text)
        if "split" in allowed
        else None,
        "assign_form": assign_form(claim) if "assign" in allowed else None,
        "schedule_form": _schedule_form(claim) if "schedule" in allowed else None,
        "conflict_form": forms.ConflictForm() if _may_declare_conflict(claim, web.user()) else None,
        "details_form": _details_form(claim, submitted) if "edit_details" in allowed else None,
        "correction_form": _correction_form(claim, allowed, submitted.get("correction_form")),
        "reply_form": (submitted.get("reply_form") or forms.ReplyForm())
        if "record_reply" in allowed
        else None,
        "topics_form": _topics_form(claim, submitted) if "tag" in allowed else None,
        "accept_form": submitted.get("accept_form")
        or forms.AcceptForm(
            prefix="accept",
            formdata=None,
            version=claim.version,
            claimant=claim.claimant,
            claim_date=claim.claim_date,
        )
        if "accept" in allowed
        else None,
    }


# The forms the page carries one per source, by the source's id.
_PER_SOURCE = ("edit_forms", "source_forms")
# Fields whose value the user did not type.
_NOT_TYPED = frozenset(["CSRFTokenField", "HiddenField", "SubmitField"])


def _unsaved(submitted: dict[str, Any], page_forms: dict[str, Any]) -> list[UnsavedForm]:
    """What the user sent on a form the page no longer carries, because they lost the right
    to use it meanwhile (the claim was reassigned, submitted or published). Without this the
    form, the words typed into it and the reason it was refused would all vanish."""
    sent: list[Any] = []
    for name, form in submitted.items():
        if name in _PER_SOURCE:
            sent += [f for key, f in form.items() if key not in page_forms[name]]
        elif page_forms.get(name) is not form:
            sent.append(form)
    return [UnsavedForm.of(form) for form in sent if form is not None]


@dataclass(frozen=True)
class UnsavedForm:
    """A refused form's errors and typed values, as text to copy."""

    errors: list[str]
    values: list[tuple[str, str]]  # (label, value)

    @classmethod
    def of(cls, form: Any) -> UnsavedForm:
        errors = list(form.form_errors)
        values = []
        for field in form:
            if field.type in _NOT_TYPED:
                continue
            errors += [f"{field.label.text}: {error}" for error in field.errors]
            value = _shown_value(field)
            if value:
                values.append((field.label.text, value))
        return cls(errors, values)


def _shown_value(field: Any) -> str:
    if field.data is None or field.data == "":
        return ""
    for choice in getattr(field, "choices", None) or ():
        value, label = (choice.value, choice.label) if hasattr(choice, "value") else choice[:2]
        if str(value) == str(field.data):
            return str(label)
    return str(field.data)


def _topics_form(claim: Claim, submitted: dict[str, Any]) -> forms.ClaimTopicsForm:
    form = submitted.get("topics_form") or forms.ClaimTopicsForm(
        version=claim.version, topics=[t.id for t in claim.topics]
    )
    form.topics.choices = [SelectChoice(t.id, t.name) for t in topics.all_topics(web.db())]
    return form


def _evidence_forms(claim: Claim, submitted: dict[str, Any]) -> dict[int, forms.EvidenceForm]:
    sent = submitted.get("edit_forms", {})
    return {
        e.id: sent.get(e.id) or forms.EvidenceForm(obj=e, prefix=f"e{e.id}", formdata=None)
        for e in claim.evidence
    }


def _source_forms(
    claim: Claim, submitted: dict[str, Any]
) -> dict[int, source_forms.SourceCorrectionForm]:
    sent = submitted.get("source_forms", {})
    return {e.id: sent.get(e.id) or source_forms.SourceCorrectionForm.of(e) for e in claim.evidence}


def _verdict_form(claim: Claim, submitted: dict[str, Any]) -> forms.VerdictForm:
    form = submitted.get("verdict_form") or forms.VerdictForm(version=claim.version)
    form.rating.choices = [SelectChoice("", "Choose a rating…"), *rating_choices()]
    _fill_from_draft(claim, form, submitted="verdict_form" in submitted)
    return form


def _return_form(claim: Claim, submitted: dict[str, Any]) -> forms.ReturnForm:
    form = submitted.get("return_form") or forms.ReturnForm(version=claim.version)
    if guards.pending_correction(claim) is not None:
        form.note.label.text = "Why the correction should be declined"
    return form


def _schedule_form(claim: Claim) -> forms.ScheduleForm:
    return forms.ScheduleForm(
        version=claim.version,
        priority=claim.priority,
        due_on=clock.day_of(claim.due_at) if claim.due_at else None,
    )


def _reword_form(claim: Claim, submitted: dict[str, Any]) -> forms.RewordForm:
    return submitted.get("reword_form") or forms.RewordForm(version=claim.version, text=claim.text)


def _details_form(claim: Claim, submitted: dict[str, Any]) -> forms.ClaimDetailsForm:
    return submitted.get("details_form") or forms.ClaimDetailsForm(
        version=claim.version, claimant=claim.claimant, claim_date=claim.claim_date
    )


def _may_declare_conflict(claim: Claim, user: User) -> bool:
    """Before the work is done, by anyone the claim is not held by someone else for."""
    return claim.status in (ClaimStatus.QUEUED, ClaimStatus.IN_PROGRESS) and (
        claim.assignee_id is None or claim.assignee_id == user.id
    )


def assign_form(claim: Claim) -> forms.AssignForm:
    """The assign form, listing the people who can be given the claim."""
    form = forms.AssignForm(version=claim.version)
    form.user_id.choices = [
        SelectChoice(str(u.id), f"{u.display_name} ({u.role.value})")
        for u in queue.checkers(web.db())
    ]
    return form


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
    for name in _PER_SOURCE:
        for evidence_id, form in page_forms[name].items():
            form.version.data = str(evidence_versions[evidence_id])


def _fill_from_draft(claim: Claim, form: forms.VerdictForm, *, submitted: bool) -> None:
    """Start the verdict form from the draft the checker continues (drafts.continue_from:
    their own, or a newer one another checker left: released, expired or reassigned, the
    work passes on);
    else from the verdict the editors returned (the checker revises it rather than typing
    it again). Unless the user just sent it."""
    user = web.user()
    draft = drafts.continue_from(web.db(), claim, user)
    own = draft if draft is not None and draft.author_id == user.id else None
    form.draft_seen = drafts.draft_stamp(draft)  # the draft shown, as the save checks it
    if submitted:
        return
    if draft is not None:
        form.rating.data = draft.rating_slug or ""
        form.explanation.data = draft.explanation
        if own is not None:
            form.draft_saved_at = draft.updated_at
        else:
            form.left_by = draft.author.display_name
            form.left_at = draft.updated_at
    elif (returned := review_panel.returned_verdict(claim)) is not None:
        form.rating.data = returned.rating.slug
        form.explanation.data = returned.explanation
    retired = research.retired_since(web.db(), form.rating.data)
    if retired is not None:
        # The rating was retired since it was chosen: the select could not show it, and would
        # silently show none. The note names it; its replacement, if any, is chosen instead.
        form.retired_rating, form.replacement = retired
        form.rating.data = form.replacement.slug if form.replacement else ""


def _correction_form(
    claim: Claim, allowed: set[Action], submitted: forms.CorrectionForm | None
) -> forms.CorrectionForm | None:
    """The correction form: for editors of a published claim, or to show why one failed."""
    if "propose_correction" not in allowed and not (submitted and submitted.form_errors):
        return None
    form = submitted or forms.CorrectionForm(version=claim.version)
    form.rating.choices = rating_choices()
    if submitted is None and claim.published_verdict is not None:
        form.rating.data = claim.published_verdict.rating.slug
        form.explanation.data = claim.published_verdict.explanation
        form.headline.data = claim.published_verdict.headline
    return form


def rating_choices() -> list[SelectChoice]:
    """The rating scale as select choices (slug, label)."""
    return [SelectChoice(r.slug, r.label) for r in research.ratings(web.db())]
