"""A person's work at a glance: the desk's navigation counts, and what "My claims" shows
of the claims that have left their hands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, false, func, or_, select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain.queue import HELD
from factcheck.models import Claim, ClaimStatus, User, Verdict, VerdictStatus

# How long approved and published claims stay on their checker's "My claims".
RECENT = dt.timedelta(days=14)
AFTER_SUBMISSION = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PUBLISHED)


@dataclass(frozen=True)
class NavCounts:
    """The numbers beside the desk's links: claims the person holds, those returned to
    them, and (for editors) verdicts and corrections waiting for review."""

    mine: int = 0
    returned: int = 0
    to_review: int = 0


def _waiting_for_review() -> ColumnElement[bool]:
    """SQL: the claim is in the review inbox (review_panel.review_inbox)."""
    proposed = exists().where(
        Verdict.claim_id == Claim.id, Verdict.status == VerdictStatus.SUBMITTED
    )
    return or_(
        Claim.status == ClaimStatus.SUBMITTED,
        and_(Claim.status == ClaimStatus.PUBLISHED, proposed),
    )


def nav_counts(session: Session, user: User) -> NavCounts:
    """The desk's navigation counts for `user`, in one query."""
    mine = and_(Claim.assignee_id == user.id, Claim.status.in_(HELD))
    returned = and_(Claim.assignee_id == user.id, Claim.status == ClaimStatus.RETURNED)
    reviewing = _waiting_for_review() if user.is_editor else false()
    query = select(
        func.coalesce(func.sum(case((mine, 1), else_=0)), 0),
        func.coalesce(func.sum(case((returned, 1), else_=0)), 0),
        func.coalesce(func.sum(case((reviewing, 1), else_=0)), 0),
    ).where(or_(mine, reviewing))
    row = session.execute(query).one()
    return NavCounts(mine=int(row[0]), returned=int(row[1]), to_review=int(row[2]))


def recent_work(session: Session, user: User, *, within: dt.timedelta = RECENT) -> list[Claim]:
    """Claims `user` holds that left their hands: in review (however long ago), approved or
    published within `within`; the latest change first."""
    since = clock.now() - within
    query = (
        select(Claim)
        .where(
            Claim.assignee_id == user.id,
            Claim.status.in_(AFTER_SUBMISSION),
            or_(Claim.status == ClaimStatus.SUBMITTED, Claim.updated_at >= since),
        )
        .order_by(Claim.updated_at.desc(), Claim.id.desc())
    )
    return list(session.scalars(query))
