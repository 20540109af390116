"""The claim queue: atomic take-next, assignment, release and lease expiry."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from sqlalchemy import Integer, Update, and_, bindparam, exists, func, or_, select, update
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from factcheck import clock
from factcheck.db import UTCDateTime
from factcheck.domain import accounts, audit, workflow
from factcheck.domain.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.domain.workflow import Action
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    ConflictOfInterest,
    Role,
    User,
    Verdict,
)

DEFAULT_LEASE = dt.timedelta(hours=24)
MAX_CONFLICT_NAME = 200  # ConflictOfInterest.claimant
# Statuses in which a claim stays with its checker.
HELD = (ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED)
_TAKE = workflow.TRANSITIONS[(ClaimStatus.QUEUED, Action.TAKE)]
# SQL: the claim's fact-check is not withdrawn. A queued claim of a withdrawn one is not
# waiting: nobody takes it (guards.withdrawn_notice) until the fact-check is republished.
NOT_WITHDRAWN = ~exists().where(
    Article.id == Claim.article_id, Article.status == ArticleStatus.WITHDRAWN
)


# Queue order inside each tier: editor priority, then check-worthiness, then age.
# ix_claims_queue (status, priority DESC, score DESC, id) serves it without sorting.
QUEUE_ORDER = (Claim.priority.desc(), Claim.score.desc(), Claim.id)


def _queue_order(now: dt.datetime) -> list[Any]:
    overdue_first = and_(Claim.due_at.is_not(None), Claim.due_at < now).desc()
    return [overdue_first, *QUEUE_ORDER]


def take_next(
    session: Session, actor: User, *, lease: dt.timedelta = DEFAULT_LEASE
) -> Claim | None:
    """Give the next queued claim to `actor` atomically; return None if the queue is empty.
    Claims of a withdrawn fact-check are passed over.

    Order: overdue first, then editor priority, then check-worthiness score, then age.
    Expired leases go back to the queue first. One conditional UPDATE ... RETURNING
    hands the claim out, so two takers never get the same claim: PostgreSQL skips
    rows locked by other takers, SQLite serialises writers (BEGIN IMMEDIATE).
    """
    if actor.role not in _TAKE.roles or not actor.active:
        raise PermissionDenied(f"Your role ({actor.role.value}) cannot take claims.")
    now = clock.now()
    expire_leases(session, now=now)
    dialect = session.get_bind().dialect.name
    # On the session's connection, as Core: the ORM's bulk-update bookkeeping has nothing to
    # do here (the claim is loaded afresh below).
    claim_id = session.connection().scalar(
        _take_statement(dialect),
        {"taker_id": actor.id, "now": now, "lease_until": now + lease},
    )
    if claim_id is None:
        return None
    audit.append(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claim_id,
        action=Action.TAKE,
        from_status=ClaimStatus.QUEUED.value,
        to_status=_TAKE.to.value,
        at=now,
    )
    return _load_taken(session, claim_id)


# What a take writes (take-next, and take_back's take of a lapsed claim): the claim is the
# taker's (`taker_id`) on a lease until `lease_until`, from `now`.
TAKE_VALUES = {
    "status": _TAKE.to,
    "assignee_id": bindparam("taker_id", type_=Integer),
    "lease_expires_at": bindparam("lease_until", type_=UTCDateTime()),
    "assigned_at": bindparam("now", type_=UTCDateTime()),
    "version": Claim.version + 1,
    "updated_at": bindparam("now", type_=UTCDateTime()),
}


@functools.cache
def _take_statement(dialect: str) -> Update:
    """UPDATE ... RETURNING id of the first claim in queue order, built once per dialect.

    The overdue claims come first: COALESCE looks at the rest only when none is overdue.
    Two lookups rather than one ORDER BY on "is it overdue", because each of them walks
    an index (ix_claims_status_due, ix_claims_queue) and stops at the first free row.
    """
    taker, now = bindparam("taker_id", type_=Integer), bindparam("now", type_=UTCDateTime())

    def first_free(*conditions: Any) -> Any:
        query = (
            select(Claim.id)
            .where(
                Claim.status == ClaimStatus.QUEUED,
                NOT_WITHDRAWN,
                ~conflict_clause(taker),
                *conditions,
            )
            .order_by(*QUEUE_ORDER)
            .limit(1)
        )
        if dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return query.scalar_subquery()

    chosen = func.coalesce(first_free(Claim.due_at < now), first_free())
    return (
        update(Claim.__table__)  # type: ignore[arg-type]  # Core: no ORM bookkeeping per take
        .where(Claim.id == chosen, Claim.status == ClaimStatus.QUEUED)
        .values(TAKE_VALUES)
        .returning(Claim.id)
    )


# The claim just taken, with what the checker sees first, in one query.
_TAKEN_CLAIM = (
    select(Claim)
    .where(Claim.id == bindparam("claim_id"))
    .options(joinedload(Claim.evidence), joinedload(Claim.verdicts).joinedload(Verdict.rating))
    .execution_options(populate_existing=True)
)


def _load_taken(session: Session, claim_id: int) -> Claim:
    return session.scalars(_TAKEN_CLAIM, {"claim_id": claim_id}).unique().one()


def assign(
    session: Session,
    claim: Claim,
    assignee: User,
    actor: User,
    *,
    lease: dt.timedelta = DEFAULT_LEASE,
    expected_version: int | None = None,
) -> None:
    """Editor assigns (or reassigns) a claim to a checker; a claim in progress gets a lease."""
    if not assignee.active:
        raise InvalidInput(f"{assignee.display_name} is not an active user.", field="user_id")
    if not accounts.has_password(assignee):
        raise InvalidInput(
            f"{assignee.display_name} has not accepted their invitation yet: give them the claim"
            " once they have chosen a password.",
            field="user_id",
        )
    if has_conflict(session, assignee, claim):
        raise Conflict(
            f"{assignee.display_name} declared a conflict of interest with claim #{claim.id}.",
            field="user_id",
        )
    if claim.assignee_id == assignee.id and claim.status in HELD:
        return  # already theirs: assigning again changes nothing
    workflow.move(
        session,
        claim,
        Action.ASSIGN,
        actor,
        note=f"to {assignee.display_name}",
        expected_version=expected_version,
        assignee=assignee,
    )
    claim.assignee_id = assignee.id
    claim.assigned_at = clock.now()
    # Like a return, a reassigned returned claim holds no lease: it waits for its checker.
    in_progress = claim.status == ClaimStatus.IN_PROGRESS
    claim.lease_expires_at = claim.assigned_at + lease if in_progress else None
    workflow.flush_claim(session, claim)


def release(
    session: Session, claim: Claim, actor: User, *, expected_version: int | None = None
) -> None:
    """Give the claim back to the queue: by its holder (release) or an editor (unassign)."""
    action = Action.RELEASE if claim.assignee_id == actor.id else Action.UNASSIGN
    if claim.status == ClaimStatus.IN_PROGRESS and not workflow.can(claim, action, actor):
        holder = claim.assignee.display_name if claim.assignee else "nobody"
        raise Conflict(
            f"Claim #{claim.id} is held by {holder}; only they or an editor can release it."
        )
    workflow.move(session, claim, action, actor, expected_version=expected_version)
    _clear_holder(claim)
    workflow.flush_claim(session, claim)


def _clear_holder(claim: Claim) -> None:
    claim.assignee_id = None
    claim.assigned_at = None
    claim.lease_expires_at = None


def renew_lease(session: Session, claim: Claim, *, lease: dt.timedelta = DEFAULT_LEASE) -> None:
    """Work on a claim keeps it: drafts, evidence and verdicts push the lease forward.

    A renewal is not an edit of the claim, so it leaves the claim's version alone: a
    checker whose draft saved itself must still be able to send the form they opened
    (an ORM write would bump the version and make their own page look stale).
    """
    if claim.status != ClaimStatus.IN_PROGRESS:
        return
    until = clock.now() + lease
    workflow.flush_claim(session, claim)  # the claim's own changes first, version-checked
    session.execute(_RENEW_LEASE, {"claim_id": claim.id, "until": until})
    set_committed_value(claim, "lease_expires_at", until)


# A Core UPDATE: it bypasses the mapper's version counter on purpose (see renew_lease).
_RENEW_LEASE = (
    update(Claim)
    .where(Claim.id == bindparam("claim_id"), Claim.status == ClaimStatus.IN_PROGRESS)
    .values(lease_expires_at=bindparam("until", type_=UTCDateTime()))
    .execution_options(synchronize_session=False)
)


_LEASE_RAN_OUT = and_(
    Claim.status == ClaimStatus.IN_PROGRESS,
    Claim.lease_expires_at.is_not(None),
    Claim.lease_expires_at < bindparam("now", type_=UTCDateTime()),
)
_EXPIRED_IDS = select(Claim.id).where(_LEASE_RAN_OUT)


def expire_leases(session: Session, *, now: dt.datetime | None = None) -> list[int]:
    """Send claims whose lease ran out back to the queue; return their ids."""
    now = now or clock.now()
    # Every take asks; the answer is nearly always "none", so ask for ids alone first.
    ids = list(session.scalars(_EXPIRED_IDS, {"now": now}))
    if not ids:
        return []
    # Renewals leave the version alone (renew_lease), so the version check cannot see one
    # that committed after the ids were read: lock the rows and ask again under the lock
    # (PostgreSQL re-evaluates the condition on the newest row; SQLite holds the write lock).
    still_expired = (
        select(Claim.id)
        .where(Claim.id.in_(ids), _LEASE_RAN_OUT)
        .order_by(Claim.id)
        .with_for_update()
    )
    locked = list(session.scalars(still_expired, {"now": now}))
    expired = list(session.scalars(select(Claim).where(Claim.id.in_(locked)).order_by(Claim.id)))
    for claim in expired:
        holder = claim.assignee.display_name if claim.assignee else "nobody"
        workflow.move(session, claim, Action.EXPIRE, None, note=f"lease of {holder} ran out")
        _clear_holder(claim)
        workflow.flush_claim(session, claim)
    return [claim.id for claim in expired]


def my_claims(session: Session, user: User) -> list[Claim]:
    """Claims held by `user` that still need their work: in progress or returned."""
    query = (
        select(Claim)
        .where(Claim.assignee_id == user.id, Claim.status.in_(HELD))
        .options(selectinload(Claim.article))  # the page says which were withdrawn
        .order_by(Claim.status.desc(), Claim.lease_expires_at, Claim.id)
    )
    return list(session.scalars(query))


def queued_claims(session: Session, limit: int = 100) -> list[Claim]:
    """Claims waiting to be taken, in queue order (none of a withdrawn fact-check)."""
    query = (
        select(Claim)
        .where(Claim.status == ClaimStatus.QUEUED, NOT_WITHDRAWN)
        .order_by(*_queue_order(clock.now()))
        .limit(limit)
    )
    return list(session.scalars(query))


def conflict_clause(user_id: Any) -> Any:
    """SQL: `user_id` declared a conflict with the claim, or with its claimant."""
    return exists().where(
        ConflictOfInterest.user_id == user_id,
        or_(
            ConflictOfInterest.claim_id == Claim.id,
            and_(
                ConflictOfInterest.claimant.is_not(None),
                ConflictOfInterest.claimant == func.lower(Claim.claimant),
            ),
        ),
    )


def has_conflict(session: Session, user: User, claim: Claim) -> bool:
    query = select(Claim.id).where(Claim.id == claim.id, conflict_clause(user.id))
    return session.scalar(query) is not None


def declare_conflict(
    session: Session,
    user: User,
    *,
    claim: Claim | None = None,
    claimant: str | None = None,
    note: str | None = None,
) -> ConflictOfInterest:
    """Record that `user` must not check this claim, or anything this claimant says."""
    name = (claimant or "").strip().lower() or None
    if claim is None and name is None:
        raise InvalidInput("Name the claim or the claimant you have a conflict with.")
    if name is not None and len(name) > MAX_CONFLICT_NAME:
        # Lower case can lengthen a name ("İ" is two characters): a claimant's name of 200
        # may not fit. Say so rather than fail at the database.
        raise InvalidInput(
            f"This claimant's name is too long to declare a conflict with (more than "
            f"{MAX_CONFLICT_NAME} characters in lower case): declare it on the claim.",
            field="claimant",
        )
    conflict = ConflictOfInterest(
        user_id=user.id,
        claim_id=claim.id if claim else None,
        claimant=name,
        note=(note or "").strip() or None,
    )
    session.add(conflict)
    session.flush()  # generate conflict.id for the event
    target = f"claim #{claim.id}" if claim else f"claimant {name}"
    audit.record(
        session,
        actor=user,
        entity_type="conflict",
        entity_id=conflict.id,
        action="declare",
        note=target,
    )
    if (
        claim is not None
        and claim.assignee_id == user.id
        and claim.status == ClaimStatus.IN_PROGRESS
    ):
        release(session, claim, user)
    return conflict


def due_at(day: dt.date | None) -> dt.datetime | None:
    """When a claim due on `day` is due: 17:00 newsroom time that day (the desk and the API)."""
    return clock.local_moment(day, 17) if day else None


def set_schedule(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    priority: int,
    due_at: dt.datetime | None,
    expected_version: int | None = None,
) -> None:
    """Editors set a claim's priority (higher first) and optional due date."""
    if not -100 <= priority <= 100:
        raise InvalidInput("Priority must be between -100 and 100.", field="priority")
    due = due_at.isoformat() if due_at else "none"
    workflow.transition(
        session,
        claim,
        Action.SCHEDULE,
        actor,
        note=f"priority {priority}, due {due}",
        expected_version=expected_version,
    )
    claim.priority = priority
    claim.due_at = due_at
    workflow.flush_claim(session, claim)


def checkers(session: Session) -> list[User]:
    """Users who can be given claims: active checkers and editors who can sign in (someone
    invited has no password until they accept)."""
    query = (
        select(User)
        .where(User.active.is_(True), or_(User.role == Role.CHECKER, User.role == Role.EDITOR))
        .where(~User.password_hash.startswith(accounts.NO_PASSWORD, autoescape=True))
        .order_by(User.display_name)
    )
    return list(session.scalars(query))
