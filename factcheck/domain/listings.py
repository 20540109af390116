"""What readers' lists show of each fact-check: rating, headline, claimant and date.

Every list reads its rows in one query of plain columns (no ORM objects, no lazy loads),
so a list of any length costs one round trip. Claim lists page with a keyset cursor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from factcheck.domain import cursors
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Rating,
    Verdict,
    claim_topics,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class Listed:
    """One published claim as a list shows it."""

    id: int
    article_id: int
    text: str
    claimant: str | None
    published_at: dt.datetime
    rating_slug: str
    rating_label: str
    article_title: str
    # The editor's headline, which states the finding; older fact-checks may have none.
    verdict_headline: str | None

    @property
    def headline(self) -> str:
        """The line a list leads with: the finding, else the checked article's title."""
        return self.verdict_headline or self.article_title


@dataclass
class ListedArticle:
    """One published fact-check on the home page, with its rated claims."""

    id: int
    headline: str
    outlet: str | None
    summary: str | None
    published_at: dt.datetime
    claims: list[Listed] = field(default_factory=list)


@dataclass(frozen=True)
class ListPage:
    items: list[Listed]
    next_cursor: str | None


_COLUMNS = (
    Claim.id,
    Claim.article_id,
    Claim.text,
    Claim.claimant,
    Claim.published_at,
    Rating.slug,
    Rating.label,
    Article.title,
    Verdict.headline,
)


def _public() -> Select[Any]:
    return (
        select(*_COLUMNS)
        .join(Article, Article.id == Claim.article_id)
        .join(Verdict, Verdict.id == Claim.published_verdict_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .where(Claim.status == ClaimStatus.PUBLISHED, Article.status == ArticleStatus.PUBLISHED)
    )


def _rows(session: Session, statement: Select[Any]) -> list[Listed]:
    return [Listed(*row) for row in session.execute(statement)]


@dataclass(frozen=True)
class ArticlePage:
    items: list[ListedArticle]
    next_cursor: str | None


def latest_articles(
    session: Session, cursor: str | None = None, limit: int = PAGE_SIZE
) -> ArticlePage:
    """The newest published fact-checks after `cursor`, with their rated claims: one query
    (it reads one fact-check more than it shows, to know whether an older page follows)."""
    newest = (
        select(Article.id)
        .where(Article.status == ArticleStatus.PUBLISHED, *_after(cursor, Article))
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit + 1)
        .scalar_subquery()
    )
    statement = (
        _public()
        .add_columns(Article.outlet, Article.summary, Article.published_at)
        .where(Article.id.in_(newest))
        .order_by(Article.published_at.desc(), Article.id.desc(), Claim.position, Claim.id)
    )
    articles: dict[int, ListedArticle] = {}
    for row in session.execute(statement):
        item = Listed(*row[: len(_COLUMNS)])
        outlet, summary, published_at = row[len(_COLUMNS) :]
        article = articles.get(item.article_id)
        if article is None:
            article = articles[item.article_id] = ListedArticle(
                item.article_id, item.headline, outlet, summary, published_at
            )
        article.claims.append(item)
    for article in articles.values():
        if len(article.claims) > 1:  # one finding per claim: the article's own title leads
            article.headline = article.claims[0].article_title
    listed = list(articles.values())
    if len(listed) <= limit:
        return ArticlePage(listed, None)
    last = listed[limit - 1]
    return ArticlePage(listed[:limit], cursors.encode(last.published_at.isoformat(), last.id))


def _after(cursor: str | None, row: type[Article] | type[Claim] = Claim) -> list[Any]:
    """The rows published after the cursor's in newest-first order (claims, or articles)."""
    if not cursor:
        return []
    stamp, last_id = cursors.decode(cursor, lambda stamp, row_id: (cursors.moment(stamp), row_id))
    return [
        or_(
            row.published_at < stamp,
            and_(row.published_at == stamp, row.id < last_id),
        )
    ]


def claims_page(
    session: Session, *conditions: Any, cursor: str | None = None, limit: int = PAGE_SIZE
) -> ListPage:
    """Published claims meeting `conditions`, newest first, after `cursor`."""
    statement = (
        _public()
        .where(*conditions, *_after(cursor))
        .order_by(Claim.published_at.desc(), Claim.id.desc())
        .limit(limit + 1)
    )
    rows = _rows(session, statement)
    more = len(rows) > limit
    last = rows[limit - 1] if more else None
    next_cursor = cursors.encode(last.published_at.isoformat(), last.id) if last else None
    return ListPage(rows[:limit], next_cursor)


def by_rating(rating_id: int) -> Any:
    return Verdict.rating_id == rating_id


def by_claimant(claimant_id: int) -> Any:
    return Claim.claimant_id == claimant_id


def any_published(session: Session, condition: Any) -> bool:
    """Whether a published claim meets `condition` (`by_claimant`, `by_topic`, ...)."""
    return session.execute(_public().where(condition).limit(1)).first() is not None


def by_topic(topic_id: int) -> Any:
    return Claim.id.in_(select(claim_topics.c.claim_id).where(claim_topics.c.topic_id == topic_id))


def by_ids(session: Session, claim_ids: list[int]) -> list[Listed]:
    """These published claims, in the order given (unpublished ones are left out)."""
    if not claim_ids:
        return []
    found = {item.id: item for item in _rows(session, _public().where(Claim.id.in_(claim_ids)))}
    return [found[i] for i in claim_ids if i in found]
