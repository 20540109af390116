"""Publishing rated summaries, correcting them openly, withdrawing them, and reading them.

What a claim must have before it is published is the standard in `publish_gate`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from factcheck import clock, wording
from factcheck.domain import (
    after_publication,
    audit,
    earlier_checks,
    loading,
    republishing,
    search,
    stored_suggestions,
    workflow,
)
from factcheck.domain import headlines as headlines_of
from factcheck.domain.errors import InvalidTransition, NotFound, Withdrawn
from factcheck.domain.modified import last_modified as last_modified
from factcheck.domain.publish_gate import (
    ClaimUrl as ClaimUrl,
)
from factcheck.domain.publish_gate import (
    NotPublishable as NotPublishable,
)
from factcheck.domain.publish_gate import (
    PublishContext as PublishContext,
)
from factcheck.domain.publish_gate import (
    approved_verdict,
    claim_problems,
)
from factcheck.domain.publish_gate import (
    lint_article as lint_article,
)
from factcheck.domain.publish_gate import (
    missing_details as missing_details,
)
from factcheck.domain.publish_gate import (
    review_document as review_document,
)
from factcheck.domain.republishing import withdraw_article as withdraw_article
from factcheck.domain.research import current_scale_version, rating_by_slug, ratings
from factcheck.domain.validation import KEEP, Unchanged, optional_text, required_text
from factcheck.domain.workflow import Action
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Correction,
    User,
    Verdict,
    VerdictStatus,
)


def preview(session: Session, claim_id: int) -> tuple[Claim, Verdict]:
    """The claim and the verdict its reader's page would show if it were published now:
    the published verdict's pending correction, else the latest verdict. NotFound while no
    verdict has been written."""
    claim = loading.claim_preview(session, claim_id)
    verdict = claim.current_verdict
    if verdict is None:
        raise NotFound(f"Claim #{claim_id} has no verdict yet: there is nothing to preview.")
    return claim, verdict


def publish_article(
    session: Session,
    article: Article,
    actor: User,
    *,
    context: PublishContext,
    summary: str | Unchanged | None = KEEP,
    headlines: Mapping[int, str | None] | None = None,
    republish: bool = False,
) -> list[Claim]:
    """Publish every approved claim of the article; return the claims published now.

    Claims still in work stay unpublished; publishing again later adds them. Nothing is
    published while the linter finds a required ClaimReview field missing, the headline
    included. The summary stays as it is when left out (KEEP); None clears it.
    `headlines` gives approved claims their headline by claim id; a claim left out keeps
    the one its verdict has. A withdrawn article comes back only when `republish` asks for
    it, with the claims published before (`republishing.coming_back`).
    """
    workflow.require(article, Action.PUBLISH, actor)
    _wait_for_other_publishers(session, article)
    republishing.require_republish(article, republish)
    approved = [c for c in article.claims if c.status == ClaimStatus.APPROVED]
    returning = article.status == ArticleStatus.WITHDRAWN and published_claims(article)
    if not approved and not returning and article.status == ArticleStatus.PUBLISHED:
        raise InvalidTransition(
            f"Article #{article.id} was published by "
            f"{audit.last_change(session, 'article', article.id)}; no approved claim is "
            "left to publish."
        )
    if not approved and not returning:
        raise InvalidTransition(
            f"Article #{article.id} has no approved claims to publish. "
            "Approve at least one verdict first."
        )
    if not isinstance(summary, Unchanged):
        article.summary = optional_text(summary, "summary", max_length=5000)
    headlines_of.write(approved, headlines or {})
    if problems := lint_article(session, article, context):
        raise NotPublishable(problems)
    _publish(session, article, approved, actor)
    return approved


def publish_claim(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    context: PublishContext,
    headline: str | None = None,
    summary: str | Unchanged | None = KEEP,
) -> None:
    """Publish this one approved claim of its article (with the article if not out yet),
    leaving its other claims as they are. Refused (InvalidTransition) while withdrawn (see
    `publish_article(republish=True)`), and (NotPublishable) while the claim fails
    PUBLISH_CHECKS. `headline` and `summary` as for `publish_article`."""
    article = claim.article
    workflow.require(article, Action.PUBLISH, actor)
    _wait_for_other_publishers(session, article)
    republishing.refuse_one_claim(article, claim)
    workflow.require(claim, Action.PUBLISH, actor)
    if headline:  # typed in the publish box; none keeps the verdict's own
        headlines_of.write([claim], {claim.id: headline})
    if not isinstance(summary, Unchanged):
        article.summary = optional_text(summary, "summary", max_length=5000)
    if problems := claim_problems(claim, ratings(session), context):
        raise NotPublishable(problems)
    _publish(session, article, [claim], actor)


def _publish(session: Session, article: Article, claims: list[Claim], actor: User) -> None:
    now = clock.now()
    if article.status == ArticleStatus.WITHDRAWN:
        # Republishing clears the withdrawal from the article: the claims readers saw taken
        # down keep it in their corrections log.
        after_publication.note_republication(session, published_claims(article), actor)
    for claim in claims:
        workflow.move(session, claim, Action.PUBLISH, actor)
        # The column, not the relationship: both rows exist, and the relationship's
        # post_update would be a second UPDATE of the claim, moving its version twice.
        # (Expired, the relationship is read again from the column when next used.)
        claim.published_verdict_id = approved_verdict(claim).id
        session.expire(claim, ["published_verdict"])
        claim.published_at = claim.published_at or now
        workflow.flush_claim(session, claim)
    _mark_published(session, article, actor, now, count=len(claims))
    for claim in published_claims(article):
        search.index_claim(session, claim)
    earlier_checks.index_published(session, published_claims(article))
    # Related fact-checks need the matcher: chosen after the commit, not while editors wait.
    enqueue_after_commit(session, "refresh_related", [c.id for c in published_claims(article)])
    # Our fact-check is now an earlier one for the articles still on the desk.
    stored_suggestions.request_refresh(session)


def _wait_for_other_publishers(session: Session, article: Article) -> None:
    """Editors publishing one article at once take turns: each waits for the one before
    to commit, then reads the article and its claims as that one left them (on SQLite,
    the write lock already makes writers take turns)."""
    # A bare row lock, as in review_panel.cast_vote: PostgreSQL refuses FOR UPDATE on the outer
    # joins an eagerly loaded article may carry. Expiring then re-reads under the lock.
    session.execute(select(Article.id).where(Article.id == article.id).with_for_update())
    for claim in article.claims:
        session.expire(claim)
    session.expire(article)


def _mark_published(
    session: Session, article: Article, actor: User, now: dt.datetime, *, count: int
) -> None:
    previous = article.status
    article.status = ArticleStatus.PUBLISHED
    article.withdrawn_reason = article.withdrawn_at = None
    article.published_at = article.published_at or now
    article.updated_at = now
    event = audit.record(
        session,
        actor=actor,
        entity_type="article",
        entity_id=article.id,
        action="publish",
        from_status=previous.value,
        to_status=article.status.value,
        note=wording.counted(count, "claim"),
    )
    if previous is ArticleStatus.WITHDRAWN:
        republishing.announce(session, event)
    session.flush()


def propose_correction(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    rating_slug: str | None,
    explanation: str | None,
    reason: str | None,
    headline: str | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Propose a new verdict for a published claim, with the reason readers will see.

    It goes to the review panel like any verdict (`review_panel.cast_vote`); readers keep seeing
    the published verdict until the panel approves the correction. Without a headline the
    published one carries over.
    """
    why = required_text(reason, "reason", max_length=5000)
    rating = rating_by_slug(session, rating_slug)
    text = required_text(explanation, "explanation", max_length=20000)
    title = optional_text(headline, "headline", max_length=headlines_of.MAX_HEADLINE)
    if title is None and claim.published_verdict_id is not None:
        # By id, not through the relationship: loading its post_update side would write the
        # claim a second time, moving its version twice.
        title = session.scalar(
            select(Verdict.headline).where(Verdict.id == claim.published_verdict_id)
        )
    workflow.transition(
        session,
        claim,
        Action.PROPOSE_CORRECTION,
        actor,
        note=f"{rating.label}: {why}",
        expected_version=expected_version,
    )
    verdict = Verdict(
        claim=claim,
        rating=rating,
        explanation=text,
        author_id=actor.id,
        status=VerdictStatus.SUBMITTED,
        scale_version_id=current_scale_version(session),
        correction_reason=why,
        headline=title,
    )
    session.add(verdict)
    # Touch the claim so that two proposals made at the same moment conflict on its version.
    claim.updated_at = clock.now()
    workflow.flush_claim(session, claim)
    return verdict


def apply_correction(
    session: Session, claim: Claim, verdict: Verdict, actor: User, *, note: str
) -> Correction:
    """The panel approved `verdict`: readers now see it, as a dated correction with the
    previous rating. `actor` cast the deciding vote."""
    previous = claim.published_verdict
    workflow.transition(session, claim, Action.CORRECT, actor, note=note)
    assert previous is not None  # published claims always have a published verdict
    now = clock.now()
    verdict.status = VerdictStatus.APPROVED
    verdict.reviewer_id = actor.id
    verdict.reviewed_at = now
    correction = Correction(
        claim_id=claim.id,
        previous_verdict_id=previous.id,
        new_verdict_id=verdict.id,
        reason=verdict.correction_reason or "",
        editor_id=verdict.author_id,
        created_at=now,
    )
    session.add(correction)
    claim.published_verdict = verdict
    claim.article.updated_at = now
    workflow.flush_claim(session, claim)
    search.index_claim(session, claim)
    return correction


def decline_correction(
    session: Session, claim: Claim, verdict: Verdict, actor: User, *, note: str
) -> None:
    """The panel declined the proposed correction: the published verdict stands."""
    workflow.transition(session, claim, Action.DECLINE_CORRECTION, actor, note=note)
    verdict.status = VerdictStatus.RETURNED
    verdict.reviewer_id = actor.id
    verdict.reviewed_at = clock.now()
    verdict.review_note = note
    workflow.flush_claim(session, claim)


# Reading ---------------------------------------------------------------------------------


def published_articles(session: Session, limit: int = 50) -> list[Article]:
    return _latest(session, ArticleStatus.PUBLISHED, Article.published_at, limit)


def _latest(session: Session, status: ArticleStatus, when: Any, limit: int) -> list[Article]:
    """Articles in `status`, the latest by `when` first."""
    query = (
        select(Article)
        .where(Article.status == status)
        .order_by(when.desc(), Article.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def published_article(session: Session, article_id: int) -> Article:
    """The article as readers may see it: published, or withdrawn with its reason."""
    query = (
        select(Article)
        .where(Article.id == article_id)
        .options(selectinload(Article.claims).options(*loading.PUBLISHED_CLAIM))
    )
    article = session.scalars(query).first()
    if article is None or article.status == ArticleStatus.TRIAGE:
        raise NotFound(f"There is no published fact-check #{article_id}.")
    return article


def published_claims(article: Article) -> list[Claim]:
    return [c for c in article.claims if c.status == ClaimStatus.PUBLISHED]


def public_claim(session: Session, claim_id: int) -> Claim:
    """A published claim of a published article, or NotFound."""
    query = (
        select(Claim)
        .where(Claim.id == claim_id)
        .options(joinedload(Claim.article), *loading.PUBLISHED_CLAIM)
    )
    claim = session.scalars(query).first()
    if (
        claim is not None
        and claim.status == ClaimStatus.PUBLISHED
        and claim.article.status == ArticleStatus.WITHDRAWN
    ):
        raise Withdrawn(f"The fact-check of claim #{claim_id} was withdrawn.", claim.article)
    if (
        claim is None
        or claim.status != ClaimStatus.PUBLISHED
        or claim.article.status != ArticleStatus.PUBLISHED
    ):
        raise NotFound(f"There is no published fact-check of claim #{claim_id}.")
    return claim


def corrections_of(session: Session, claim: Claim) -> list[Correction]:
    """The claim's corrections, oldest first (loaded with the claim when eager-loaded)."""
    return list(claim.corrections)


def withdrawn_articles(session: Session, limit: int = 50) -> list[Article]:
    """Fact-checks taken down, latest first: the corrections page lists them with why."""
    return _latest(session, ArticleStatus.WITHDRAWN, Article.withdrawn_at, limit)


def recent_corrections(session: Session, limit: int = 50) -> list[Correction]:
    """The latest corrections of fact-checks readers have seen, withdrawn ones included
    (corrections stay on the record), each with its claim and article."""
    query = (
        select(Correction)
        .join(Claim, Claim.id == Correction.claim_id)
        .join(Article, Article.id == Claim.article_id)
        .where(Article.status.in_((ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN)))
        .order_by(Correction.created_at.desc(), Correction.id.desc())
        .limit(limit)
        .options(*loading.CORRECTION_RATINGS, *loading.CORRECTED_CLAIM)
    )
    return list(session.scalars(query))
