"""The date of an imported fact-check, as other tools export it.

Read by the standard library (ISO 8601) and python-dateutil ("10/22/2019", "22.10.2019",
"October 22nd, 2019", "22-Oct-2019", "Tue, 22 Oct 2019 23:03:00 -0400"); a date written out
inside a sentence, as PolitiFact's "stated on October 22, 2019 in a speech", is found by one
pattern, since dateutil's fuzzy reading was slower and missed some (measured on PolitiFact's
dates).

- **Numeric dates whose day and month could be either way** (03/04/2019) are never guessed:
  they are read in the order the import is given (``DateOrder``), else in the order the
  file's other numeric dates show (10/22/2019 is month first, 22/10/2019 day first), else
  not kept. ``FileOrder`` gathers what a file shows on the import's first reading.
- **A time with a zone** gives the date in its own zone, as the outlet's page showed it:
  "2019-10-22T23:30:00-04:00" is 22 October, though it was the 23rd in UTC. A date without
  a time has no zone, so the two kinds of date agree, and no day moves with the newsroom's
  zone.
- **Bounded work:** only the first ``MAX_DATE_TEXT`` characters are read, dateutil only the
  first ``MAX_PARSED`` (a date with its time and zone is shorter), and readings are
  remembered (a file repeats its days), so a hostile field costs as little as a date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from dateutil import parser as dateutil_parser

DateOrder = Literal["day-first", "month-first"]
DATE_ORDERS: tuple[DateOrder, ...] = ("month-first", "day-first")
MAX_DATE_TEXT = 300  # a PolitiFact "stated on …" runs to about 100
MAX_PARSED = 80  # "Tuesday, October 22, 2019 at 11:03:00 PM Eastern Daylight Time" is 64


@dataclass(frozen=True)
class Reading:
    """A date as written: its day read month first and day first (the same day unless its
    day and month could be either way), and the order it can only have been written in
    (10/22/2019: month first), as evidence of its file's order."""

    month_first: dt.date | None
    day_first: dt.date | None
    shows: DateOrder | None = None

    @property
    def ambiguous(self) -> bool:
        return None not in (self.month_first, self.day_first) and (
            self.month_first != self.day_first
        )

    def day(self, order: DateOrder | None) -> dt.date | None:
        if not self.ambiguous:
            return self.month_first or self.day_first  # one, or the only one there is
        if order is None:
            return None
        return self.month_first if order == "month-first" else self.day_first


def read_date(value: Any, order: DateOrder | None = None) -> dt.date | None:
    """The day ``value`` gives, None when it gives none or its day and month could be either
    way and no ``order`` says which."""
    return read(value).day(order) if value else None


def read(value: Any) -> Reading:
    """How a date field reads, from its first ``MAX_DATE_TEXT`` characters."""
    return reading(" ".join(str(value)[:MAX_DATE_TEXT].split()))


# 16,384 readings cover every day of 44 years, the repeats of a file of numeric dates.
@functools.lru_cache(maxsize=16_384)
def reading(text: str) -> Reading:
    """How ``text`` (cut and its spaces made one) reads as a date."""
    try:
        day: dt.date | None = dt.date.fromisoformat(text[:10])
        return Reading(day, day)  # the date part of an ISO time is in its own zone
    except ValueError:
        pass
    if found := _NUMERIC.search(text):
        return _numeric(found)
    if (day := _written_out(text)) is not None:
        return Reading(day, day)
    if len(text) > MAX_PARSED:
        return Reading(None, None)
    month_first = _parsed(text, dayfirst=False)
    if month_first is None or _YEAR_FIRST.match(text) or month_first.day > 12:
        return Reading(month_first, month_first)
    # "3 4 2019": dateutil would read it month first without a word.
    return Reading(month_first, _parsed(text, dayfirst=True))


# Day and month in numbers, then the year: 10/22/2019, 22.10.2019, 10-22-19 (one separator).
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]?\d)")
# 2019/10/22, 20191022: year, month, day in every tool (dateutil's dayfirst would swap them).
_YEAR_FIRST = re.compile(r"\d{4}")


def _numeric(found: re.Match[str]) -> Reading:
    first, second = int(found[1]), int(found[3])
    shows: DateOrder | None = None
    if first > 12 >= second:
        shows = "day-first"
    elif second > 12 >= first:
        shows = "month-first"
    written = found[0]
    month_first, day_first = _parsed(written, dayfirst=False), _parsed(written, dayfirst=True)
    if month_first is None:  # 02/30/2019 shows no order: it is no date
        return Reading(None, None)
    return Reading(month_first, day_first, shows)


# Sentinel defaults: a part the text does not give comes from the default, so a reading
# that changes with it lacks that part ("October 2019", "Tuesday").
_DEFAULTS = (dt.datetime(1, 1, 1), dt.datetime(2, 2, 2))


def _parsed(text: str, *, dayfirst: bool) -> dt.date | None:
    """dateutil's reading of the whole of ``text``, when it gives a year, a month and a
    day. A zone is ignored: the date is the one written, in its own zone."""
    days = set()
    for default in _DEFAULTS:
        try:
            read = dateutil_parser.parse(text, default=default, dayfirst=dayfirst, ignoretz=True)
        except (ValueError, OverflowError):  # ParserError is a ValueError
            return None
        days.add(read.date())
        if 1 not in (read.year, read.month, read.day):
            break  # no part of the first default is in it: every part was given
    return days.pop() if len(days) == 1 else None


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
# A whole date inside a sentence: "October 22, 2019", "Oct. 22 2019" or "22 October 2019".
_WRITTEN_DATE = re.compile(
    r"\b(?:(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2}),? |(?P<day2>\d{1,2}) "
    r"(?P<month2>[A-Za-z]{3,9})\.? )(?P<year>\d{4})\b"
)


def _written_out(text: str) -> dt.date | None:
    for found in _WRITTEN_DATE.finditer(text):
        month = _MONTHS.get((found["month"] or found["month2"]).lower())
        if month is None:
            continue
        try:
            return dt.date(int(found["year"]), month, int(found["day"] or found["day2"]))
        except ValueError:
            continue
    return None


def in_words(order: DateOrder) -> str:
    return order.replace("-", " ")


def day_in_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class FileOrder:
    """The order of a file's numeric dates: the one the import is given, else the one its
    dates show when they show only one (gathered on the first reading, by ``saw``)."""

    def __init__(self, given: DateOrder | None) -> None:
        self.given = given
        self.examples: dict[DateOrder, str] = {}  # the first date showing each order
        self.first_ambiguous: str | None = None
        self.order: DateOrder | None = given

    def saw(self, found: Reading, shown: str, where: str) -> None:
        if found.shows is not None and found.shows not in self.examples:
            self.examples[found.shows] = f"{shown} ({where})"
        elif found.ambiguous and self.first_ambiguous is None:
            self.first_ambiguous = f"{shown} ({where})"

    def settle(self) -> None:
        """After the first reading: the order the ambiguous dates are read in."""
        if self.given is None and len(self.examples) == 1:
            self.order = next(iter(self.examples))

    def notice(self) -> str | None:
        """What the archivist is told of the file's order, when there is something to tell."""
        either = "those that could be either way are"
        if len(self.examples) == 2:
            both = (
                f"month first, {self.examples['month-first']}, and day first,"
                f" {self.examples['day-first']}"
            )
            then = (
                f"read {in_words(self.given)}, as asked"
                if self.given
                else ("imported without a date")
            )
            return f"The file writes dates {both}; {either} {then}"
        if self.given is not None:
            against = next((o for o in self.examples if o != self.given), None)
            if against is None:
                return None
            told = in_words(self.given)
            return (
                f"Dates were to be read {told}, but the file writes {self.examples[against]}"
                f" {in_words(against)}; {either} read {told}, as asked"
            )
        if self.order is not None and self.first_ambiguous is not None:
            return (
                f"Dates such as {self.first_ambiguous}, whose day and month could be either"
                f" way, are read {in_words(self.order)}, as the file writes"
                f" {self.examples[self.order]}"
            )
        return None
