"""Editorial review: approve a verdict, or return it with a note."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import workflow
from factcheck.domain.errors import InvalidTransition
from factcheck.domain.validation import required_text
from factcheck.models import Claim, ClaimStatus, User, Verdict, VerdictStatus


def _submitted_verdict(claim: Claim) -> Verdict:
    verdict = claim.current_verdict
    if verdict is None or verdict.status != VerdictStatus.SUBMITTED:
        raise InvalidTransition(f"Claim #{claim.id} has no verdict waiting for review.")
    return verdict


def approve(
    session: Session, claim: Claim, actor: User, *, expected_version: int | None = None
) -> Verdict:
    """Approve the submitted verdict. Nobody approves their own verdict."""
    verdict = _submitted_verdict(claim) if claim.status == ClaimStatus.SUBMITTED else None
    workflow.transition(session, claim, "approve", actor, expected_version=expected_version)
    assert verdict is not None  # the transition guarantees the claim was submitted
    verdict.status = VerdictStatus.APPROVED
    verdict.reviewer_id = actor.id
    verdict.reviewed_at = clock.now()
    workflow.flush_claim(session, claim)
    return verdict


def return_to_checker(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    note: str | None,
    expected_version: int | None = None,
) -> Verdict:
    """Send the claim back to its checker with a note saying what to fix."""
    text = required_text(note, "note", max_length=5000)
    verdict = _submitted_verdict(claim) if claim.status == ClaimStatus.SUBMITTED else None
    workflow.transition(
        session, claim, "return", actor, note=text, expected_version=expected_version
    )
    assert verdict is not None  # the transition guarantees the claim was submitted
    verdict.status = VerdictStatus.RETURNED
    verdict.reviewer_id = actor.id
    verdict.review_note = text
    verdict.reviewed_at = clock.now()
    workflow.flush_claim(session, claim)
    return verdict


def review_inbox(session: Session) -> list[Claim]:
    """Claims waiting for an editor, oldest submission first."""
    query = select(Claim).where(Claim.status == ClaimStatus.SUBMITTED).order_by(Claim.updated_at)
    return list(session.scalars(query))


def returned_note(claim: Claim) -> str | None:
    """The editor's note on the last returned verdict, while the claim is returned."""
    verdict = claim.current_verdict
    if (
        claim.status == ClaimStatus.RETURNED
        and verdict
        and verdict.status == VerdictStatus.RETURNED
    ):
        return verdict.review_note
    return None
