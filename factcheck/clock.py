"""The one place that reads the time, so tests can move it, and the one place that turns a
stored moment (always UTC) into the newsroom's time (FACTCHECK_TIME_ZONE)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

_source: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)  # noqa: E731
_zone: ZoneInfo = ZoneInfo("UTC")


def now() -> dt.datetime:
    """Return the current time, timezone-aware in UTC."""
    return _source()


def set_source(source: Callable[[], dt.datetime] | None) -> None:
    """Replace the clock (tests); None restores the real one."""
    global _source
    _source = source or (lambda: dt.datetime.now(dt.UTC))


def set_zone(name: str | None) -> None:
    """The newsroom's zone, an IANA name (the app sets it from its settings); None: UTC."""
    global _zone
    _zone = ZoneInfo(name or "UTC")


def zone_name() -> str:
    """The newsroom's zone as its setting names it: "UTC", "Australia/Sydney"."""
    return _zone.key


def local(moment: dt.datetime) -> dt.datetime:
    """A stored moment in the newsroom's time (a naive one is UTC, as the database keeps it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(_zone)


def local_today() -> dt.date:
    """The newsroom's day now: in Sydney's morning, UTC is still on yesterday."""
    return local(now()).date()


def day_of(moment: dt.datetime) -> dt.date:
    """The newsroom's day a stored moment fell on."""
    return local(moment).date()


def local_moment(day: dt.date, hour: int) -> dt.datetime:
    """`hour`:00 newsroom time on `day`, in UTC as it is stored."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=_zone).astimezone(dt.UTC)


def stamp(moment: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored moment as the newsroom reads it, with its zone: '2026-12-06 08:30 AEDT'."""
    return local(moment).strftime(f"{fmt} %Z")
