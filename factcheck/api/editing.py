"""What the desk can change after the fact, over the API too: an article's details, a
source edited, removed or (once published) corrected, a claim reworded, split, merged or
scheduled, a published fact-check withdrawn. Each calls the same domain function as the
desk's view, under the same permission table (domain.workflow)."""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app

from factcheck import web
from factcheck.api import serialize
from factcheck.api.preconditions import expected_version
from factcheck.api.routes import WRITE, caller, operation
from factcheck.api.schemas import requests as into
from factcheck.api.schemas import responses as out
from factcheck.api.schemas.source_corrections import SourceCorrection
from factcheck.domain import articles, candidates, publishing, queue, research, source_corrections
from factcheck.domain.errors import InvalidInput
from factcheck.models import EDITORS


@operation(
    "PUT", "/evidence/<int:evidence_id>",
    summary="Change a source (the claim's holder); the history keeps what it said before",
    responses={200: out.Evidence}, auth=WRITE, body=into.EvidenceEdit, errors=(409, 410),
    versioned=True, tag="research",
)  # fmt: skip
def edit_evidence(evidence_id: int, body: into.EvidenceEdit) -> out.Evidence:
    evidence = research.get_evidence(web.db(), evidence_id)
    research.edit_evidence(
        web.db(),
        evidence,
        caller(),
        expected_version=expected_version(body, evidence),
        lease=_lease(),
        **body.source_fields(),
    )
    return serialize.evidence(evidence)


@operation(
    "DELETE", "/evidence/<int:evidence_id>",
    summary="Take a source off its claim (the claim's holder); it stays in the history",
    responses={204: None}, auth=WRITE, errors=(409, 410), versioned=True, tag="research",
)  # fmt: skip
def remove_evidence(evidence_id: int) -> Response:
    """`If-Match` may carry the evidence's version, to refuse removing a changed source."""
    evidence = research.get_evidence(web.db(), evidence_id)
    research.remove_evidence(
        web.db(), evidence, caller(), expected_version=expected_version(None, evidence)
    )
    return Response(status=204)


@operation(
    "POST", "/evidence/<int:evidence_id>/correction",
    summary="Correct a published source; readers see a dated correction, the rating stands",
    responses={200: out.Evidence}, auth=WRITE, roles=EDITORS, body=SourceCorrection,
    errors=(409, 410), versioned=True, tag="publishing",
)  # fmt: skip
def correct_source(evidence_id: int, body: SourceCorrection) -> out.Evidence:
    """What the desk's "Correct this source" does: the claim's corrections log says, dated,
    what the source read before and why. A stance that differs from the published one is
    refused (409): propose a correction of the rating instead. A new address is archived
    again."""
    evidence = research.get_evidence(web.db(), evidence_id)
    source_corrections.correct_source(
        web.db(),
        evidence,
        caller(),
        reason=body.reason,
        expected_version=expected_version(body, evidence),
        **body.source_fields(evidence),
    )
    return serialize.evidence(evidence)


@operation(
    "POST", "/claims/<int:claim_id>/reword", summary="Triage: change the claim's wording",
    responses={200: out.Claim}, auth=WRITE, roles=EDITORS, body=into.Rewording,
    errors=(409,), versioned=True, idempotent=True, tag="desk",
)  # fmt: skip
def reword_claim(claim_id: int, body: into.Rewording) -> out.Claim:
    """The source sentence and its place in the article stay; the history keeps the old
    wording."""
    claim = articles.get_claim(web.db(), claim_id)
    candidates.reword(
        web.db(), claim, caller(), body.text, expected_version=expected_version(body, claim)
    )
    return serialize.claim(claim)


@operation(
    "POST", "/articles/<int:article_id>/details",
    summary="Correct the article's title, outlet, address or date (what the article page edits)",
    responses={200: out.Article}, auth=WRITE, roles=EDITORS, body=into.ArticleDetails,
    errors=(409,), versioned=True, tag="articles",
)  # fmt: skip
def set_article_details(article_id: int, body: into.ArticleDetails) -> out.Article:
    """A field left out keeps its value; null clears the outlet, the address or the date.
    An article needs its address (`source_url`) before its fact-check can be published.
    The answer is the article as GET /articles/{article_id} shows it."""
    article = articles.get_article(web.db(), article_id)
    sent = body.model_fields_set
    articles.edit_article(
        web.db(),
        article,
        caller(),
        title=body.title if "title" in sent else article.title,
        outlet=body.outlet if "outlet" in sent else article.outlet,
        source_url=body.source_url if "source_url" in sent else article.source_url,
        published_on=body.published_on if "published_on" in sent else article.published_on,
        expected_version=expected_version(body, article),
    )
    return serialize.article(article)


@operation(
    "POST", "/articles/<int:article_id>/withdraw",
    summary="Take a published fact-check down; readers see that it was withdrawn, and why",
    responses={200: out.Article}, auth=WRITE, roles=EDITORS, body=into.Withdrawal,
    errors=(409,), tag="publishing",
)  # fmt: skip
def withdraw_article(article_id: int, body: into.Withdrawal) -> out.Article:
    article = articles.get_article(web.db(), article_id)
    publishing.withdraw_article(web.db(), article, caller(), reason=body.reason)
    return serialize.article(article)


@operation(
    "POST", "/claims/<int:claim_id>/schedule", summary="Set the claim's priority and due date",
    responses={200: out.Claim}, auth=WRITE, roles=EDITORS, body=into.Schedule,
    errors=(409,), versioned=True, tag="queue",
)  # fmt: skip
def schedule_claim(claim_id: int, body: into.Schedule) -> out.Claim:
    claim = articles.get_claim(web.db(), claim_id)
    queue.set_schedule(
        web.db(),
        claim,
        caller(),
        priority=body.priority,
        due_at=queue.due_at(body.due_on),
        expected_version=expected_version(body, claim),
    )
    return serialize.claim(claim)


@operation(
    "POST", "/claims/<int:claim_id>/split",
    summary="Triage: replace a compound candidate by atomic ones",
    responses={201: out.Article}, auth=WRITE, roles=EDITORS, body=into.Split,
    errors=(409,), versioned=True, tag="desk",
)  # fmt: skip
def split_claim(claim_id: int, body: into.Split) -> tuple[out.Article, int]:
    """The new candidates keep the sentence and its span; the claim split is rejected. The
    answer is the article with its claims."""
    claim = articles.get_claim(web.db(), claim_id)
    candidates.split_claim(
        web.db(), claim, caller(), body.parts, expected_version=expected_version(body, claim)
    )
    return serialize.article(articles.get_article(web.db(), claim.article_id)), 201


@operation(
    "POST", "/articles/<int:article_id>/merge",
    summary="Triage: replace several candidates of the article by one claim",
    responses={201: out.MergedClaim}, auth=WRITE, roles=EDITORS, body=into.Merge,
    errors=(409,), idempotent=True, tag="desk",
)  # fmt: skip
def merge_claims(article_id: int, body: into.Merge) -> tuple[out.MergedClaim, int]:
    """The merged claim keeps one claimant; `dropped_claimants` and `warning` name the
    others, as the desk does beside the merged claim."""
    article = articles.get_article(web.db(), article_id)
    claims = [articles.get_claim(web.db(), claim_id) for claim_id in body.claim_ids]
    if any(claim.article_id != article.id for claim in claims):
        raise InvalidInput(
            f"Only claims of article #{article.id} can be merged here.", field="claim_ids"
        )
    merged = candidates.merge_claims(web.db(), claims, caller(), body.text)
    return serialize.merged_claim(merged), 201


def _lease() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["LEASE_HOURS"])
