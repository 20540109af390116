"""Withdrawing a published fact-check, and bringing it back.

Bringing it back is one deliberate step: republishing the article, which names the claims
that return to readers. Publishing one of its claims is refused, since it would bring every
claim published before back with it, unannounced. Both a withdrawal and a republication
are announced to webhook endpoints that asked for `withdrawal` events, since partners
showing the fact-check must take it down, or may show it again."""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit, earlier_checks, search, workflow
from factcheck.domain.actions import Action
from factcheck.domain.errors import InvalidTransition
from factcheck.domain.validation import required_text
from factcheck.jobs.outbox import IdOf, enqueue_after_commit
from factcheck.models import Article, ArticleStatus, Claim, ClaimStatus, Event, User

_COMING_BACK = (ClaimStatus.PUBLISHED, ClaimStatus.APPROVED)


def coming_back(article: Article) -> list[Claim]:
    """The claims readers would see again if the withdrawn article were republished now:
    those published before the withdrawal and those approved since, by id."""
    return sorted((c for c in article.claims if c.status in _COMING_BACK), key=lambda c: c.id)


def names(claims: list[Claim]) -> str:
    """'claims #3, #5' or 'claim #3'."""
    ids = ", ".join(f"#{c.id}" for c in claims)
    return f"claim{'s' if len(claims) != 1 else ''} {ids}"


def refuse_one_claim(article: Article, claim: Claim) -> None:
    """InvalidTransition if `article` is withdrawn: one claim cannot bring it back."""
    if article.status != ArticleStatus.WITHDRAWN:
        return
    raise InvalidTransition(
        f"Fact-check #{article.id} is withdrawn ({article.withdrawn_reason}), so claim "
        f"#{claim.id} cannot be published on its own: that would bring the whole fact-check "
        "back. Republish the fact-check from its desk page if it should return; that brings "
        f"back {names(coming_back(article))}."
    )


def require_republish(article: Article, republish: bool) -> None:
    """InvalidTransition if `article` is withdrawn and the caller did not ask to republish."""
    if article.status != ArticleStatus.WITHDRAWN or republish:
        return
    raise InvalidTransition(
        f"Fact-check #{article.id} is withdrawn ({article.withdrawn_reason}). Publishing it "
        f"again republishes it, bringing back {names(coming_back(article))}: ask for that "
        "explicitly (Republish on its desk page; `republish: true` in the API)."
    )


def withdraw_article(
    session: Session, article: Article, actor: User, *, reason: str | None
) -> None:
    """Take a published fact-check down; readers see that it was withdrawn, and why."""
    workflow.require(article, Action.WITHDRAW, actor)
    why = required_text(reason, "reason", max_length=5000)
    article.status = ArticleStatus.WITHDRAWN
    article.withdrawn_reason = why
    article.withdrawn_at = article.updated_at = clock.now()
    event = audit.record(
        session,
        actor=actor,
        entity_type="article",
        entity_id=article.id,
        action=Action.WITHDRAW,
        from_status=ArticleStatus.PUBLISHED.value,
        to_status=ArticleStatus.WITHDRAWN.value,
        note=why,
    )
    announce(session, event)
    taken_down = [c for c in article.claims if c.status == ClaimStatus.PUBLISHED]
    for claim in taken_down:
        search.unindex_claim(session, claim)
    earlier_checks.unindex(session, taken_down)
    session.flush()


def announce(session: Session, event: Event) -> None:
    """Queue the webhook deliveries of a withdrawal or a republication, after the commit."""
    enqueue_after_commit(session, "webhooks_for_event", IdOf(event))
