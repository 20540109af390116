"""Related fact-checks: up to three of the desk's own published claims like each one.

The matcher (earlier_checks.search, over our own entries only) chooses them in a job after
publication and they are stored (related_claims), so the public page reads three ids
instead of matching on every render. Publishing a claim refreshes its own list and the
lists of the claims it found, where it may now belong. Reading keeps only what is still
published, so a withdrawn fact-check drops out at once.

Only matches of at least the desk's weak confidence (explain.WEAK, docs/matching.md) are
related: below it, two fact-checks share common words ("government", "said", "14") and
little else, and the desk shows nothing either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from factcheck.domain import earlier_checks, listings
from factcheck.domain.match_index import OURS, made_on
from factcheck.domain.match_search import Scope
from factcheck.matching.explain import WEAK
from factcheck.models import Article, ArticleStatus, Claim, ClaimStatus, RelatedClaim

SHOWN = 3
MIN_CONFIDENCE = WEAK


def _published(session: Session, claim_ids: Iterable[int]) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim)
            .join(Article, Article.id == Claim.article_id)
            .where(
                Claim.id.in_(sorted(set(claim_ids))),
                Claim.status == ClaimStatus.PUBLISHED,
                Article.status == ArticleStatus.PUBLISHED,
            )
            .order_by(Claim.id)
        )
    )


def choose(session: Session, claim: Claim) -> list[int]:
    """The ids of the claims most like this one, best first: ours, published, never of
    the same fact-check (article), each matched with at least MIN_CONFIDENCE."""
    matches = earlier_checks.search(
        session,
        claim.text,
        k=SHOWN,
        made=made_on(claim),
        scope=Scope(ours_only=True, exclude_article=claim.article_id),
        hidden=frozenset({f"{OURS}{claim.id}"}),
    )
    return [
        int(m.entry_id.removeprefix(OURS))
        for m in matches
        if m.entry_id.startswith(OURS) and m.confidence >= MIN_CONFIDENCE
    ]


def store(session: Session, claim: Claim, related_ids: list[int]) -> None:
    session.execute(delete(RelatedClaim).where(RelatedClaim.claim_id == claim.id))
    if related_ids:
        session.execute(
            insert(RelatedClaim),
            [
                {"claim_id": claim.id, "related_id": related_id, "position": position}
                for position, related_id in enumerate(related_ids)
            ],
        )


def refresh_around(session: Session, claim_ids: Iterable[int]) -> int:
    """Choose again for these claims and for the claims they found; return how many
    lists were refreshed."""
    claims = _published(session, claim_ids)
    found: set[int] = set()
    for claim in claims:
        chosen = choose(session, claim)
        store(session, claim, chosen)
        found.update(chosen)
    neighbours = _published(session, found - {c.id for c in claims})
    for claim in neighbours:
        store(session, claim, choose(session, claim))
    session.flush()
    return len(claims) + len(neighbours)


def refresh_all(
    session: Session, *, batch: int = 200, on_batch: Callable[[Session, int], None] | None = None
) -> int:
    """Choose again for every published claim (after the rule for choosing changed); return
    how many lists were refreshed. ``on_batch(session, count)`` runs after each batch."""
    ids = list(
        session.scalars(
            select(Claim.id)
            .join(Article, Article.id == Claim.article_id)
            .where(Claim.status == ClaimStatus.PUBLISHED, Article.status == ArticleStatus.PUBLISHED)
            .order_by(Claim.id)
        )
    )
    for start in range(0, len(ids), batch):
        claims = _published(session, ids[start : start + batch])
        for claim in claims:
            store(session, claim, choose(session, claim))
        session.flush()  # write the batch's lists before the caller commits them
        if on_batch is not None:
            on_batch(session, len(claims))
    return len(ids)


def for_claims(
    session: Session, claim_ids: list[int], *, exclude_article: int
) -> list[listings.Listed]:
    """Up to three related fact-checks of these claims (one page's), still published,
    none of the page's own article, best first."""
    if not claim_ids:
        return []
    rows = session.execute(
        select(RelatedClaim.related_id)
        .where(RelatedClaim.claim_id.in_(claim_ids))
        .order_by(RelatedClaim.position, RelatedClaim.claim_id)
    ).scalars()
    ordered = list(dict.fromkeys(rows))
    shown = [i for i in listings.by_ids(session, ordered) if i.article_id != exclude_article]
    return shown[:SHOWN]
