"""The one place that reads the time, so tests can move it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

_source: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)  # noqa: E731


def now() -> dt.datetime:
    """Return the current time, timezone-aware in UTC."""
    return _source()


def set_source(source: Callable[[], dt.datetime] | None) -> None:
    """Replace the clock (tests); None restores the real one."""
    global _source
    _source = source or (lambda: dt.datetime.now(dt.UTC))
