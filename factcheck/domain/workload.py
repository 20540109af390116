"""Who holds what: the editors' workload view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain.queue import HELD, checkers
from factcheck.models import Claim, User, Verdict, VerdictStatus


@dataclass(frozen=True)
class Workload:
    user: User
    open_claims: int
    oldest_since: dt.datetime | None
    overdue: int
    finished_this_week: int


def start_of_week(now: dt.datetime) -> dt.datetime:
    """Monday 00:00 newsroom time of the week that contains `now` (in UTC, as stored)."""
    today = clock.day_of(now)
    return clock.local_moment(today - dt.timedelta(days=today.weekday()), 0)


def workload(session: Session, *, now: dt.datetime | None = None) -> list[Workload]:
    """Per checker: open claims, the oldest held since, overdue ones, approved this week.
    Whoever else still holds claims is listed too: a checker whose account was turned off
    while a claim of theirs was in review has it back, returned, for an editor to reassign."""
    now = now or clock.now()
    held = (
        select(
            Claim.assignee_id,
            func.count().label("open"),
            func.min(Claim.assigned_at).label("oldest"),
            func.count()
            .filter(and_(Claim.due_at.is_not(None), Claim.due_at < now))
            .label("overdue"),
        )
        .where(Claim.status.in_(HELD), Claim.assignee_id.is_not(None))
        .group_by(Claim.assignee_id)
    )
    finished = (
        select(Verdict.author_id, func.count(func.distinct(Verdict.claim_id)))
        .where(Verdict.status == VerdictStatus.APPROVED, Verdict.reviewed_at >= start_of_week(now))
        .group_by(Verdict.author_id)
    )
    by_user = {row.assignee_id: row for row in session.execute(held)}
    done = dict(session.execute(finished).tuples().all())
    rows = []
    listed = checkers(session)
    others = set(by_user) - {user.id for user in listed}
    if others:
        listed += session.scalars(select(User).where(User.id.in_(others)))
    for user in listed:
        row = by_user.get(user.id)
        rows.append(
            Workload(
                user=user,
                open_claims=row.open if row else 0,
                oldest_since=row.oldest if row else None,
                overdue=row.overdue if row else 0,
                finished_this_week=done.get(user.id, 0),
            )
        )
    return sorted(rows, key=lambda w: (-w.open_claims, w.user.display_name))
