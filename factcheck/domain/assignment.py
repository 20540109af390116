"""Handing out work in bulk: to a chosen checker, or to the least-loaded one without a
conflict of interest. One claim at a time is in `queue` (take, assign, release)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.domain.errors import Conflict, DomainError
from factcheck.domain.queue import DEFAULT_LEASE, HELD, assign, checkers, has_conflict
from factcheck.models import Claim, Role, User


def open_load(session: Session) -> dict[int, int]:
    """How many claims each user holds now (in progress or returned)."""
    query = (
        select(Claim.assignee_id, func.count())
        .where(Claim.assignee_id.is_not(None), Claim.status.in_(HELD))
        .group_by(Claim.assignee_id)
    )
    return {user_id: count for user_id, count in session.execute(query)}


@dataclass(frozen=True)
class Assignable:
    """Someone a claim can be given to, and how many claims they hold now."""

    user: User
    open_claims: int


def assignable(session: Session) -> list[Assignable]:
    """The active people a claim can be assigned to (those the desk's assign form offers),
    by name, with their open claims."""
    load = open_load(session)
    return [Assignable(user, load.get(user.id, 0)) for user in checkers(session)]


def auto_assign(
    session: Session, claim: Claim, actor: User, *, lease: dt.timedelta = DEFAULT_LEASE
) -> User:
    """Assign to the least-loaded active checker without a conflict; return who got it."""
    load = open_load(session)
    candidates = [
        user
        for user in checkers(session)
        if user.role == Role.CHECKER
        and not has_conflict(session, user, claim)
        and user.id != claim.assignee_id
    ]
    if not candidates:
        raise Conflict(f"No active checker without a conflict can take claim #{claim.id}.")
    chosen = min(candidates, key=lambda user: (load.get(user.id, 0), user.id))
    assign(session, claim, chosen, actor, lease=lease)
    return chosen


@dataclass(frozen=True)
class BulkResult:
    claim_id: int
    assignee: str | None
    error: str | None  # names the claim: shown as it is, among the others' results


def bulk_assign(
    session: Session,
    claims: list[Claim],
    assignee: User | None,
    actor: User,
    *,
    lease: dt.timedelta = DEFAULT_LEASE,
) -> list[BulkResult]:
    """Assign each claim to `assignee`, or automatically when None.

    One refusal spares the rest; every claim gets a result.
    """
    results = []
    for claim in claims:
        try:
            with session.begin_nested():  # a refusal rolls back this claim only
                chosen = assignee or auto_assign(session, claim, actor, lease=lease)
                if assignee is not None:
                    assign(session, claim, assignee, actor, lease=lease)
            results.append(BulkResult(claim.id, chosen.display_name, None))
        except DomainError as error:
            results.append(BulkResult(claim.id, None, _naming(claim.id, error.message)))
    return results


def _naming(claim_id: int, message: str) -> str:
    """The refusal, saying which claim it is about once: most already do ("Claim #5 cannot
    be assigned: …"), the others get "Claim #5: " in front."""
    if re.search(rf"\bclaim #{claim_id}\b", message, re.IGNORECASE):
        return message
    return f"Claim #{claim_id}: {message}"
