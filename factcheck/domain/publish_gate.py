"""The publishing standard: what a claim must have before readers see it.

One list of checks (PUBLISH_CHECKS) decides, for the article page, the claim page, the
publish buttons (disabled while a check fails), publishing itself and the API. Each check
gets the claim, the ClaimReview readers would get and the context, and returns problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import claimreview_jsonld
from factcheck.domain.claimreview_jsonld import LintProblem, Publisher
from factcheck.domain.errors import DomainError
from factcheck.domain.modified import last_modified
from factcheck.domain.research import DEFAULT_MIN_SOURCES, ratings
from factcheck.extraction.names import claimant_kind
from factcheck.models import Article, Claim, ClaimStatus, Rating, Verdict, VerdictStatus

ClaimUrl = Callable[[Claim], str]


class NotPublishable(DomainError):
    """Publishing was refused; `problems` says what to fix, claim by claim (one item each:
    pages list them, the API returns them)."""

    code = "not_publishable"
    status = 409

    def __init__(self, problems: list[LintProblem]) -> None:
        count = len(problems)
        super().__init__(f"Not published: {count} problem{'s' if count != 1 else ''} to fix first.")
        self.problems = problems


@dataclass(frozen=True)
class PublishContext:
    """What publishing needs from the outside: who we are, where claims live, and the
    standard a verdict keeps (FACTCHECK_MIN_SOURCES)."""

    publisher: Publisher
    claim_url: ClaimUrl
    min_sources: int = DEFAULT_MIN_SOURCES


def approved_verdict(claim: Claim) -> Verdict:
    verdict = claim.current_verdict
    assert verdict is not None and verdict.status == VerdictStatus.APPROVED
    return verdict


def review_document(
    claim: Claim, verdict: Verdict, scale: list[Rating], context: PublishContext
) -> dict[str, object]:
    return claimreview_jsonld.document(
        claim,
        verdict,
        scale,
        publisher=context.publisher,
        claim_url=context.claim_url(claim),
        date_published=claim.published_at or clock.now(),
        date_modified=last_modified(claim) or claim.published_at or clock.now(),
    )


def _claimreview_complete(
    claim: Claim, document: dict[str, Any], context: PublishContext
) -> list[LintProblem]:
    return claimreview_jsonld.lint(claim.id, document)


def _enough_sources(
    claim: Claim, document: dict[str, Any], context: PublishContext
) -> list[LintProblem]:
    count, needed = len(claim.evidence), context.min_sources
    if count >= needed:
        return []
    return [
        LintProblem(
            claim.id,
            "evidence",
            f"it has {count} source{'s' if count != 1 else ''}; a verdict needs at least {needed}",
            "Return the verdict to its checker to add the evidence.",
        )
    ]


# The publishing standard: each check gets the claim, the ClaimReview readers would get and
# the context, and returns what keeps the claim from publishing. Add a check here, and the
# article page, the preview, the publish buttons and the API all apply it.
PublishCheck = Callable[[Claim, dict[str, Any], PublishContext], list[LintProblem]]


def _claimant_named(
    claim: Claim, document: dict[str, Any], context: PublishContext
) -> list[LintProblem]:
    if not claim.claimant or not _names_nobody(claim):
        return []  # no claimant at all is claimreview_jsonld.lint's to name
    return [
        LintProblem(
            claim.id,
            "claimant",
            f"its claimant is the article's words “{claim.claimant}”, which name no one in"
            " particular",
            "Set who made the claim, by name, under “Who made the claim” on the claim's page.",
        )
    ]


PUBLISH_CHECKS: tuple[PublishCheck, ...] = (
    _claimreview_complete,
    _enough_sources,
    _claimant_named,
)


def claim_problems(claim: Claim, scale: list[Rating], context: PublishContext) -> list[LintProblem]:
    """What keeps this approved claim from publishing now; empty when it may go out."""
    document = review_document(claim, approved_verdict(claim), scale, context)
    return [problem for check in PUBLISH_CHECKS for problem in check(claim, document, context)]


def missing_details(claim: Claim) -> list[str]:
    """What the fact-check needs to know about the claim that nobody has set yet: asked for
    at triage, shown on every desk page of the claim, required at publication."""
    missing = []
    if not claim.claimant or _names_nobody(claim):
        missing.append("claimant")
    if claimreview_jsonld.claim_date(claim, claim.article) is None:
        missing.append("claim date")
    if not claim.article.source_url:
        missing.append("article URL")
    return missing


def _names_nobody(claim: Claim) -> bool:
    """The claimant is still the extractor's hint, words that name no one in particular
    ("government", "the report"): readers and ClaimReview need who it was."""
    return (
        claim.claimant_id is None
        and claimant_kind(claim.claimant or "", claim.claimant_role) is None
    )


def lint_article(session: Session, article: Article, context: PublishContext) -> list[LintProblem]:
    """The problems that would block publishing the article's approved claims now."""
    scale = ratings(session)
    return [
        problem
        for claim in article.claims
        if claim.status == ClaimStatus.APPROVED
        for problem in claim_problems(claim, scale, context)
    ]


def credited_verdict(claim: Claim, shown: Verdict) -> Verdict:
    """The verdict whose checker and editor the byline credits: the one first published.

    A correction replaces the rating readers see, not who checked the claim: the editor who
    proposed it is not its checker, and the page lists it under Corrections. `shown` is the
    verdict the page shows (a preview's, before anything is published).
    """
    corrections = claim.corrections
    return corrections[0].previous_verdict if corrections else shown
