"""Evidence and verdicts: the checker's work on a claim."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import workflow
from factcheck.domain.errors import InvalidInput, NotFound
from factcheck.domain.queue import DEFAULT_LEASE, renew_lease
from factcheck.domain.validation import optional_text, required_text, web_url
from factcheck.models import (
    Claim,
    Evidence,
    Rating,
    Snapshot,
    Stance,
    User,
    Verdict,
    VerdictStatus,
)

MAX_EXCERPT = 5000
MAX_EXPLANATION = 20000


def add_evidence(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    url: str | None,
    stance: str | None,
    title: str | None = None,
    publisher: str | None = None,
    excerpt: str | None = None,
    accessed_on: dt.date | None = None,
    lease: dt.timedelta = DEFAULT_LEASE,
) -> Evidence:
    """Record a source for the claim; only its holder may, and it renews their lease."""
    evidence = Evidence(
        claim_id=claim.id,
        url=web_url(url, "URL", required=True),
        stance=parse_stance(stance),
        title=optional_text(title, "title", max_length=300),
        publisher=optional_text(publisher, "publisher", max_length=200),
        excerpt=optional_text(excerpt, "excerpt", max_length=MAX_EXCERPT),
        accessed_on=accessed_on or clock.now().date(),
        added_by_id=actor.id,
    )
    workflow.transition(session, claim, "add_evidence", actor, note=evidence.url)
    session.add(evidence)
    renew_lease(claim, lease=lease)
    workflow.flush_claim(session, claim)
    return evidence


def parse_stance(value: str | None) -> Stance:
    try:
        return Stance((value or "").strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Stance)
        raise InvalidInput(
            f"Unknown stance {value!r}. Choose one of: {choices}.", field="stance"
        ) from None


def ratings(session: Session) -> list[Rating]:
    """The rating scale, most true first."""
    return list(session.scalars(select(Rating).order_by(Rating.ordinal.desc())))


def rating_by_slug(session: Session, slug: str | None) -> Rating:
    rating = session.scalars(select(Rating).where(Rating.slug == (slug or "").strip())).first()
    if rating is None:
        choices = ", ".join(r.slug for r in ratings(session))
        raise InvalidInput(f"Unknown rating {slug!r}. Choose one of: {choices}.", field="rating")
    return rating


def submit_verdict(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    rating_slug: str | None,
    explanation: str | None,
    expected_version: int | None = None,
) -> Verdict:
    """Propose a rating with its explanation and send the claim for review."""
    rating = rating_by_slug(session, rating_slug)
    text = required_text(explanation, "explanation", max_length=MAX_EXPLANATION)
    workflow.transition(
        session, claim, "submit", actor, note=rating.label, expected_version=expected_version
    )
    verdict = Verdict(
        claim=claim,
        rating=rating,
        explanation=text,
        author_id=actor.id,
        status=VerdictStatus.SUBMITTED,
    )
    session.add(verdict)
    claim.lease_expires_at = None  # under review: nothing to expire
    workflow.flush_claim(session, claim)
    return verdict


def touch(claim: Claim, *, lease: dt.timedelta = DEFAULT_LEASE) -> None:
    """Work on the claim: keep it with its checker a little longer."""
    renew_lease(claim, lease=lease)


def get_evidence(session: Session, evidence_id: int) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound(f"There is no evidence #{evidence_id}.")
    return evidence


def get_snapshot(session: Session, snapshot_id: int) -> Snapshot:
    snapshot = session.get(Snapshot, snapshot_id)
    if snapshot is None:
        raise NotFound(f"There is no snapshot #{snapshot_id}.")
    return snapshot
