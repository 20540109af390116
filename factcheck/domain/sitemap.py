"""What /sitemap.xml lists: every public page of published work, with when it last changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from factcheck.domain import modified
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    Claimant,
    ClaimStatus,
    Correction,
    Rating,
    Topic,
    Verdict,
    claim_topics,
)

# The sitemap protocol's limit per file; past it /sitemap.xml becomes an index of files.
MAX_URLS = 50_000


@dataclass(frozen=True)
class Entry:
    """One page: its kind ("factcheck", "claim", "topic", "rating", "claimant") and key."""

    kind: str
    key: str
    lastmod: dt.datetime | None
    name: str | None = None  # a claimant's, for the readable part of its address


def _published_claims(*columns: Any) -> Select[Any]:
    return (
        select(*columns)
        .select_from(Claim)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.status == ClaimStatus.PUBLISHED, Article.status == ArticleStatus.PUBLISHED)
    )


def entries(session: Session) -> list[Entry]:
    """Every published fact-check, claim, topic, rating and claimant, in a stable order. A
    claim's lastmod is when readers last saw it change (domain.modified: its latest
    correction, rating changed or not, else its publication); a list's is its claims'
    newest, and a rating's also counts a claim that a correction moved off it."""
    newest = modified.newest_corrections()
    changed = modified.modified_at(newest)

    def claims(*columns: Any) -> Select[Any]:
        return _published_claims(*columns).outerjoin(newest, newest.c.claim_id == Claim.id)

    found = [
        Entry("factcheck", str(article_id), updated)
        for article_id, updated in session.execute(
            select(Article.id, Article.updated_at)
            .where(Article.status == ArticleStatus.PUBLISHED)
            .order_by(Article.id)
        )
    ]
    found += [
        Entry("claim", str(claim_id), lastmod)
        for claim_id, lastmod in session.execute(claims(Claim.id, changed).order_by(Claim.id))
    ]
    latest = func.max(changed)
    found += [
        Entry("topic", slug, lastmod)
        for slug, lastmod in session.execute(
            claims(Topic.slug, latest)
            .join(claim_topics, claim_topics.c.claim_id == Claim.id)
            .join(Topic, Topic.id == claim_topics.c.topic_id)
            .group_by(Topic.slug)
            .order_by(Topic.slug)
        )
    ]
    left = _left_by_correction(session)
    found += [
        Entry("rating", slug, max(filter(None, (lastmod, left.get(slug))), default=None))
        for slug, lastmod in session.execute(
            claims(Rating.slug, latest)
            .join(Verdict, Verdict.id == Claim.published_verdict_id)
            .join(Rating, Rating.id == Verdict.rating_id)
            .group_by(Rating.slug)
            .order_by(Rating.slug)
        )
    ]
    found += [
        Entry("claimant", str(claimant_id), lastmod, name)
        for claimant_id, name, lastmod in session.execute(
            claims(Claimant.id, Claimant.name, latest)
            .join(Claimant, Claimant.id == Claim.claimant_id)
            .group_by(Claimant.id, Claimant.name)
            .order_by(Claimant.id)
        )
    ]
    return found


def _left_by_correction(session: Session) -> dict[str, dt.datetime]:
    """By rating slug, when a correction last moved a published claim off that rating: the
    rating's list lost it then (the list it joined has the correction as the claim's own
    lastmod)."""
    before, after = aliased(Verdict), aliased(Verdict)
    query = (
        _published_claims(Rating.slug, func.max(Correction.created_at))
        .join(Correction, Correction.claim_id == Claim.id)
        .join(before, before.id == Correction.previous_verdict_id)
        .join(after, after.id == Correction.new_verdict_id)
        .join(Rating, Rating.id == before.rating_id)
        .where(before.rating_id != after.rating_id)
        .group_by(Rating.slug)
    )
    return {slug: at for slug, at in session.execute(query)}
