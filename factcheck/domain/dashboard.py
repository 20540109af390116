"""The editors' dashboard, computed from the audit trail so it matches the history."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from factcheck.domain.queue import checkers, open_load
from factcheck.models import Claim, ClaimStatus, Event, Rating, User, Verdict

# The stages of a claim, each reached by the first event with one of these actions.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("ingested", ("extract", "promote")),
    ("accepted", ("accept",)),
    ("taken", ("take", "assign")),
    ("submitted", ("submit",)),
    ("approved", ("approve",)),
    ("published", ("publish",)),
]


@dataclass(frozen=True)
class StageTurnaround:
    stage: str  # e.g. "accepted → taken"
    count: int
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True)
class CheckerLoad:
    user: User
    submitted: int
    approved: int
    open_claims: int


@dataclass(frozen=True)
class Dashboard:
    start: dt.datetime
    end: dt.datetime
    turnaround: list[StageTurnaround]
    checkers: list[CheckerLoad]
    published_per_rating: dict[str, dict[str, int]]  # week → rating label → count
    overdue: list[Claim]


def _stage_times(session: Session) -> dict[int, dict[str, dt.datetime]]:
    """When each claim first reached each stage, from its events."""
    times: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
    for stage, actions in STAGES:
        query = (
            select(Event.entity_id, func.min(Event.created_at))
            .where(Event.entity_type == "claim", Event.action.in_(actions))
            .group_by(Event.entity_id)
        )
        for claim_id, at in session.execute(query):
            times[claim_id][stage] = at
    return times


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def turnaround(session: Session, start: dt.datetime, end: dt.datetime) -> list[StageTurnaround]:
    """Median and p90 hours of each stage, over claims that finished it in [start, end)."""
    durations: dict[str, list[float]] = defaultdict(list)
    for stages in _stage_times(session).values():
        for (before, _), (after, _) in itertools.pairwise(STAGES):
            if before in stages and after in stages and start <= stages[after] < end:
                hours = (stages[after] - stages[before]).total_seconds() / 3600
                durations[f"{before} → {after}"].append(hours)
    rows = []
    for (before, _), (after, _) in itertools.pairwise(STAGES):
        values = sorted(durations[f"{before} → {after}"])
        rows.append(
            StageTurnaround(
                f"{before} → {after}",
                len(values),
                statistics.median(values) if values else None,
                _quantile(values, 0.9),
            )
        )
    return rows


def checker_loads(session: Session, start: dt.datetime, end: dt.datetime) -> list[CheckerLoad]:
    """Verdicts each checker submitted and had approved in the period, and what they hold."""
    in_period = and_(
        Event.created_at >= start, Event.created_at < end, Event.entity_type == "claim"
    )
    submitted = dict(
        session.execute(
            select(Event.actor_id, func.count())
            .where(in_period, Event.action == "submit")
            .group_by(Event.actor_id)
        )
        .tuples()
        .all()
    )
    approved = dict(
        session.execute(
            select(Verdict.author_id, func.count())
            .where(
                Verdict.reviewed_at >= start,
                Verdict.reviewed_at < end,
                Verdict.status == "approved",
            )
            .group_by(Verdict.author_id)
        )
        .tuples()
        .all()
    )
    load = open_load(session)
    return [
        CheckerLoad(user, submitted.get(user.id, 0), approved.get(user.id, 0), load.get(user.id, 0))
        for user in checkers(session)
    ]


def week_of(at: dt.datetime) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def published_per_rating(
    session: Session, start: dt.datetime, end: dt.datetime
) -> dict[str, dict[str, int]]:
    """Claims first published in each ISO week of the period, by their published rating."""
    query = (
        select(Event.created_at, Rating.label)
        .join(Claim, and_(Event.entity_type == "claim", Claim.id == Event.entity_id))
        .join(Verdict, Verdict.id == Claim.published_verdict_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .where(Event.action == "publish", Event.created_at >= start, Event.created_at < end)
    )
    weeks: dict[str, Counter[str]] = defaultdict(Counter)
    for at, label in session.execute(query):
        weeks[week_of(at)][label] += 1
    return {week: dict(counts) for week, counts in sorted(weeks.items())}


def overdue(session: Session, now: dt.datetime) -> list[Claim]:
    done = (ClaimStatus.PUBLISHED, ClaimStatus.REJECTED, ClaimStatus.APPROVED)
    query = (
        select(Claim)
        .where(Claim.due_at.is_not(None), Claim.due_at < now, Claim.status.not_in(done))
        .order_by(Claim.due_at)
    )
    return list(session.scalars(query))


def build(session: Session, *, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> Dashboard:
    return Dashboard(
        start,
        end,
        turnaround(session, start, end),
        checker_loads(session, start, end),
        published_per_rating(session, start, end),
        overdue(session, now),
    )
