"""Taking back a claim whose lease ran out, by the checker who held it.

`take_next` hands out whatever comes first in the queue, so a checker whose lease ran out
mid-verdict could not get *that* claim again. Only they may take it back, and only while it
waits in the queue unheld: anyone else, or a claim an editor gave away, goes by the queue's
order and the editors' assignments as before. The take is the workflow's TAKE, done with
one conditional UPDATE as take-next does it, and recorded as a take.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, bindparam, select, update
from sqlalchemy.orm import Session, selectinload

from factcheck import clock
from factcheck.domain import audit, drafts, queue, workflow
from factcheck.domain.errors import Conflict
from factcheck.domain.validation import KEEP, Unchanged
from factcheck.domain.workflow import Action
from factcheck.models import Claim, ClaimStatus, Event, User

_TAKE = workflow.TRANSITIONS[(ClaimStatus.QUEUED, Action.TAKE)]
# Events that change who holds a claim (a take records no previous holder: it had none).
_HOLDER_EVENTS = tuple(str(action) for action in (*workflow.HOLDER_CHANGES, Action.TAKE))

# The claim goes to the taker only if it is still queued, unheld, not withdrawn and free of
# a conflict of theirs when the row is written: a take-next meanwhile makes this a no-op.
_TAKE_BACK = (
    update(Claim.__table__)  # type: ignore[arg-type]  # Core, as take-next: no ORM bookkeeping
    .where(
        Claim.id == bindparam("claim_id", type_=Integer),
        Claim.status == ClaimStatus.QUEUED,
        Claim.assignee_id.is_(None),
        queue.NOT_WITHDRAWN,
        ~queue.conflict_clause(bindparam("taker_id", type_=Integer)),
    )
    .values(queue.TAKE_VALUES)
    .returning(Claim.id)
)


def last_holder_change(session: Session, claim: Claim) -> Event | None:
    """The latest event that gave the claim to someone or took it from them."""
    query = (
        select(Event)
        .where(
            Event.entity_type == "claim",
            Event.entity_id == claim.id,
            Event.action.in_(_HOLDER_EVENTS),
        )
        .order_by(Event.id.desc())
        .limit(1)
        .options(selectinload(Event.actor))
    )
    return session.scalars(query).first()


def may_take_back(session: Session, claim: Claim, actor: User) -> bool:
    """Whether `actor` would be offered "Take claim #N back": their lease on it ran out and
    it waits in the queue for anyone (the button; `take_back` checks it all again)."""
    if claim.status != ClaimStatus.QUEUED or claim.assignee_id is not None:
        return False
    last = last_holder_change(session, claim)
    return (
        last is not None
        and last.action == Action.EXPIRE.value
        and last.previous_assignee_id == actor.id
        and workflow.can(claim, Action.TAKE, actor)
    )


def take_back(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    lease: dt.timedelta = queue.DEFAULT_LEASE,
    rating_slug: str | Unchanged | None = KEEP,
    explanation: str | Unchanged | None = KEEP,
) -> Claim:
    """Give `claim` back to `actor`, whose lease on it ran out, if it still waits in the
    queue unheld; then keep what they had typed (`rating_slug`, `explanation`: the form the
    lapse refused) as their draft. Flush; return the claim. Already theirs again: nothing
    changes (a second click). Raise Conflict when someone else has it or the lapsed lease was
    not theirs (the claim's history refuses, not their role), and InvalidTransition or
    Conflict as a take would (not queued; withdrawn; a conflict of interest)."""
    if claim.assignee_id == actor.id and claim.status in queue.HELD:
        return claim
    last = last_holder_change(session, claim)
    _require_their_lapse(claim, actor, last)
    workflow.require(claim, Action.TAKE, actor)  # status, role, withdrawn (the table's guard)
    if queue.has_conflict(session, actor, claim):
        raise Conflict(
            f"You declared a conflict of interest with claim #{claim.id}: it cannot be yours."
        )
    now = clock.now()
    taken = session.connection().scalar(
        _TAKE_BACK,
        {"claim_id": claim.id, "taker_id": actor.id, "now": now, "lease_until": now + lease},
    )
    if taken is None:  # taken (or moved on) between the checks and the write
        raise Conflict(f"Claim #{claim.id} was just taken by someone else: it is not yours.")
    audit.record(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claim.id,
        action=Action.TAKE,
        from_status=ClaimStatus.QUEUED.value,
        to_status=_TAKE.to.value,
        note="taken back after the lease ran out",
    )
    session.refresh(claim)  # the row was written in Core
    if not isinstance(explanation, Unchanged) or not isinstance(rating_slug, Unchanged):
        drafts.save_draft(
            session, claim, actor, rating_slug=rating_slug, explanation=explanation, lease=lease
        )
    return claim


def _require_their_lapse(claim: Claim, actor: User, last: Event | None) -> None:
    """Refuse unless the claim's last change of holder was `actor`'s lease running out."""
    if last is not None and last.action == Action.EXPIRE.value:
        if last.previous_assignee_id == actor.id:
            return
        raise Conflict(
            f"The lease that ran out on claim #{claim.id} was not yours: take the next claim "
            "from the queue instead."
        )
    when = f" at {clock.stamp(last.created_at)}" if last is not None else ""
    who = last.actor.display_name if last is not None and last.actor else "Someone"
    if last is not None and last.action == Action.TAKE.value:
        raise Conflict(f"{who} took claim #{claim.id} from the queue{when}: it is theirs now.")
    if last is not None and last.action == Action.ASSIGN.value:
        to = claim.assignee.display_name if claim.assignee else "another checker"
        raise Conflict(f"{who} assigned claim #{claim.id} to {to}{when}: it is not yours now.")
    raise Conflict(
        f"Only the checker whose lease on claim #{claim.id} ran out can take it back; "
        "take the next claim from the queue instead."
    )
