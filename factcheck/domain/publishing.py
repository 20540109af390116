"""Publishing an article's rated summary, and what readers can see."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit, workflow
from factcheck.domain.errors import InvalidTransition, NotFound, PermissionDenied
from factcheck.domain.validation import optional_text
from factcheck.models import Article, ArticleStatus, Claim, ClaimStatus, User


def publish_article(
    session: Session, article: Article, actor: User, *, summary: str | None = None
) -> list[Claim]:
    """Publish every approved claim of the article; return the claims published now.

    Claims still in work stay unpublished; publishing again later adds them.
    """
    if not actor.is_editor:
        raise PermissionDenied("Only editors can publish.")
    approved = [c for c in article.claims if c.status == ClaimStatus.APPROVED]
    if not approved:
        raise InvalidTransition(
            f"Article #{article.id} has no approved claims to publish. "
            "Approve at least one verdict first."
        )
    if summary is not None:
        article.summary = optional_text(summary, "summary", max_length=5000)
    for claim in approved:
        workflow.transition(session, claim, "publish", actor)
    previous = article.status
    article.status = ArticleStatus.PUBLISHED
    now = clock.now()
    article.published_at = article.published_at or now
    article.updated_at = now
    audit.record(
        session,
        actor=actor,
        entity_type="article",
        entity_id=article.id,
        action="publish",
        from_status=previous.value,
        to_status=article.status.value,
        note=f"{len(approved)} claim(s)",
    )
    session.flush()
    return approved


def published_articles(session: Session, limit: int = 50) -> list[Article]:
    query = (
        select(Article)
        .where(Article.status == ArticleStatus.PUBLISHED)
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def published_article(session: Session, article_id: int) -> Article:
    """The article as readers may see it; unpublished articles do not exist for them."""
    article = session.get(Article, article_id)
    if article is None or article.status != ArticleStatus.PUBLISHED:
        raise NotFound(f"There is no published fact-check #{article_id}.")
    return article


def published_claims(article: Article) -> list[Claim]:
    return [c for c in article.claims if c.status == ClaimStatus.PUBLISHED]
