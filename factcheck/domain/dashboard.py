"""The editors' dashboard, computed from the audit trail so it matches the history."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Subquery, and_, case, func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from factcheck import clock
from factcheck.domain.assignment import open_load
from factcheck.domain.queue import checkers
from factcheck.models import Claim, ClaimStatus, Event, Rating, User, Verdict
from factcheck.sqltime import hours_between, week_start

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


# Consecutive stages: the waits the dashboard measures, e.g. ("accepted", "taken").
STEPS = [(before, after) for (before, _), (after, _) in itertools.pairwise(STAGES)]

# Percentiles shown per stage, as whole percents (integer arithmetic keeps the SQL portable).
MEDIAN, P90 = 50, 90


def _stage_times() -> Subquery:
    """One row per claim: when it first reached each stage, from its events."""
    every_action = [action for _, actions in STAGES for action in actions]
    columns = [
        func.min(case((Event.action.in_(actions), Event.created_at))).label(stage)
        for stage, actions in STAGES
    ]
    return (
        select(Event.entity_id.label("claim_id"), *columns)
        .where(Event.entity_type == "claim", Event.action.in_(every_action))
        .group_by(Event.entity_id)
        .subquery("stage_times")
    )


def _stage_durations(start: dt.datetime, end: dt.datetime) -> Subquery:
    """(stage index, hours) for every claim that finished a stage in [start, end)."""
    times = _stage_times()
    steps = []
    for index, (before, after) in enumerate(STEPS):
        began, finished = times.c[before], times.c[after]
        steps.append(
            select(
                literal(index).label("stage"), hours_between(began, finished).label("hours")
            ).where(began.is_not(None), finished >= start, finished < end)
        )
    return union_all(*steps).subquery("durations")


def _percentile(ranked: Subquery, percent: int) -> ColumnElement[float]:
    """Linear interpolation between the two closest ranks, as percentile_cont does.

    With n values sorted and ranked from 0, the percentile sits at (n - 1) * p / 100:
    the value at the whole part of that position, moved towards the next value by the
    fraction. This is also statistics.quantiles(method="inclusive").
    """
    position = (ranked.c.n - 1) * percent
    lower = position // 100
    fraction = (position % 100) / 100.0
    weight = case(
        (ranked.c.rank == lower, 1 - fraction),
        (ranked.c.rank == lower + 1, fraction),
        else_=0,
    )
    return func.sum(ranked.c.hours * weight)


def turnaround(session: Session, start: dt.datetime, end: dt.datetime) -> list[StageTurnaround]:
    """Median and p90 hours of each stage, over claims that finished it in [start, end).

    Everything is computed in SQL from the events, so the figures are the history's.
    """
    durations = _stage_durations(start, end)
    ranked = select(
        durations.c.stage,
        durations.c.hours,
        (
            func.row_number().over(partition_by=durations.c.stage, order_by=durations.c.hours) - 1
        ).label("rank"),
        func.count().over(partition_by=durations.c.stage).label("n"),
    ).subquery("ranked")
    query = select(
        ranked.c.stage,
        func.max(ranked.c.n),
        _percentile(ranked, MEDIAN),
        _percentile(ranked, P90),
    ).group_by(ranked.c.stage)
    figures = {stage: (n, median, p90) for stage, n, median, p90 in session.execute(query)}
    return [
        StageTurnaround(f"{before} → {after}", *figures.get(index, (0, None, None)))
        for index, (before, after) in enumerate(STEPS)
    ]


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
    # An approval counts for the checker whose submission it decided: the claim's latest
    # "submit" before the "approve".
    submission = aliased(Event)
    author = (
        select(submission.actor_id)
        .where(
            submission.entity_type == "claim",
            submission.entity_id == Event.entity_id,
            submission.action == "submit",
            submission.id < Event.id,
        )
        .order_by(submission.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    approvals = select(author.label("author_id")).where(in_period, Event.action == "approve")
    decided = approvals.subquery("approvals")
    approved = dict(
        session.execute(select(decided.c.author_id, func.count()).group_by(decided.c.author_id))
        .tuples()
        .all()
    )
    load = open_load(session)
    return [
        CheckerLoad(user, submitted.get(user.id, 0), approved.get(user.id, 0), load.get(user.id, 0))
        for user in checkers(session)
    ]


def week_of(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def published_per_rating(
    session: Session, start: dt.datetime, end: dt.datetime
) -> dict[str, dict[str, int]]:
    """Claims published in each ISO week of the period (the newsroom's weeks), by their
    published rating."""
    week = week_start(Event.created_at, clock.zone_name()).label("week")
    query = (
        select(week, Rating.label, func.count())
        .join(Claim, and_(Event.entity_type == "claim", Claim.id == Event.entity_id))
        .join(Verdict, Verdict.id == Claim.published_verdict_id)
        .join(Rating, Rating.id == Verdict.rating_id)
        .where(Event.action == "publish", Event.created_at >= start, Event.created_at < end)
        .group_by(week, Rating.label)
        .order_by(week, Rating.label)
    )
    weeks: dict[str, dict[str, int]] = defaultdict(dict)
    for monday, label, count in session.execute(query):
        weeks[week_of(monday)][label] = count
    return dict(weeks)


def overdue(session: Session, now: dt.datetime) -> list[Claim]:
    done = (ClaimStatus.PUBLISHED, ClaimStatus.REJECTED, ClaimStatus.SPLIT, ClaimStatus.APPROVED)
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
