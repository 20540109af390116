"""What each page shows of a claim or an article, loaded with it in a few queries.

Templates render what their view gave them and never query (tests/test_render_queries.py
fails on a query issued while rendering). The reads that feed a page add these options, so
that every relationship the page follows arrives with the page's data instead of one lazy
load at a time while it renders.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from factcheck.domain.errors import NotFound
from factcheck.models import (
    Article,
    Claim,
    Correction,
    Evidence,
    Rating,
    ReviewVote,
    Verdict,
)

# A verdict as the desk shows it: rating, author, reviewer, votes and who cast them.
VERDICT_IN_FULL = (
    selectinload(Verdict.rating),
    selectinload(Verdict.author),
    selectinload(Verdict.reviewer),
    selectinload(Verdict.votes).selectinload(ReviewVote.editor),
)

# A verdict's rating as readers see it: with the definitions a verdict given in an earlier
# scale version shows (Verdict.rating_definition).
RATING_AS_GIVEN = selectinload(Verdict.rating).selectinload(Rating.earlier_definitions)

# What a published verdict's ClaimReview reads besides the claim: its rating, and the
# scale version it was given in (worstRating, bestRating).
CLAIMREVIEW_VERDICT = (selectinload(Verdict.rating), selectinload(Verdict.scale_version))

# A published claim as readers see it: rating, byline, sources, earlier check, replies,
# corrections.
PUBLISHED_CLAIM = (
    selectinload(Claim.published_verdict).options(
        RATING_AS_GIVEN,
        selectinload(Verdict.author),
        selectinload(Verdict.reviewer),
        selectinload(Verdict.scale_version),
    ),
    selectinload(Claim.topics),
    selectinload(Claim.evidence),
    selectinload(Claim.linked_entry),
    selectinload(Claim.replies),
    selectinload(Claim.corrections).options(
        # The first correction's previous verdict is the one the byline credits.
        selectinload(Correction.previous_verdict).options(
            selectinload(Verdict.rating),
            selectinload(Verdict.author),
            selectinload(Verdict.reviewer),
        ),
        selectinload(Correction.new_verdict).selectinload(Verdict.rating),
    ),
)

# A correction in readers' lists: both verdicts' ratings.
CORRECTION_RATINGS = (
    selectinload(Correction.previous_verdict).selectinload(Verdict.rating),
    selectinload(Correction.new_verdict).selectinload(Verdict.rating),
)

# The claim a correction in readers' lists names, and the fact-check (article) it is in.
CORRECTED_CLAIM = (selectinload(Correction.claim).joinedload(Claim.article),)

# A claim waiting for review: its sources and its verdicts beside each other, and the
# article (its text around the claim, and what the fact-check still lacks).
CLAIM_UNDER_REVIEW = (
    selectinload(Claim.article),
    selectinload(Claim.evidence),
    selectinload(Claim.verdicts).options(*VERDICT_IN_FULL),
    selectinload(Claim.published_verdict).selectinload(Verdict.rating),
)

# A claim in a desk list with its buttons: who holds it and its verdicts decide them.
CLAIM_WITH_ACTIONS = (
    selectinload(Claim.assignee),
    selectinload(Claim.verdicts),
)


def claim_at_work(session: Session, claim_id: int) -> Claim:
    """The claim with everything its work page shows, or NotFound."""
    query = (
        select(Claim)
        .where(Claim.id == claim_id)
        .options(
            joinedload(Claim.article),
            joinedload(Claim.assignee),
            joinedload(Claim.linked_entry),
            selectinload(Claim.evidence).options(
                selectinload(Evidence.added_by), selectinload(Evidence.snapshot)
            ),
            selectinload(Claim.verdicts).options(*VERDICT_IN_FULL),
            selectinload(Claim.published_verdict).selectinload(Verdict.rating),
            selectinload(Claim.topics),
        )
    )
    claim = session.scalars(query).unique().first()
    if claim is None:
        raise NotFound(f"There is no claim #{claim_id}.")
    return claim


def claim_preview(session: Session, claim_id: int) -> Claim:
    """The claim with what its reader's page shows, before publication, or NotFound."""
    query = (
        select(Claim)
        .where(Claim.id == claim_id)
        .options(
            joinedload(Claim.article),
            selectinload(Claim.verdicts).options(
                RATING_AS_GIVEN, selectinload(Verdict.author), selectinload(Verdict.reviewer)
            ),
            *PUBLISHED_CLAIM,
        )
    )
    claim = session.scalars(query).unique().first()
    if claim is None:
        raise NotFound(f"There is no claim #{claim_id}.")
    return claim


def article_in_triage(session: Session, article_id: int) -> Article:
    """The article with its claims and what the triage page shows of them, or NotFound."""
    query = (
        select(Article)
        .where(Article.id == article_id)
        .options(
            joinedload(Article.created_by),
            joinedload(Article.snapshot),
            joinedload(Article.previous_version),
            selectinload(Article.claims).options(*CLAIM_WITH_ACTIONS),
        )
    )
    article = session.scalars(query).unique().first()
    if article is None:
        raise NotFound(f"There is no article #{article_id}.")
    return article


def claim_counts(session: Session, article_ids: list[int]) -> dict[int, int]:
    """How many claims each article has (articles without any are left out)."""
    query = (
        select(Claim.article_id, func.count())
        .where(Claim.article_id.in_(article_ids))
        .group_by(Claim.article_id)
    )
    return {article_id: count for article_id, count in session.execute(query).tuples()}
