"""Bringing a withdrawn fact-check back is one deliberate step: republishing the article,
which names the claims that return to readers. Publishing one of its claims is refused,
since it would bring every claim published before back with it, unannounced."""

from __future__ import annotations

from factcheck.domain.errors import InvalidTransition
from factcheck.models import Article, ArticleStatus, Claim, ClaimStatus

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
