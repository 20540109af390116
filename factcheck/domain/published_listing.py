"""Readers' lists of published fact-checks: filters and keyset pagination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from factcheck import clock
from factcheck.domain import cursors, loading
from factcheck.domain.errors import InvalidInput
from factcheck.domain.validation import calendar_date, whole_number
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Correction,
    Rating,
    Verdict,
)

MAX_PAGE = 100


@dataclass(frozen=True)
class PublishedQuery:
    rating: str | None = None
    claimant: str | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    cursor: str | None = None
    limit: int = 20


@dataclass
class PublishedPage:
    items: list[Article]
    next_cursor: str | None


def _date(params: Mapping[str, str], key: str) -> dt.date | None:
    return calendar_date(params.get(key), key)


def parse(params: Mapping[str, str]) -> PublishedQuery:
    limit = whole_number((params.get("limit") or "20").strip(), "limit", low=1, high=MAX_PAGE)
    return PublishedQuery(
        rating=(params.get("rating") or "").strip() or None,
        claimant=(params.get("claimant") or "").strip() or None,
        published_from=_date(params, "from"),
        published_to=_date(params, "to"),
        cursor=(params.get("cursor") or "").strip() or None,
        limit=limit or 20,
    )


def _encode(article: Article) -> str:
    assert article.published_at is not None
    return cursors.encode(article.published_at.isoformat(), article.id)


def _decode(cursor: str) -> tuple[dt.datetime, int]:
    return cursors.decode(cursor, lambda stamp, article_id: (cursors.moment(stamp), article_id))


def _claim_filter(query: PublishedQuery) -> list[Any]:
    """Conditions on an article's published claims (rating, claimant)."""
    conditions = [Claim.article_id == Article.id, Claim.status == ClaimStatus.PUBLISHED]
    if query.rating:
        conditions.append(
            exists().where(
                Verdict.id == Claim.published_verdict_id,
                Verdict.rating_id == Rating.id,
                Rating.slug == query.rating,
            )
        )
    if query.claimant:
        conditions.append(func.lower(Claim.claimant) == query.claimant.lower())
    return conditions


def check(session: Session, query: PublishedQuery) -> None:
    """Refuse (InvalidInput, naming the parameter) filters that could match nothing however
    much is published: a rating slug the scale never had, a `from` after `to`. A retired
    rating's slug is accepted: readers still list the fact-checks given with it."""
    start, end = query.published_from, query.published_to
    if start and end and start > end:
        raise InvalidInput(
            f"'from' ({start.isoformat()}) is after 'to' ({end.isoformat()}): swap them.",
            field="from",
        )
    if (
        query.rating
        and session.scalar(select(Rating.id).where(Rating.slug == query.rating)) is None
    ):
        slugs = session.scalars(select(Rating.slug).order_by(Rating.ordinal.desc(), Rating.id))
        raise InvalidInput(
            f"Unknown rating {query.rating!r}. Choose one of: {', '.join(slugs)}.", field="rating"
        )


def published_page(session: Session, query: PublishedQuery) -> PublishedPage:
    """One page of published articles, newest first, after `query.cursor`; InvalidInput for
    filters :func:`check` refuses."""
    check(session, query)
    statement = select(Article).where(Article.status == ArticleStatus.PUBLISHED)
    if query.rating or query.claimant:
        statement = statement.where(exists().where(*_claim_filter(query)))
    if query.published_from:
        start = clock.local_moment(query.published_from, 0)
        statement = statement.where(Article.published_at >= start)
    if query.published_to:
        end = clock.local_moment(query.published_to + dt.timedelta(days=1), 0)
        statement = statement.where(Article.published_at < end)
    if query.cursor:
        stamp, last_id = _decode(query.cursor)
        statement = statement.where(
            or_(
                Article.published_at < stamp,
                and_(Article.published_at == stamp, Article.id < last_id),
            )
        )
    statement = statement.order_by(Article.published_at.desc(), Article.id.desc()).options(
        selectinload(Article.claims).options(
            selectinload(Claim.published_verdict).options(loading.RATING_AS_GIVEN),
            selectinload(Claim.evidence),
            selectinload(Claim.topics),
            selectinload(Claim.corrections).options(
                selectinload(Correction.previous_verdict).selectinload(Verdict.rating),
                selectinload(Correction.new_verdict).selectinload(Verdict.rating),
            ),
        )
    )
    rows = list(session.scalars(statement.limit(query.limit + 1)))
    next_cursor = _encode(rows[query.limit - 1]) if len(rows) > query.limit else None
    return PublishedPage(rows[: query.limit], next_cursor)


def claims_after(session: Session, after_id: int, *, limit: int) -> list[Claim]:
    """Published claims of published articles with ids above `after_id`, in id order."""
    statement = (
        select(Claim)
        .join(Article, Article.id == Claim.article_id)
        .where(
            Claim.status == ClaimStatus.PUBLISHED,
            Article.status == ArticleStatus.PUBLISHED,
            Claim.id > after_id,
        )
        .order_by(Claim.id)
        .limit(limit)
        .options(
            selectinload(Claim.article),
            selectinload(Claim.claimant_record),
            selectinload(Claim.published_verdict).options(*loading.CLAIMREVIEW_VERDICT),
            selectinload(Claim.corrections),  # dateModified (domain.modified)
        )
    )
    return list(session.scalars(statement))
