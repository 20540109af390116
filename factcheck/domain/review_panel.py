"""Editorial review: a panel of editors votes on each submitted verdict, and on each
correction proposed for a published one.

The setting FACTCHECK_REQUIRED_APPROVALS (default 1) is the number of approvals a
verdict needs. Returns win once they are a majority of that number: with 1, one return
sends the claim back (or declines the correction); with 3, two do. Every vote is recorded,
and nobody votes on their own verdict or correction. Only the votes of editors who are
editors now count (:func:`counts`); when the votes that count come to decide without a
vote (an editor made an editor again), any editor who has voted takes that decision
(:func:`may_decide`), adding no vote.
"""

from __future__ import annotations

import enum

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session, selectinload

from factcheck import clock
from factcheck.domain import loading, publishing, workflow
from factcheck.domain.errors import Conflict, InvalidTransition
from factcheck.domain.validation import optional_text, required_text
from factcheck.domain.workflow import Action
from factcheck.models import (
    EDITORS,
    Claim,
    ClaimStatus,
    ReviewVote,
    User,
    Verdict,
    VerdictStatus,
    VoteChoice,
)
from factcheck.wording import counted


class VoteOutcome(enum.StrEnum):
    """What a vote decided: `approved` or `returned`, `recorded` while the panel waits for
    more votes; on a published claim, its proposed correction `corrected` or `declined`.
    The desk's message and the API's `outcome` both come from it."""

    APPROVED = "approved"
    RETURNED = "returned"
    RECORDED = "recorded"  # the panel waits for more votes
    CORRECTED = "corrected"  # a published claim's correction, approved: readers see it
    DECLINED = "declined"  # a published claim's correction, declined: the verdict stands


def _submitted_verdict(claim: Claim) -> Verdict:
    verdict = claim.current_verdict
    if verdict is None or verdict.status != VerdictStatus.SUBMITTED:
        raise InvalidTransition(f"Claim #{claim.id} has no verdict waiting for review.")
    return verdict


def returns_needed(required_approvals: int) -> int:
    """Returns that decide a verdict: a majority of the approvals it would need."""
    return required_approvals // 2 + 1


def counts(vote: ReviewVote) -> bool:
    """Whether `vote` still counts towards the panel's decision: its editor is an editor
    now, with the account on. A vote cast by someone since made a checker, or turned off,
    stays recorded and shown, but a verdict is published with the approval of as many
    editors as the newsroom asks for."""
    return vote.editor.active and vote.editor.role in EDITORS


def why_not_counted(vote: ReviewVote) -> str | None:
    """Why `vote` no longer counts, in the words the desk shows; None when it counts."""
    if counts(vote):
        return None
    return "account off" if not vote.editor.active else "not an editor now"


def _decision(choices: list[VoteChoice], required_approvals: int) -> VoteChoice | None:
    if choices.count(VoteChoice.APPROVE) >= required_approvals:
        return VoteChoice.APPROVE
    if choices.count(VoteChoice.RETURN) >= returns_needed(required_approvals):
        return VoteChoice.RETURN
    return None


def decision(votes: list[ReviewVote], required_approvals: int) -> VoteChoice | None:
    """What the votes that count (:func:`counts`) decide: approve once their approvals are
    enough, return once their returns are a majority of that number (approvals first, as
    a vote decides), None while the panel waits for more votes."""
    return _decision([vote.choice for vote in votes if counts(vote)], required_approvals)


def approvals_counted(votes: list[ReviewVote]) -> int:
    """The approvals among `votes` that count (:func:`counts`)."""
    return sum(1 for vote in votes if vote.choice == VoteChoice.APPROVE and counts(vote))


def votes_on(session: Session, verdict: Verdict) -> list[ReviewVote]:
    query = (
        select(ReviewVote)
        .where(ReviewVote.verdict_id == verdict.id)
        .order_by(ReviewVote.id)
        .options(selectinload(ReviewVote.editor))
    )
    return list(session.scalars(query))


def votes_on_each(session: Session, claims: list[Claim]) -> dict[int, list[ReviewVote]]:
    """The votes on each claim's verdict waiting for review, by claim id (one query)."""
    waiting = {c.current_verdict.id: c.id for c in claims if c.current_verdict is not None}
    found: dict[int, list[ReviewVote]] = {c.id: [] for c in claims}
    if waiting:
        query = (
            select(ReviewVote)
            .where(ReviewVote.verdict_id.in_(waiting))
            .order_by(ReviewVote.id)
            .options(selectinload(ReviewVote.editor))
        )
        for vote in session.scalars(query):
            found[waiting[vote.verdict_id]].append(vote)
    return found


def cast_vote(
    session: Session,
    claim: Claim,
    actor: User,
    choice: VoteChoice,
    *,
    note: str | None = None,
    required_approvals: int = 1,
    expected_version: int | None = None,
) -> VoteOutcome:
    """Record `actor`'s vote; approve or return the claim when the panel has decided.

    Return what the vote decided (a VoteOutcome): approved, returned or recorded (waiting
    for more votes); on a published claim, whose vote is on its proposed correction,
    corrected or declined once decided.
    """
    # Votes on one claim are counted one at a time: a vote waits for a concurrent one to
    # commit, then reads the claim and its verdict as that one left them (on SQLite,
    # BEGIN IMMEDIATE already serialises writers).
    # A bare row lock: the claim may have been loaded with outer-joined eager loads, and
    # PostgreSQL refuses FOR UPDATE on those. Expiring it then re-reads it under the lock.
    session.execute(select(Claim.id).where(Claim.id == claim.id).with_for_update())
    session.expire(claim)
    # A vote cast on an older copy hears who decided it meanwhile, not just "not allowed".
    workflow.check_version(session, claim, expected_version)
    workflow.require(claim, Action.VOTE, actor)
    if choice == VoteChoice.APPROVE and claim.status == ClaimStatus.PUBLISHED:
        workflow.require(claim, Action.CORRECT, actor)  # not while its fact-check is withdrawn
    verdict = _submitted_verdict(claim)
    earlier = votes_on(session, verdict)
    # A second press by an editor who voted is no vote: it takes the decision that the votes
    # that count already carry, and nothing else.
    deciding = vote_of(earlier, actor) is not None
    if deciding and choice != may_decide(earlier, actor, required_approvals):
        raise Conflict("You have already voted on this verdict.")
    text = (
        required_text(note, "note", max_length=5000)
        if choice == VoteChoice.RETURN and not deciding
        else optional_text(note, "note", max_length=5000)
    )
    choices = [vote.choice for vote in earlier if counts(vote)]
    if not deciding:
        session.add(ReviewVote(verdict_id=verdict.id, editor_id=actor.id, choice=choice, note=text))
        choices.append(choice)
    approvals = choices.count(VoteChoice.APPROVE)
    correcting = claim.status == ClaimStatus.PUBLISHED
    decided = _decision(choices, required_approvals)
    if decided == VoteChoice.APPROVE and correcting:
        note = f"{approvals} of {counted(required_approvals, 'approval')}"
        publishing.apply_correction(session, claim, verdict, actor, note=note)
        return VoteOutcome.CORRECTED
    if decided == VoteChoice.APPROVE:
        _decide(
            session,
            claim,
            verdict,
            actor,
            Action.APPROVE,
            VerdictStatus.APPROVED,
            note=f"{approvals} of {counted(required_approvals, 'approval')}",
        )
        return VoteOutcome.APPROVED
    if decided == VoteChoice.RETURN:
        notes = [vote.note for vote in earlier if vote.choice == VoteChoice.RETURN and vote.note]
        joined = "\n\n".join([*notes, text or ""]).strip()
        if correcting:
            publishing.decline_correction(session, claim, verdict, actor, note=joined)
            return VoteOutcome.DECLINED
        _decide(session, claim, verdict, actor, Action.RETURN, VerdictStatus.RETURNED, note=joined)
        return VoteOutcome.RETURNED
    workflow.transition(
        session,
        claim,
        Action.VOTE,
        actor,
        note=f"{choice.value} ({approvals} of {required_approvals} approvals)",
    )
    # A vote leaves the claim's version as it is: the verdict the next editor read is still
    # the one under review, so their vote from a page opened before this one counts too
    # (the row lock above counts concurrent votes one at a time). Only the claim's place in
    # the inbox moves, written past the ORM so that the version does not.
    session.execute(
        update(Claim.__table__)  # type: ignore[arg-type]
        .where(Claim.id == claim.id)
        .values(updated_at=clock.now())
    )
    session.expire(claim, ["updated_at"])
    return VoteOutcome.RECORDED


def _decide(
    session: Session,
    claim: Claim,
    verdict: Verdict,
    actor: User,
    action: Action,
    status: VerdictStatus,
    *,
    note: str,
) -> None:
    workflow.transition(session, claim, action, actor, note=note)
    verdict.status = status
    verdict.reviewer_id = actor.id
    verdict.reviewed_at = clock.now()
    if status == VerdictStatus.RETURNED:
        verdict.review_note = note
    workflow.flush_claim(session, claim)


def approve(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    required_approvals: int = 1,
    expected_version: int | None = None,
) -> VoteOutcome:
    """Vote to approve the submitted verdict (or the proposed correction). Nobody approves
    their own."""
    return cast_vote(
        session,
        claim,
        actor,
        VoteChoice.APPROVE,
        required_approvals=required_approvals,
        expected_version=expected_version,
    )


def return_to_checker(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    note: str | None,
    required_approvals: int = 1,
    expected_version: int | None = None,
) -> VoteOutcome:
    """Vote to send the claim back to its checker, with a note saying what to fix; on a
    published claim, to decline the proposed correction, saying why."""
    return cast_vote(
        session,
        claim,
        actor,
        VoteChoice.RETURN,
        note=note,
        required_approvals=required_approvals,
        expected_version=expected_version,
    )


def review_inbox(session: Session) -> list[Claim]:
    """Claims waiting for an editor: submitted verdicts and proposed corrections of
    published ones, oldest first."""
    proposed = exists().where(
        Verdict.claim_id == Claim.id, Verdict.status == VerdictStatus.SUBMITTED
    )
    query = (
        select(Claim)
        .where(
            or_(
                Claim.status == ClaimStatus.SUBMITTED,
                and_(Claim.status == ClaimStatus.PUBLISHED, proposed),
            )
        )
        .order_by(Claim.updated_at)
        .options(*loading.CLAIM_UNDER_REVIEW)
    )
    return list(session.scalars(query))


def returned_verdict(claim: Claim) -> Verdict | None:
    """The last verdict the editors returned, while the claim is back with its checker."""
    verdict = claim.current_verdict
    if (
        claim.status == ClaimStatus.RETURNED
        and verdict
        and verdict.status == VerdictStatus.RETURNED
    ):
        return verdict
    return None


def returned_note(claim: Claim) -> str | None:
    """The editors' note on the last returned verdict, while the claim is returned."""
    verdict = returned_verdict(claim)
    return verdict.review_note if verdict else None


# What a vote is cast with, on a verdict or on a proposed correction.
VOTING_ACTIONS = frozenset(
    {Action.APPROVE, Action.RETURN, Action.CORRECT, Action.DECLINE_CORRECTION}
)


def vote_of(votes: list[ReviewVote], user: User | None) -> ReviewVote | None:
    """`user`'s vote among `votes`, if they have cast one."""
    return next((vote for vote in votes if user and vote.editor_id == user.id), None)


def may_decide(
    votes: list[ReviewVote], user: User | None, required_approvals: int
) -> VoteChoice | None:
    """The decision `user` may take with no new vote: once they have voted, what the votes
    that count already decide (:func:`decision`), None otherwise. The votes that count
    change without a vote when an editor whose vote had stopped counting is made an editor
    again, or turned on: they can then decide with everyone's vote cast, and the verdict
    would wait for a vote nobody may cast. Anyone who has not voted yet simply votes, and
    their vote decides. Which editors may act at all is the workflow's (`Action.VOTE`)."""
    if vote_of(votes, user) is None:
        return None
    return decision(votes, required_approvals)


# The actions that take each decision, on a verdict and on a proposed correction.
_TAKING = {
    VoteChoice.APPROVE: frozenset({Action.APPROVE, Action.CORRECT}),
    VoteChoice.RETURN: frozenset({Action.RETURN, Action.DECLINE_CORRECTION}),
}


def still_to_vote(
    actions: list[Action], votes: list[ReviewVote], user: User | None, required_approvals: int
) -> list[Action]:
    """The actions offered to `user`: none of the voting ones once they have voted (a second
    vote is refused: "You have already voted on this verdict."), but those that take the
    decision the votes that count already carry (:func:`may_decide`)."""
    if vote_of(votes, user) is None:
        return actions
    decided = may_decide(votes, user, required_approvals)
    kept = _TAKING[decided] if decided else frozenset()
    return [action for action in actions if action not in VOTING_ACTIONS or action in kept]
