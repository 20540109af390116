"""Published claims for the Atom feeds: newest first, with their ratings and corrections (when
each was last modified: domain.modified) loaded; and the time an empty feed dates from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from factcheck.domain import modified
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Correction,
    Rating,
    ScaleVersion,
    Topic,
    Verdict,
    claim_topics,
)


def _public_claims_query() -> Select[tuple[Claim]]:
    return (
        select(Claim)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.status == ClaimStatus.PUBLISHED, Article.status == ArticleStatus.PUBLISHED)
        .options(
            selectinload(Claim.published_verdict).selectinload(Verdict.rating),
            selectinload(Claim.corrections),
        )
        .order_by(Claim.published_at.desc(), Claim.id.desc())
    )


def by_rating(session: Session, rating: Rating, limit: int = 100) -> list[Claim]:
    query = (
        _public_claims_query()
        .join(Verdict, Verdict.id == Claim.published_verdict_id)
        .where(Verdict.rating_id == rating.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def by_claimant(session: Session, claimant: str, limit: int = 100) -> list[Claim]:
    query = (
        _public_claims_query()
        .where(func.lower(Claim.claimant) == claimant.strip().lower())
        .limit(limit)
    )
    return list(session.scalars(query))


def by_topic(session: Session, topic: Topic, limit: int = 50) -> list[Claim]:
    query = (
        _public_claims_query()
        .join(claim_topics, claim_topics.c.claim_id == Claim.id)
        .where(claim_topics.c.topic_id == topic.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def recent(session: Session, limit: int = 50) -> list[Claim]:
    return list(session.scalars(_public_claims_query().limit(limit)))


def empty_corrections_since(session: Session) -> dt.datetime | None:
    """When an empty corrections feed last changed: the newest correction ever made (should
    one ever leave the feed), or, with none ever made, when the site was set up (its first
    scale version, written by the migrations). Stable until a correction is made."""
    newest = session.scalar(select(func.max(Correction.created_at)))
    if newest is not None:
        return newest
    return site_set_up(session)


def empty_since(
    session: Session, *, rating: Rating | None = None, topic: Topic | None = None
) -> dt.datetime | None:
    """The <updated> of an empty fact-check feed (all of them, a rating's or a topic's).

    A feed that once had entries dates from when it was emptied: the newest change to the
    claims readers saw in it (domain.modified: a correction, which may have moved the claim
    to another rating, else its publication) or the withdrawal of their fact-check, so that
    its <updated> never goes back in time. A feed that never had any dates from the site's
    set-up. (A claim taken off a topic leaves no date: that topic's feed counts it no more.)
    """
    newest = modified.newest_corrections()
    query = (
        select(func.max(modified.modified_at(newest)), func.max(Article.withdrawn_at))
        .select_from(Claim)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(newest, newest.c.claim_id == Claim.id)
        .where(Claim.published_at.is_not(None), Claim.published_verdict_id.is_not(None))
    )
    if rating is not None:
        rated_before = (
            select(Correction.claim_id)
            .join(Verdict, Verdict.id == Correction.previous_verdict_id)
            .where(Verdict.rating_id == rating.id)
        )
        query = query.join(Verdict, Verdict.id == Claim.published_verdict_id).where(
            or_(Verdict.rating_id == rating.id, Claim.id.in_(rated_before))
        )
    if topic is not None:
        query = query.join(claim_topics, claim_topics.c.claim_id == Claim.id).where(
            claim_topics.c.topic_id == topic.id
        )
    changed, withdrawn = session.execute(query).one()
    return max(filter(None, (changed, withdrawn)), default=None) or site_set_up(session)


def site_set_up(session: Session) -> dt.datetime | None:
    """When the site was set up (its first scale version, written by the migrations): the
    <updated> of an empty fact-check feed, which has no entry to date it."""
    first = select(ScaleVersion.created_at).order_by(ScaleVersion.id).limit(1)
    return session.scalar(first)
