"""The claim workflow: one transition table that views, the API, templates and tests read.

Each entry maps (current status, action) to the new status, the roles allowed to act,
and whether only the claim's holder (its assignee) may act. Actions that keep the status
(rewording, adding evidence) are in the table too, so that one question — "may this
user do this to this claim now?" — has one answer everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from factcheck.domain import audit
from factcheck.domain.errors import (
    DomainError,
    InvalidTransition,
    PermissionDenied,
    StaleVersion,
)
from factcheck.models import EDITORS, STAFF, Claim, ClaimStatus, Role, User, Verdict, VerdictStatus

S = ClaimStatus
# The system itself (lease expiry) acts without a user.
SYSTEM: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Rule:
    to: ClaimStatus
    roles: frozenset[Role]
    holder_only: bool = False
    # With holder_only: roles that may act on a claim they do not hold (editors, say).
    holder_or: frozenset[Role] = frozenset()


TRANSITIONS: dict[tuple[ClaimStatus, str], Rule] = {
    # Triage
    (S.CANDIDATE, "accept"): Rule(S.QUEUED, EDITORS),
    (S.CANDIDATE, "reject"): Rule(S.REJECTED, EDITORS),
    (S.CANDIDATE, "reword"): Rule(S.CANDIDATE, EDITORS),
    (S.REJECTED, "restore"): Rule(S.CANDIDATE, EDITORS),
    # Split into several claims, or merged with others: the new claims replace this one.
    (S.CANDIDATE, "split"): Rule(S.REJECTED, EDITORS),
    (S.CANDIDATE, "merge"): Rule(S.REJECTED, EDITORS),
    (S.QUEUED, "reword"): Rule(S.QUEUED, EDITORS),
    # Who said it and when: editors fix it at any point before publication.
    **{
        (status, "edit_details"): Rule(status, EDITORS)
        for status in (S.CANDIDATE, S.QUEUED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED, S.APPROVED)
    },
    # Queue
    (S.QUEUED, "take"): Rule(S.IN_PROGRESS, STAFF),
    (S.QUEUED, "assign"): Rule(S.IN_PROGRESS, EDITORS),
    (S.IN_PROGRESS, "assign"): Rule(S.IN_PROGRESS, EDITORS),
    # A returned claim can go to another checker too (its checker is away, say); it stays
    # returned, so the new holder sees the editor's note and the evidence so far.
    (S.RETURNED, "assign"): Rule(S.RETURNED, EDITORS),
    (S.IN_PROGRESS, "unassign"): Rule(S.QUEUED, EDITORS),
    (S.IN_PROGRESS, "release"): Rule(S.QUEUED, STAFF, holder_only=True),
    (S.IN_PROGRESS, "expire"): Rule(S.QUEUED, SYSTEM),
    (S.QUEUED, "schedule"): Rule(S.QUEUED, EDITORS),
    (S.IN_PROGRESS, "schedule"): Rule(S.IN_PROGRESS, EDITORS),
    (S.RETURNED, "schedule"): Rule(S.RETURNED, EDITORS),
    # Research: the holder's work on the claim
    **{
        (status, action): Rule(status, STAFF, holder_only=True)
        for status in (S.IN_PROGRESS, S.RETURNED)
        for action in ("add_evidence", "edit_evidence", "remove_evidence", "save_draft")
    },
    (S.IN_PROGRESS, "submit"): Rule(S.SUBMITTED, STAFF, holder_only=True),
    (S.RETURNED, "submit"): Rule(S.SUBMITTED, STAFF, holder_only=True),
    # Review
    (S.SUBMITTED, "vote"): Rule(S.SUBMITTED, EDITORS),
    (S.SUBMITTED, "approve"): Rule(S.APPROVED, EDITORS),
    (S.SUBMITTED, "return"): Rule(S.RETURNED, EDITORS),
    # Right of reply happens alongside the work: its holder records it, or an editor. Readers
    # see it once published, so afterwards only editors add one (as a correction).
    **{
        (status, "record_reply"): Rule(status, STAFF, holder_only=True, holder_or=EDITORS)
        for status in (S.QUEUED, S.IN_PROGRESS, S.RETURNED, S.SUBMITTED, S.APPROVED)
    },
    (S.PUBLISHED, "record_reply"): Rule(S.PUBLISHED, EDITORS),
    **{(status, "comment"): Rule(status, STAFF) for status in S},
    # "Has this been checked before?": editors link or dismiss earlier fact-checks.
    **{
        (status, action): Rule(status, EDITORS)
        for status in (S.CANDIDATE, S.QUEUED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED, S.APPROVED)
        for action in ("link_match", "dismiss_match")
    },
    # Publishing
    (S.APPROVED, "publish"): Rule(S.PUBLISHED, EDITORS),
    # Corrections go through the same panel as verdicts: an editor proposes one, other
    # editors vote; "correct" is the deciding approval that readers then see, and
    # "decline_correction" the deciding return. Readers see the published verdict meanwhile.
    (S.PUBLISHED, "propose_correction"): Rule(S.PUBLISHED, EDITORS),
    (S.PUBLISHED, "vote"): Rule(S.PUBLISHED, EDITORS),
    (S.PUBLISHED, "correct"): Rule(S.PUBLISHED, EDITORS),
    (S.PUBLISHED, "decline_correction"): Rule(S.PUBLISHED, EDITORS),
}

ACTIONS = frozenset(action for _, action in TRANSITIONS)

# What each action is called on a button and in the history.
ACTION_LABELS = {
    "accept": "Accept",
    "reject": "Reject",
    "reword": "Reword",
    "split": "Split",
    "merge": "Merge",
    "split_from": "Split from another claim",
    "merge_from": "Merged from other claims",
    "edit_details": "Edit claimant and date",
    "restore": "Restore",
    "take": "Take",
    "assign": "Assign",
    "schedule": "Set priority and due date",
    "unassign": "Unassign",
    "release": "Release",
    "expire": "Lease expired",
    "add_evidence": "Add evidence",
    "edit_evidence": "Edit evidence",
    "remove_evidence": "Remove evidence",
    "save_draft": "Save draft",
    "vote": "Vote",
    "record_reply": "Record right of reply",
    "comment": "Comment",
    "link_match": "Link to an earlier fact-check",
    "dismiss_match": "Dismiss a suggestion",
    # Events outside the claim table: articles, imports, snapshots.
    "extract": "Extract",
    "promote": "Promote",
    "create": "Create",
    "edit": "Edit",
    "withdraw": "Withdraw",
    "archive_evidence": "Archive evidence",
    "submit": "Submit verdict",
    "approve": "Approve",
    "return": "Return",
    "publish": "Publish",
    "propose_correction": "Propose a correction",
    "correct": "Approve the correction",
    "decline_correction": "Decline the correction",
}


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


# Extra conditions on some actions, beyond status and role: why not, or None.
GUARDS: dict[str, Callable[[Claim, User], DomainError | None]] = {
    "approve": _may_review,
    "return": _may_review,
    "vote": _may_review,
    "correct": _may_review,
    "decline_correction": _may_review,
    "propose_correction": _no_pending_correction,
}


def _refusal(claim: Claim, action: str, actor: User | None) -> Exception | None:
    """Why `actor` may not perform `action` on `claim` now, or None if they may."""
    rule = TRANSITIONS.get((claim.status, action))
    if rule is None:
        return InvalidTransition(
            f"Cannot {action.replace('_', ' ')} claim #{claim.id}: it is {claim.status.value}."
        )
    if actor is None:
        if rule.roles:
            return PermissionDenied(f"{action} needs a signed-in user.")
        return None
    if actor.role not in rule.roles or not actor.active:
        return PermissionDenied(
            f"Your role ({actor.role.value}) cannot {action.replace('_', ' ')} claims."
        )
    if rule.holder_only and claim.assignee_id != actor.id and actor.role not in rule.holder_or:
        holder = claim.assignee.display_name if claim.assignee else "nobody"
        return PermissionDenied(f"Claim #{claim.id} is held by {holder}, not by you.")
    guard = GUARDS.get(action)
    return guard(claim, actor) if guard else None


def require(claim: Claim, action: str, actor: User | None) -> None:
    """Raise why `actor` may not perform `action` on `claim` now; return if they may."""
    refusal = _refusal(claim, action, actor)
    if refusal is not None:
        raise refusal


def can(claim: Claim, action: str, actor: User | None) -> bool:
    return _refusal(claim, action, actor) is None


def allowed_actions(claim: Claim, actor: User | None) -> list[str]:
    """The actions `actor` may take on `claim` now, in table order (for buttons)."""
    return [
        action
        for (status, action) in TRANSITIONS
        if status == claim.status and _refusal(claim, action, actor) is None
    ]


def check_version(
    session: Session, claim: Claim, expected_version: int | None, *, subject: str | None = None
) -> None:
    """Refuse a write based on an older copy, naming who changed the claim and when."""
    if expected_version is None or expected_version == claim.version:
        return
    raise StaleVersion(
        f"{subject or f'Claim #{claim.id}'} was changed by "
        f"{audit.last_change(session, 'claim', claim.id)} since you opened it. "
        "Your text is kept below; review the current version and try again."
    )


def transition(
    session: Session,
    claim: Claim,
    action: str,
    actor: User | None,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimStatus:
    """Perform `action` on `claim`: check state, role and version, move it, record an Event,
    and flush. Return the previous status. Raise InvalidTransition, PermissionDenied or
    StaleVersion and change nothing when the action is not allowed.
    """
    previous = move(session, claim, action, actor, note=note, expected_version=expected_version)
    flush_claim(session, claim)
    return previous


def move(
    session: Session,
    claim: Claim,
    action: str,
    actor: User | None,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimStatus:
    """`transition` without the flush, for an action that changes more of the claim: it
    makes its other changes, then calls `flush_claim` once, so the version moves once."""
    refusal = _refusal(claim, action, actor)
    if refusal is not None:
        raise refusal
    check_version(session, claim, expected_version)
    previous = claim.status
    claim.status = TRANSITIONS[(previous, action)].to
    audit.record(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claim.id,
        action=action,
        from_status=previous.value,
        to_status=claim.status.value,
        note=note,
    )
    return previous


def flush_claim(session: Session, claim: Claim) -> None:
    """Flush, turning a lost race on the version column into StaleVersion."""
    claim_id = claim.id  # read before flushing: a failed flush expires the instance
    try:
        # Flush now so that a concurrent writer is detected here, not at commit.
        session.flush()
    except StaleDataError as exc:
        raise StaleVersion(
            f"Claim #{claim_id} was changed by someone else at the same moment. "
            "Nothing was saved; reload and try again."
        ) from exc
