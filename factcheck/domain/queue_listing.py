"""The shared queue list: filters, sort orders and keyset pagination over indexed columns.

Keyset ("seek") pagination asks for rows after the last one seen instead of skipping
OFFSET rows, so page 500 costs what page 1 costs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from factcheck import clock
from factcheck.domain import cursors
from factcheck.domain.errors import InvalidInput
from factcheck.domain.queue import NOT_WITHDRAWN
from factcheck.models import Article, ArticleStatus, Claim, ClaimStatus, Verdict

UNASSIGNED = "unassigned"
SORTS = ("priority", "score", "due", "age")
MAX_PAGE = 200


@dataclass(frozen=True)
class QueueFilter:
    status: ClaimStatus | None = ClaimStatus.QUEUED
    article_id: int | None = None
    assignee: int | str | None = None  # a user id, or UNASSIGNED
    claimant: str | None = None
    min_score: float | None = None
    max_score: float | None = None
    due_before: dt.datetime | None = None
    older_than_days: int | None = None


@dataclass
class Page:
    items: list[Claim]
    next_cursor: str | None
    sort: str = "priority"
    filters: QueueFilter = field(default_factory=QueueFilter)


@dataclass(frozen=True)
class HeldBack:
    """Queued claims of a withdrawn fact-check: the queue leaves them out until it is
    republished."""

    article_id: int
    title: str
    claims: int


def _conditions(filters: QueueFilter, *, withdrawn_too: bool = False) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.status is not None:
        conditions.append(Claim.status == filters.status)
    if filters.status == ClaimStatus.QUEUED and not withdrawn_too:
        conditions.append(NOT_WITHDRAWN)  # waiting: not a withdrawn fact-check's claims
    if filters.article_id is not None:
        conditions.append(Claim.article_id == filters.article_id)
    if filters.assignee == UNASSIGNED:
        conditions.append(Claim.assignee_id.is_(None))
    elif isinstance(filters.assignee, int):
        conditions.append(Claim.assignee_id == filters.assignee)
    if filters.claimant:
        conditions.append(func.lower(Claim.claimant) == filters.claimant.strip().lower())
    if filters.min_score is not None:
        conditions.append(Claim.score >= filters.min_score)
    if filters.max_score is not None:
        conditions.append(Claim.score <= filters.max_score)
    if filters.due_before is not None:
        conditions.append(Claim.due_at < filters.due_before)
    if filters.older_than_days is not None:
        cutoff = clock.now() - dt.timedelta(days=filters.older_than_days)
        conditions.append(Claim.created_at <= cutoff)
    return conditions


def _order(sort: str) -> list[Any]:
    orders: dict[str, list[Any]] = {
        "priority": [Claim.priority.desc(), Claim.score.desc(), Claim.id],
        "score": [Claim.score.desc(), Claim.id],
        "due": [Claim.due_at.asc().nulls_last(), Claim.id],
        "age": [Claim.id],
    }
    return orders[sort]


def _after(sort: str, sorted_key: Any, last_id: int) -> ColumnElement[bool]:
    """Rows strictly after the cursor row in the sort order. The cursor names the order it
    was made for: in another order its key means nothing (a score read as an age)."""
    if not isinstance(sorted_key, list) or len(sorted_key) != 2 or sorted_key[0] not in SORTS:
        raise ValueError(sorted_key)
    made_for, key = sorted_key
    if made_for != sort:
        raise InvalidInput(
            f"This page cursor belongs to sort={made_for}, not sort={sort}; "
            "start from the first page of this order.",
            field="cursor",
        )
    if sort == "priority":
        priority, score = int(cursors.number(key[0])), cursors.number(key[1])
        return or_(
            Claim.priority < priority,
            and_(Claim.priority == priority, Claim.score < score),
            and_(Claim.priority == priority, Claim.score == score, Claim.id > last_id),
        )
    if sort == "score":
        score = cursors.number(key)
        return or_(Claim.score < score, and_(Claim.score == score, Claim.id > last_id))
    if sort == "due":
        if key is None:  # already among the claims without a due date
            return and_(Claim.due_at.is_(None), Claim.id > last_id)
        due = cursors.moment(key)
        return or_(
            Claim.due_at > due,
            and_(Claim.due_at == due, Claim.id > last_id),
            Claim.due_at.is_(None),
        )
    return Claim.id > last_id


def _cursor_of(sort: str, claim: Claim) -> str:
    key: Any = {
        "priority": [claim.priority, claim.score],
        "score": claim.score,
        "due": claim.due_at.isoformat() if claim.due_at else None,
        "age": None,
    }[sort]
    return cursors.encode([sort, key], claim.id)


def list_claims(
    session: Session,
    filters: QueueFilter,
    *,
    sort: str = "priority",
    cursor: str | None = None,
    limit: int = 50,
) -> Page:
    """One page of claims matching `filters`, in `sort` order, after `cursor`."""
    if sort not in SORTS:
        raise InvalidInput(
            f"Unknown sort {sort!r}. Choose one of: {', '.join(SORTS)}.", field="sort"
        )
    limit = max(1, min(limit, MAX_PAGE))
    # One query per relation for the whole page, not one per row (the page and the API
    # show each claim's article, holder, sources and verdict).
    query = (
        select(Claim)
        .where(*_conditions(filters))
        .options(
            selectinload(Claim.article),
            selectinload(Claim.assignee),
            selectinload(Claim.evidence),
            selectinload(Claim.verdicts).selectinload(Verdict.rating),
        )
    )
    if cursor:
        query = query.where(cursors.decode(cursor, lambda key, last_id: _after(sort, key, last_id)))
    rows = list(session.scalars(query.order_by(*_order(sort)).limit(limit + 1)))
    next_cursor = _cursor_of(sort, rows[limit - 1]) if len(rows) > limit else None
    return Page(rows[:limit], next_cursor, sort, filters)


def held_back(session: Session, filters: QueueFilter | None = None) -> list[HeldBack]:
    """The withdrawn fact-checks whose queued claims `filters` (by default: every queued
    claim) would list but for the withdrawal, each with how many; empty unless the filters
    ask for queued claims."""
    filters = filters or QueueFilter()
    if filters.status != ClaimStatus.QUEUED:
        return []
    query = (
        select(Article.id, Article.title, func.count(Claim.id))
        .join(Claim, Claim.article_id == Article.id)
        .where(*_conditions(filters, withdrawn_too=True))
        .where(Article.status == ArticleStatus.WITHDRAWN)
        .group_by(Article.id, Article.title)
        .order_by(Article.id)
    )
    return [HeldBack(*row) for row in session.execute(query)]
