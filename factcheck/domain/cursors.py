"""Keyset pagination cursors: the sort key of the last row seen, opaque to clients.

Cursors come back from anyone, so decoding checks their shape and every value read from
them; a forged cursor is refused with a clear message, never a server error.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from collections.abc import Callable
from typing import Any, TypeVar

from factcheck.domain.errors import InvalidInput
from factcheck.domain.validation import MAX_ID

T = TypeVar("T")
INVALID = "The page cursor is not valid; start from the first page."


def encode(key: Any, row_id: int) -> str:
    raw = json.dumps([key, row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, read: Callable[[Any, int], T]) -> T:
    """`read(key, row_id)` of the cursor; any malformed part raises InvalidInput."""
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(value, list) or len(value) != 2:
            raise ValueError(cursor)
        return read(value[0], int(number(value[1])))
    except (ValueError, TypeError, OverflowError, LookupError, RecursionError) as exc:
        raise InvalidInput(INVALID, field="cursor") from exc


def number(value: Any) -> float:
    """A finite number of a sensible size, written as a JSON number (not `true`, not "7")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    result = float(value)
    if not math.isfinite(result) or abs(result) > MAX_ID:
        raise ValueError(value)
    return result


def moment(value: Any) -> dt.datetime:
    """A timestamp in UTC; one without a zone is read as UTC. One that UTC cannot hold
    ("9999-12-31T23:59:59-14:00") raises OverflowError here, not in the query."""
    when = dt.datetime.fromisoformat(value)
    return when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)
