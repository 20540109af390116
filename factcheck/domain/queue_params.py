"""Parse the queue's filters from query parameters (the queue page and the API share it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import fields

from factcheck import clock
from factcheck.domain.errors import InvalidInput
from factcheck.domain.queue_listing import SORTS, UNASSIGNED, QueueFilter
from factcheck.domain.validation import MAX_ID, calendar_date, whole_number
from factcheck.models import ClaimStatus

ANY = "any"


def _int(params: Mapping[str, str], key: str, *, high: int = MAX_ID) -> int | None:
    return whole_number((params.get(key) or "").strip(), key, high=high)


def _float(params: Mapping[str, str], key: str) -> float | None:
    raw = (params.get(key) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(
            f"{key} must be a number between 0 and 1, got {raw!r}.", field=key
        ) from None
    if not 0.0 <= value <= 1.0:
        raise InvalidInput(f"{key} must be between 0 and 1, got {raw}.", field=key)
    return value


def _status(raw: str | None) -> ClaimStatus | None:
    raw = (raw or ClaimStatus.QUEUED.value).strip()
    if raw == ANY:
        return None
    try:
        return ClaimStatus(raw)
    except ValueError:
        choices = ", ".join([ANY, *(s.value for s in ClaimStatus)])
        raise InvalidInput(
            f"Unknown status {raw!r}. Choose one of: {choices}.", field="status"
        ) from None


def _assignee(raw: str | None) -> int | str | None:
    raw = (raw or "").strip()
    if not raw or raw == ANY:
        return None
    if raw == UNASSIGNED:
        return UNASSIGNED
    try:
        return whole_number(raw, "assignee")
    except InvalidInput:
        raise InvalidInput(
            "assignee must be a user id or 'unassigned'.", field="assignee"
        ) from None


def _date(params: Mapping[str, str], key: str) -> dt.datetime | None:
    day = calendar_date(params.get(key), key)
    return clock.local_moment(day, 0) if day else None


def parse(params: Mapping[str, str]) -> tuple[QueueFilter, str, str | None, int]:
    """Return (filters, sort, cursor, limit) from query parameters; raise InvalidInput."""
    sort = (params.get("sort") or "priority").strip()
    if sort not in SORTS:
        raise InvalidInput(
            f"Unknown sort {sort!r}. Choose one of: {', '.join(SORTS)}.", field="sort"
        )
    older = _int(params, "older_than_days", high=36_500)
    filters = QueueFilter(
        status=_status(params.get("status")),
        article_id=_int(params, "article"),
        assignee=_assignee(params.get("assignee")),
        claimant=(params.get("claimant") or "").strip() or None,
        min_score=_float(params, "min_score"),
        max_score=_float(params, "max_score"),
        due_before=_date(params, "due_before"),
        older_than_days=older,
    )
    limit = _int(params, "limit", high=1000) or 50
    return filters, sort, (params.get("cursor") or "").strip() or None, limit


def chosen(filters: QueueFilter, sort: str) -> int:
    """How many filters differ from the queue's defaults, a sort order of its own counting
    as one (the page says so where the filters are folded away)."""
    default = QueueFilter()
    changed = sum(getattr(filters, f.name) != getattr(default, f.name) for f in fields(QueueFilter))
    return changed + (sort != "priority")
