"""Extra conditions on some claim actions, beyond the status and role that
`domain.workflow.TRANSITIONS` checks: who may review what, and what a claim must have.
`domain.workflow` reads `GUARDS` for every check, so pages, the API and the domain agree.
"""

from __future__ import annotations

from collections.abc import Callable

from factcheck.domain.actions import Action
from factcheck.domain.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from factcheck.models import ArticleStatus, Claim, ClaimStatus, User, Verdict, VerdictStatus

A = Action


def pending_correction(claim: Claim) -> Verdict | None:
    """The correction of a published claim that waits for the panel, if any."""
    verdict = claim.current_verdict
    if (
        claim.status == ClaimStatus.PUBLISHED
        and verdict is not None
        and verdict.status == VerdictStatus.SUBMITTED
    ):
        return verdict
    return None


def _may_review(claim: Claim, actor: User) -> DomainError | None:
    """Nobody reviews their own verdict or correction; a published claim needs a proposal."""
    if claim.status == ClaimStatus.PUBLISHED:
        correction = pending_correction(claim)
        if correction is None:
            return InvalidTransition(f"No correction of claim #{claim.id} waits for review.")
        if correction.author_id == actor.id:
            return PermissionDenied("You proposed this correction; other editors must review it.")
        return None
    verdict = claim.current_verdict
    if verdict is not None and verdict.author_id == actor.id:
        return PermissionDenied("You wrote this verdict; other editors must review it.")
    return None


def _no_pending_correction(claim: Claim, actor: User) -> DomainError | None:
    if pending_correction(claim) is not None:
        return InvalidTransition(
            f"A correction of claim #{claim.id} is already waiting for review; "
            "vote on it, or let the panel decline it first."
        )
    return None


def _has_link(claim: Claim, actor: User) -> DomainError | None:
    if claim.linked_entry_id is None:
        return Conflict(f"Claim #{claim.id} is not linked to an earlier fact-check.")
    return None


def withdrawn_notice(claim: Claim) -> str | None:
    """Why the claim's work is held up, if its fact-check was withdrawn; else None."""
    article = claim.article
    if article.status != ArticleStatus.WITHDRAWN:
        return None
    return (
        f"Fact-check #{article.id} was withdrawn ({article.withdrawn_reason}). Its claims "
        "are not worked on until it is republished; drafts and sources are kept."
    )


def _unless_withdrawn(done: str) -> Callable[[Claim, User], DomainError | None]:
    """A guard refusing the action while the claim's fact-check is withdrawn."""

    def guard(claim: Claim, actor: User) -> DomainError | None:
        notice = withdrawn_notice(claim)
        return Conflict(f"Claim #{claim.id} cannot be {done}: {notice}") if notice else None

    return guard


def archiving(claim: Claim) -> Action:
    """What archiving a source of the claim counts as: its holder's work before
    publication; after it, an editor's correction of the source (its new address is
    archived again, and "Archive now" retries it)."""
    return A.CORRECT_SOURCE if claim.status == ClaimStatus.PUBLISHED else A.ADD_EVIDENCE


def _both(
    first: Callable[[Claim, User], DomainError | None],
    second: Callable[[Claim, User], DomainError | None],
) -> Callable[[Claim, User], DomainError | None]:
    """A guard refusing what either refuses (the first one's reason first)."""

    def guard(claim: Claim, actor: User) -> DomainError | None:
        return first(claim, actor) or second(claim, actor)

    return guard


# Extra conditions on some actions, beyond status and role: why not, or None.
GUARDS: dict[Action, Callable[[Claim, User], DomainError | None]] = {
    A.APPROVE: _may_review,
    A.RETURN: _may_review,
    A.VOTE: _may_review,
    # A withdrawn fact-check gets no new correction: readers would find it on /corrections.
    A.CORRECT: _both(_may_review, _unless_withdrawn("corrected")),
    A.DECLINE_CORRECTION: _may_review,
    A.PROPOSE_CORRECTION: _both(_no_pending_correction, _unless_withdrawn("corrected")),
    A.UNLINK_MATCH: _has_link,
    # A withdrawn fact-check's claims wait for its republication (republishing.py).
    A.TAKE: _unless_withdrawn("taken"),
    A.ASSIGN: _unless_withdrawn("assigned"),
    A.SUBMIT: _unless_withdrawn("submitted for review"),
}
