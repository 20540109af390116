"""Build published fact-checks through the domain, the way the desk would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from factcheck import extraction
from factcheck.domain import (
    articles,
    candidates,
    publishing,
    queue,
    research,
    review_panel,
    scale,
)
from factcheck.domain.claimreview_jsonld import Publisher
from factcheck.domain.limits import Limits
from factcheck.domain.publishing import PublishContext
from factcheck.models import Article, Claim, User

CONTEXT = PublishContext(
    publisher=Publisher(name="Test Desk", url="https://desk.example"),
    claim_url=lambda claim: f"https://desk.example/claims/{claim.id}",
)

HEADLINE = "Tunnel traffic was close to the minister's figure, not above it"
BODY = (
    "The harbour tunnel carried 52,000 vehicles a day in 2025, the transport minister, "
    "Ana Silva, said on Monday.\n\nCritics say the toll should be scrapped."
)


def publish_one(
    session: Session,
    editor: User,
    approver: User,
    checker: User,
    **details: Any,
) -> tuple[Article, Claim]:
    """One article with one claim taken all the way to publication."""
    article, claim = approve_one(session, editor, approver, checker, **details)
    publishing.publish_article(
        session, article, editor, context=CONTEXT, summary="Close, but not quite."
    )
    session.commit()
    return article, claim


def publish_tunnels(
    session: Session, editor: User, approver: User, checker: User, numbers: range = range(3)
) -> list[tuple[Article, Claim]]:
    """One-claim fact-checks, each of its own article ("Tunnel 0", "Tunnel 1"... for each of
    `numbers`), for tests that count the queries of pages listing several."""
    return [
        publish_one(
            session,
            editor,
            approver,
            checker,
            title=f"Tunnel {n}",
            source_url=f"https://example.org/news/tunnel-{n}",
            body=f"The harbour tunnel carried {n + 50},000 vehicles a day in 2025, the "
            "transport minister, Ana Silva, said on Monday.",
        )
        for n in numbers
    ]


def approve_one(
    session: Session,
    editor: User,
    approver: User,
    checker: User,
    *,
    title: str = "Harbour tunnel traffic",
    body: str = BODY,
    rating: str = "mostly-true",
    explanation: str = "Traffic counts show **51,400** vehicles a day.",
    claimant: str = "Ana Silva",
    source_url: str = "https://example.org/news/tunnel",
    headline: str | None = HEADLINE,
) -> tuple[Article, Claim]:
    """One article with one claim approved and ready to publish, committed. The headline is
    set as an editor sets it in the publish box before publishing (None: not yet)."""
    article = articles.create_article(
        session,
        creator=editor,
        title=title,
        body=body,
        limits=Limits(max_chars=100_000),
        source_url=source_url,
        outlet="Harbour News",
        published_on=dt.date(2026, 2, 3),
    )
    if not article.claims:
        # These helpers test publishing, not extraction: when the extractor passes over the
        # sentence (it reads "closed for 14 days ... after floods" as a prediction, a known
        # miss, tests/extraction/test_kinds.py), the editor promotes it.
        first = extraction.extract(body)[0]
        candidates.promote_sentence(session, article, editor, first.start, first.end)
    claim = max(article.claims, key=lambda c: c.score)
    for other in article.claims:
        if other is not claim:
            articles.triage(session, other, "reject", editor, expected_version=None)
    articles.triage(session, claim, "accept", editor, expected_version=None)
    articles.edit_claim_details(
        session,
        claim,
        editor,
        claimant=claimant,
        claim_date=dt.date(2026, 2, 2),
        expected_version=None,
    )
    queue.assign(session, claim, checker, editor)
    research.add_evidence(
        session,
        claim,
        checker,
        url="https://example.org/counts",
        title="Traffic counts 2025",
        stance="refutes",
    )
    research.submit_verdict(session, claim, checker, rating_slug=rating, explanation=explanation)
    review_panel.approve(session, claim, approver)
    verdict = claim.current_verdict
    assert verdict is not None
    verdict.headline = headline
    session.commit()
    return article, claim


def correct_now(
    session: Session,
    claim: Claim,
    proposer: User,
    approver: User,
    *,
    rating: str,
    explanation: str,
    reason: str,
) -> None:
    """A correction proposed by one editor and approved by another (one approval needed)."""
    publishing.propose_correction(
        session, claim, proposer, rating_slug=rating, explanation=explanation, reason=reason
    )
    assert review_panel.approve(session, claim, approver) == "corrected"


def retire(session: Session, admin: User, slug: str, replacement: str) -> None:
    """An admin retires the rating `slug`, naming `replacement` (committed)."""
    scale.retire_rating(
        session,
        research.rating_by_slug(session, slug),
        admin,
        replacement=research.rating_by_slug(session, replacement),
    )
    session.commit()
