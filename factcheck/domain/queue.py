"""The claim queue: atomic take-next, assignment, release and lease expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit, workflow
from factcheck.domain.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import Claim, ClaimStatus, Role, User

DEFAULT_LEASE = dt.timedelta(hours=24)
_TAKE = workflow.TRANSITIONS[(ClaimStatus.QUEUED, "take")]


def _queue_order(now: dt.datetime) -> list[Any]:
    overdue_first = and_(Claim.due_at.is_not(None), Claim.due_at < now).desc()
    return [overdue_first, Claim.priority.desc(), Claim.score.desc(), Claim.id]


def take_next(
    session: Session, actor: User, *, lease: dt.timedelta = DEFAULT_LEASE
) -> Claim | None:
    """Give the next queued claim to `actor` atomically; return None if the queue is empty.

    Order: overdue first, then editor priority, then check-worthiness score, then age.
    Expired leases go back to the queue first. One conditional UPDATE ... RETURNING
    hands the claim out, so two takers never get the same claim: PostgreSQL skips
    rows locked by other takers, SQLite serialises writers (BEGIN IMMEDIATE).
    """
    if actor.role not in _TAKE.roles or not actor.active:
        raise PermissionDenied(f"Your role ({actor.role.value}) cannot take claims.")
    now = clock.now()
    expire_leases(session, now=now)
    candidate = (
        select(Claim.id)
        .where(Claim.status == ClaimStatus.QUEUED)
        .order_by(*_queue_order(now))
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidate = candidate.with_for_update(skip_locked=True)
    claimed = session.execute(
        update(Claim)
        .where(Claim.id == candidate.scalar_subquery(), Claim.status == ClaimStatus.QUEUED)
        .values(
            status=_TAKE.to,
            assignee_id=actor.id,
            lease_expires_at=now + lease,
            version=Claim.version + 1,
            updated_at=now,
        )
        .returning(Claim.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    if claimed is None:
        return None
    audit.record(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claimed,
        action="take",
        from_status=ClaimStatus.QUEUED.value,
        to_status=_TAKE.to.value,
    )
    session.flush()
    claim = session.get(Claim, claimed, populate_existing=True)
    assert claim is not None
    return claim


def assign(
    session: Session,
    claim: Claim,
    assignee: User,
    actor: User,
    *,
    lease: dt.timedelta = DEFAULT_LEASE,
    expected_version: int | None = None,
) -> None:
    """Editor assigns (or reassigns) a claim to a checker; starts a lease."""
    if not assignee.active:
        raise InvalidInput(f"{assignee.display_name} is not an active user.", field="user_id")
    if claim.assignee_id == assignee.id and claim.status == ClaimStatus.IN_PROGRESS:
        return  # already theirs: assigning again changes nothing
    workflow.transition(
        session,
        claim,
        "assign",
        actor,
        note=f"to {assignee.display_name}",
        expected_version=expected_version,
    )
    claim.assignee_id = assignee.id
    claim.lease_expires_at = clock.now() + lease
    workflow.flush_claim(session, claim)


def release(
    session: Session, claim: Claim, actor: User, *, expected_version: int | None = None
) -> None:
    """Give the claim back to the queue: by its holder (release) or an editor (unassign)."""
    action = "release" if claim.assignee_id == actor.id else "unassign"
    if claim.status == ClaimStatus.IN_PROGRESS and not workflow.can(claim, action, actor):
        holder = claim.assignee.display_name if claim.assignee else "nobody"
        raise Conflict(
            f"Claim #{claim.id} is held by {holder}; only they or an editor can release it."
        )
    workflow.transition(session, claim, action, actor, expected_version=expected_version)
    claim.assignee_id = None
    claim.lease_expires_at = None
    workflow.flush_claim(session, claim)


def renew_lease(claim: Claim, *, lease: dt.timedelta = DEFAULT_LEASE) -> None:
    """Work on a claim keeps it: evidence and verdicts push the lease forward."""
    if claim.status == ClaimStatus.IN_PROGRESS:
        claim.lease_expires_at = clock.now() + lease


def expire_leases(session: Session, *, now: dt.datetime | None = None) -> list[int]:
    """Send claims whose lease ran out back to the queue; return their ids."""
    now = now or clock.now()
    query = select(Claim).where(
        Claim.status == ClaimStatus.IN_PROGRESS,
        Claim.lease_expires_at.is_not(None),
        Claim.lease_expires_at < now,
    )
    expired = list(session.scalars(query))
    for claim in expired:
        holder = claim.assignee.display_name if claim.assignee else "nobody"
        workflow.transition(session, claim, "expire", None, note=f"lease of {holder} ran out")
        claim.assignee_id = None
        claim.lease_expires_at = None
        workflow.flush_claim(session, claim)
    return [claim.id for claim in expired]


def my_claims(session: Session, user: User) -> list[Claim]:
    """Claims held by `user` that still need their work: in progress or returned."""
    query = (
        select(Claim)
        .where(
            Claim.assignee_id == user.id,
            Claim.status.in_([ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED]),
        )
        .order_by(Claim.status.desc(), Claim.lease_expires_at, Claim.id)
    )
    return list(session.scalars(query))


def queued_claims(session: Session, limit: int = 100) -> list[Claim]:
    query = (
        select(Claim)
        .where(Claim.status == ClaimStatus.QUEUED)
        .order_by(*_queue_order(clock.now()))
        .limit(limit)
    )
    return list(session.scalars(query))


def checkers(session: Session) -> list[User]:
    """Users who can be given claims."""
    query = (
        select(User)
        .where(User.active.is_(True), or_(User.role == Role.CHECKER, User.role == Role.EDITOR))
        .order_by(User.display_name)
    )
    return list(session.scalars(query))
