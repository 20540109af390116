"""JSON API v1: the blueprint, and the claim's work (triage, queue, research, review).

Writes need `Authorization: Bearer <token>`; session cookies only read. Each view is
declared with `@operation(...)` (factcheck/api/routes.py): its shapes live in
factcheck/api/schemas, and the OpenAPI document is generated from both.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, current_app

from factcheck import web
from factcheck.api import articles, editing, reads, routes, serialize
from factcheck.api.preconditions import expected_version
from factcheck.api.routes import WRITE, caller, operation
from factcheck.api.schemas import requests as into
from factcheck.api.schemas import responses as out
from factcheck.domain import (
    accounts,
    audit,
    candidates,
    comments,
    drafts,
    publishing,
    queue,
    research,
    take_back,
    validation,
)
from factcheck.domain import articles as article_records
from factcheck.domain import review_panel as review
from factcheck.models import EDITORS

bp = Blueprint("api", __name__, url_prefix="/api/v1")
web.csrf.exempt(bp)  # bearer tokens, not cookies, authorise writes: CSRF cannot forge them

CLAIM = {200: out.Claim}
TRIAGE = {"auth": WRITE, "roles": EDITORS, "body": into.Versioned, "versioned": True}
# Every view module of the API; their operations are in routes.REGISTRY once imported.
MODULES = ("articles", "editing", "reads", "views")


def _lease() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["LEASE_HOURS"])


def _claim(claim_id: int, status: int = 200) -> tuple[out.Claim, int]:
    return serialize.claim(article_records.get_claim(web.db(), claim_id)), status


def _triage(claim_id: int, action: str, body: into.Versioned) -> tuple[out.Claim, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    version = expected_version(body, claim)
    article_records.triage(web.db(), claim, action, caller(), expected_version=version)
    return _claim(claim_id)


@operation(
    "POST", "/claims/<int:claim_id>/accept", summary="Triage: accept a candidate claim",
    responses=CLAIM, errors=(409,), **{**TRIAGE, "body": into.Acceptance},
)  # fmt: skip
def accept_claim(claim_id: int, body: into.Acceptance) -> tuple[out.Claim, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    candidates.accept(
        web.db(),
        claim,
        caller(),
        expected_version=expected_version(body, claim),
        claimant=body.claimant,
        claim_date=body.claim_date,
        article_url=body.article_url,
    )
    return _claim(claim_id)


@operation(
    "POST", "/claims/<int:claim_id>/reject", summary="Triage: reject a candidate claim",
    responses=CLAIM, errors=(409,), **TRIAGE,
)  # fmt: skip
def reject_claim(claim_id: int, body: into.Versioned) -> tuple[out.Claim, int]:
    return _triage(claim_id, "reject", body)


@operation(
    "POST", "/claims/<int:claim_id>/restore", summary="Triage: restore a rejected claim",
    responses=CLAIM, errors=(409,), **TRIAGE,
)  # fmt: skip
def restore_claim(claim_id: int, body: into.Versioned) -> tuple[out.Claim, int]:
    return _triage(claim_id, "restore", body)


@operation(
    "POST", "/claims/<int:claim_id>/unaccept",
    summary="Triage: take a queued claim that no checker holds back to the candidates",
    responses=CLAIM, errors=(409,), **TRIAGE,
)  # fmt: skip
def unaccept_claim(claim_id: int, body: into.Versioned) -> tuple[out.Claim, int]:
    return _triage(claim_id, "unaccept", body)


@operation(
    "POST", "/claims/<int:claim_id>/details", summary="Set who made the claim and when",
    responses=CLAIM, errors=(409,), **{**TRIAGE, "body": into.ClaimDetails},
)  # fmt: skip
def set_claim_details(claim_id: int, body: into.ClaimDetails) -> tuple[out.Claim, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    sent = body.model_fields_set
    article_records.edit_claim_details(
        web.db(),
        claim,
        caller(),
        claimant=_claimant_choice(body) if "claimant" in sent else validation.KEEP,
        claim_date=body.claim_date if "claim_date" in sent else validation.KEEP,
        expected_version=expected_version(body, claim),
    )
    return _claim(claim_id)


def _claimant_choice(body: into.ClaimDetails) -> str | int | None:
    """The claimant sent: a record's id, a name, or None to clear."""
    if isinstance(body.claimant, into.ClaimantById):
        return body.claimant.id
    return body.claimant


@operation(
    "POST", "/queue/next", summary="Take the next queued claim (with a lease)",
    responses={**CLAIM, 204: None}, auth=WRITE, idempotent=True, tag="queue",
)  # fmt: skip
def take_next() -> tuple[out.Claim, int] | Response:
    claim = queue.take_next(web.db(), caller(), lease=_lease())
    if claim is None:
        return Response(status=204)
    return _claim(claim.id)


@operation(
    "POST", "/claims/<int:claim_id>/take-back",
    summary="Take back the claim whose lease (yours) ran out, if it still waits in the queue",
    responses=CLAIM, errors=(409,), auth=WRITE, idempotent=True, tag="queue",
)  # fmt: skip
def take_back_claim(claim_id: int) -> tuple[out.Claim, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    take_back.take_back(web.db(), claim, caller(), lease=_lease())
    return _claim(claim_id)


@operation(
    "POST", "/claims/<int:claim_id>/assign", summary="Assign the claim to a user",
    responses=CLAIM, errors=(409,), tag="queue", **{**TRIAGE, "body": into.Assignment},
)  # fmt: skip
def assign_claim(claim_id: int, body: into.Assignment) -> tuple[out.Claim, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    assignee = accounts.get_user(web.db(), body.user_id)
    version = expected_version(body, claim)
    queue.assign(web.db(), claim, assignee, caller(), lease=_lease(), expected_version=version)
    return _claim(claim_id)


@operation(
    "POST", "/claims/<int:claim_id>/release",
    summary="Give the claim back to the queue (its holder, or an editor)",
    responses=CLAIM, errors=(409,), tag="queue", **{**TRIAGE, "roles": ()},
)  # fmt: skip
def release_claim(claim_id: int, body: into.Versioned) -> tuple[out.Claim, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    queue.release(web.db(), claim, caller(), expected_version=expected_version(body, claim))
    return _claim(claim_id)


@operation(
    "POST", "/claims/<int:claim_id>/evidence", summary="Add a source (the claim's holder)",
    responses={201: out.Evidence}, auth=WRITE, body=into.NewEvidence, errors=(409,),
    idempotent=True, tag="research",
)  # fmt: skip
def add_evidence(claim_id: int, body: into.NewEvidence) -> tuple[out.Evidence, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    item = research.add_evidence(
        web.db(),
        claim,
        caller(),
        lease=_lease(),
        **body.source_fields(),
    )
    return serialize.evidence(item), 201


@operation(
    "POST", "/claims/<int:claim_id>/verdict",
    summary="Submit the verdict for review (the claim's holder)",
    responses={201: out.Claim}, auth=WRITE, body=into.NewVerdict, errors=(409,),
    idempotent=True, versioned=True, tag="research",
)  # fmt: skip
def submit_verdict(claim_id: int, body: into.NewVerdict) -> tuple[out.Claim, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    research.submit_verdict(
        web.db(),
        claim,
        caller(),
        rating_slug=body.rating,
        explanation=body.explanation,
        expected_version=expected_version(body, claim),
        min_sources=web.min_sources(),
    )
    return _claim(claim_id, 201)


@operation(
    "GET", "/claims/<int:claim_id>/verdict",
    summary="The verdict draft to continue: yours, or a newer one another checker left",
    responses={200: out.Draft}, errors=(403, 404, 409), tag="research",
)  # fmt: skip
def get_draft(claim_id: int) -> out.Draft:
    claim = article_records.get_claim(web.db(), claim_id)
    return serialize.draft(claim, drafts.draft_to_continue(web.db(), claim, caller()))


@operation(
    "PUT", "/claims/<int:claim_id>/verdict",
    summary="Save the verdict being written (a private draft); submit with POST",
    responses={200: out.Draft}, auth=WRITE, body=into.DraftChange, errors=(409,), tag="research",
)  # fmt: skip
def save_draft(claim_id: int, body: into.DraftChange) -> out.Draft:
    claim = article_records.get_claim(web.db(), claim_id)
    sent = body.model_fields_set
    draft = drafts.save_draft(
        web.db(),
        claim,
        caller(),
        rating_slug=body.rating if "rating" in sent else validation.KEEP,
        explanation=body.explanation if "explanation" in sent else validation.KEEP,
        lease=_lease(),
        seen=drafts.stamp_of(body.saved_at) if body.saved_at else None,
    )
    return serialize.draft(claim, draft)


def _required_approvals() -> int:
    return int(current_app.config["REQUIRED_APPROVALS"])


@operation(
    "POST", "/claims/<int:claim_id>/approve",
    summary="Vote to approve the submitted verdict, or the proposed correction",
    responses={200: out.ReviewedClaim}, errors=(409,), tag="review", **TRIAGE,
)  # fmt: skip
def approve_claim(claim_id: int, body: into.Versioned) -> out.ReviewedClaim:
    """The claim is approved once enough editors have voted so (see `outcome`)."""
    claim = article_records.get_claim(web.db(), claim_id)
    outcome = review.approve(
        web.db(),
        claim,
        caller(),
        required_approvals=_required_approvals(),
        expected_version=expected_version(body, claim),
    )
    return serialize.reviewed_claim(article_records.get_claim(web.db(), claim_id), outcome)


@operation(
    "POST", "/claims/<int:claim_id>/return",
    summary="Vote to return the verdict to its checker, saying what to fix (on a published "
    "claim: to decline the proposed correction, saying why)",
    responses={200: out.ReviewedClaim}, errors=(409,), tag="review",
    **{**TRIAGE, "body": into.ReturnNote},
)  # fmt: skip
def return_claim(claim_id: int, body: into.ReturnNote) -> out.ReviewedClaim:
    claim = article_records.get_claim(web.db(), claim_id)
    outcome = review.return_to_checker(
        web.db(),
        claim,
        caller(),
        note=body.note,
        required_approvals=_required_approvals(),
        expected_version=expected_version(body, claim),
    )
    return serialize.reviewed_claim(article_records.get_claim(web.db(), claim_id), outcome)


@operation(
    "POST", "/claims/<int:claim_id>/correction",
    summary="Propose a correction of the published verdict; it waits for the review panel",
    responses={201: out.Claim}, errors=(409,), idempotent=True, tag="review",
    **{**TRIAGE, "body": into.NewCorrection},
)  # fmt: skip
def propose_correction(claim_id: int, body: into.NewCorrection) -> tuple[out.Claim, int]:
    """Vote on it with /approve and /return; readers keep seeing the published verdict
    until the panel approves it."""
    claim = article_records.get_claim(web.db(), claim_id)
    publishing.propose_correction(
        web.db(),
        claim,
        caller(),
        rating_slug=body.rating,
        explanation=body.explanation,
        reason=body.reason,
        headline=body.headline,
        expected_version=expected_version(body, claim),
    )
    return _claim(claim_id, 201)


@operation(
    "POST", "/claims/<int:claim_id>/comments", summary="Comment on a claim, or reply to a comment",
    responses={201: out.Comment}, auth=WRITE, body=into.NewComment, errors=(409,),
    idempotent=True, tag="review",
)  # fmt: skip
def add_comment(claim_id: int, body: into.NewComment) -> tuple[out.Comment, int]:
    claim = article_records.get_claim(web.db(), claim_id)
    comment = comments.add_comment(web.db(), claim, caller(), body.body, parent_id=body.parent_id)
    return serialize.comment(comment), 201


@operation(
    "GET", "/claims/<int:claim_id>/events", summary="The claim's history",
    responses={200: out.ClaimHistory},
)  # fmt: skip
def list_claim_events(claim_id: int) -> out.ClaimHistory:
    claim = article_records.get_claim(web.db(), claim_id)
    events = audit.history(web.db(), "claim", claim.id)
    return out.ClaimHistory(claim_id=claim.id, events=[serialize.event(e) for e in events])


assert articles and editing and reads  # imported for their operations (MODULES)
routes.register(bp)
