"""What /sitemap.xml lists: every public page of published work, with when it last changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    Claimant,
    ClaimStatus,
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
    """Every published fact-check, claim, topic, rating and claimant, in a stable order."""
    found = [
        Entry("factcheck", str(article_id), updated)
        for article_id, updated in session.execute(
            select(Article.id, Article.updated_at)
            .where(Article.status == ArticleStatus.PUBLISHED)
            .order_by(Article.id)
        )
    ]
    found += [
        Entry("claim", str(claim_id), updated)
        for claim_id, updated in session.execute(
            _published_claims(Claim.id, Claim.updated_at).order_by(Claim.id)
        )
    ]
    newest = func.max(Claim.published_at)
    found += [
        Entry("topic", slug, lastmod)
        for slug, lastmod in session.execute(
            _published_claims(Topic.slug, newest)
            .join(claim_topics, claim_topics.c.claim_id == Claim.id)
            .join(Topic, Topic.id == claim_topics.c.topic_id)
            .group_by(Topic.slug)
            .order_by(Topic.slug)
        )
    ]
    found += [
        Entry("rating", slug, lastmod)
        for slug, lastmod in session.execute(
            _published_claims(Rating.slug, newest)
            .join(Verdict, Verdict.id == Claim.published_verdict_id)
            .join(Rating, Rating.id == Verdict.rating_id)
            .group_by(Rating.slug)
            .order_by(Rating.slug)
        )
    ]
    found += [
        Entry("claimant", str(claimant_id), lastmod, name)
        for claimant_id, name, lastmod in session.execute(
            _published_claims(Claimant.id, Claimant.name, newest)
            .join(Claimant, Claimant.id == Claim.claimant_id)
            .group_by(Claimant.id, Claimant.name)
            .order_by(Claimant.id)
        )
    ]
    return found
