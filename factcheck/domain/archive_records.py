"""One record of a fact-check file read into an :class:`Incoming` entry, or refused.

A record is refused (ValueError, naming the field) when it could only be stored changed: a
value that is not text, text over its limit, an address that is not http(s), a character no
database can store. A date that cannot be read, whose day and month could be either way
(archive_dates), that has not come yet or that is before 1900 (the desk's bound) does not
refuse the entry: it is imported without a date, ``date_problem`` says which and
``date_note`` why (the report counts and shows them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from factcheck import clock
from factcheck.domain.archive_dates import DateOrder, FileOrder, day_in_words, read
from factcheck.domain.validation import EARLIEST, is_web_url, unstorable

MAX_EXTERNAL_ID = 200  # ArchiveEntry.external_id
UNKNOWN_OUTLET = "unknown outlet"
# A day of grace: where an outlet's day has begun (up to UTC+14), the newsroom's may not have.
FUTURE_GRACE = dt.timedelta(days=1)
EXPECTED_FIELDS = (
    'each line a JSON object with "id" and "claim" (and optionally "title", "rating", "url",'
    ' "date", "outlet", "claimant"), or a ClaimReview'
)
# Why a date given was not kept; the report counts each in its own field (``<problem>_dates``).
DateProblem = Literal["unreadable", "ambiguous", "future", "old"]


@dataclass(frozen=True)
class Incoming:
    external_id: str
    outlet: str
    claim: str
    title: str | None = None
    rating: str | None = None
    url: str | None = None
    claimant: str | None = None
    published_on: dt.date | None = None
    where: str = ""  # "Line 3", "ClaimReview 7"
    date_note: str | None = None  # why the date given was not kept
    date_problem: DateProblem | None = None

    def key_digest(self) -> bytes:
        """16 bytes standing for (outlet, id): what an import remembers of each entry."""
        key = f"{self.outlet}\0{self.external_id}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(key, digest_size=16).digest()


class RecordReader:
    """Reads the records of one file (feed.read_feed's callbacks), with dates checked against
    the day it started and numeric dates read in the file's order (``dates``: given, or
    settled after the first reading); remembers the fields of the first record, to name
    them when no record could be read."""

    def __init__(self, date_order: DateOrder | None = None) -> None:
        self.latest = clock.local_today() + FUTURE_GRACE
        self.dates = FileOrder(date_order)
        self.first_fields: list[str] | None = None

    def line(self, item: dict[str, Any], where: str) -> Incoming:
        self.other(item)
        return _storable(_from_line(item, where, self))

    def claimreview(self, item: dict[str, Any], where: str) -> Incoming:
        self.other(item)
        return _storable(_from_claimreview(item, where, self))

    def other(self, item: dict[str, Any]) -> None:
        """A record of the file, read or not."""
        if self.first_fields is None:
            self.first_fields = [str(name)[:40] for name in list(item)[:12]]


# An HTML tag: "<" then a letter (or "/" and a letter), so "< 5%" and "a > b" are not tags.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
# Tags inside a line of text; any other tag ends a block and stands for a space.
_INLINE = frozenset({"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small",
                     "span", "strong", "sub", "sup", "u"})  # fmt: skip


def _plain(text: str) -> str:
    """Text exported from a web page as readers should see it: tags dropped, entities read
    ("&amp;" is "&", "&#8217;" a quotation mark). Tags go first, so that an entity spelling a
    tag out ("&lt;b&gt;") stays as written."""
    if "<" in text:
        text = _TAG.sub(lambda tag: "" if tag[2].lower() in _INLINE else " ", text)
    return html.unescape(text) if "&" in text else text


def _text(value: Any, limit: int, name: str, *, markup: bool = True) -> str | None:
    """A field's text, its runs of spaces made one, and, with ``markup``, its HTML read as
    text (`_plain`). A value that is not text (a list, an object with no "name") or longer
    than `limit` is refused, naming the field: stored, it would read "['x']" or "None", or be
    cut without a word."""
    if isinstance(value, dict):  # schema.org: {"@type": "Organization", "name": ...}
        value = value.get("name")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{name} must be text, not {type(value).__name__}")
    text = " ".join((_plain(value) if markup and isinstance(value, str) else str(value)).split())
    if len(text) > limit:
        raise ValueError(f"{name} is longer than {limit:,} characters")
    return text or None


def _web_url(value: Any, name: str) -> str | None:
    """An entry's address, when it has one: an http(s) address, or the entry is refused
    (a javascript: address was dropped without a word)."""
    if isinstance(value, dict):
        raise ValueError(f"{name} must be text, not an object")
    url = _text(value, 2048, name, markup=False)  # an address is kept as sent
    if url is not None and not is_web_url(url):
        raise ValueError(f"{name} is not an http or https address")
    return url


def _entry_date(
    value: Any, name: str, where: str, reader: RecordReader
) -> tuple[dt.date | None, str | None, DateProblem | None]:
    """The entry's date and, when one was given but is not kept, why and which problem: it
    cannot be read ("next Tuesday", "2019-02-30"), its day and month could be either way
    and the file's order is not known (03/04/2019), it is after ``reader.latest`` (a date
    that has not come yet would rank the entry as the newest and date it wrongly for
    readers) or it is before 1900 (``validation.EARLIEST``, where the desk's dates begin:
    "0001-01-01" is an export's placeholder, not a day a fact-check was published)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None, None
    if isinstance(value, bool) or not isinstance(value, str | int):
        why = f"{name} must be text, not {type(value).__name__}"
        return None, f"{why}; imported without a date", "unreadable"
    shown = json.dumps(value[:40] if isinstance(value, str) else value)
    found = read(value)
    reader.dates.saw(found, shown, where)
    day = found.day(reader.dates.order)
    if found.ambiguous and day is None and found.month_first and found.day_first:
        either = (
            f"month first ({day_in_words(found.month_first)}) or day first"
            f" ({day_in_words(found.day_first)})"
        )
        why = f"{name} {shown} could be {either}"
        return None, f"{why}; imported without a date (give the file's date order)", "ambiguous"
    if day is None:
        how = 'write 2019-10-22 or "October 22, 2019"'
        why = f"{name} {shown} could not be read as a date ({how})"
        return None, f"{why}; imported without a date", "unreadable"
    if day > reader.latest:
        return None, f"{name} {shown} is in the future; imported without a date", "future"
    if day < EARLIEST:
        why = f"{name} {shown} is before {EARLIEST.year}"
        return None, f"{why}; imported without a date", "old"
    return day, None, None


def _address_id(url: str) -> str:
    """A fact-check's id from its address: the address itself, or, for one longer than an
    id may be (addresses run to 2,048 characters), a digest of it, so that importing it
    again finds the same entry."""
    if len(url) <= MAX_EXTERNAL_ID:
        return url
    return "sha256:" + hashlib.sha256(url.encode()).hexdigest()


def _from_claimreview(item: dict[str, Any], where: str, reader: RecordReader) -> Incoming:
    rating = item.get("reviewRating") or {}
    reviewed = item.get("itemReviewed") or {}
    url = _web_url(item.get("url"), "url")
    claim = _text(item.get("claimReviewed"), 5000, "claimReviewed")
    if not claim:
        raise ValueError("claimReviewed is missing")
    rated = rating.get("alternateName") if isinstance(rating, dict) else None
    published_on, date_note, date_problem = _entry_date(
        item.get("datePublished"), "datePublished", where, reader
    )
    return Incoming(
        external_id=_address_id(url) if url else claim[:MAX_EXTERNAL_ID],
        outlet=_text(item.get("author"), 200, "author") or UNKNOWN_OUTLET,
        claim=claim,
        title=_text(item.get("name") or item.get("headline"), 2000, "name"),
        rating=_text(rated, 120, "reviewRating"),
        url=url,
        claimant=_text(
            reviewed.get("author") if isinstance(reviewed, dict) else None,
            200,
            "itemReviewed.author",  # the claimant; "author" is the outlet
        ),
        published_on=published_on,
        where=where,
        date_note=date_note,
        date_problem=date_problem,
    )


def _from_line(item: dict[str, Any], where: str, reader: RecordReader) -> Incoming:
    if item.get("@type") == "ClaimReview":
        return _from_claimreview(item, where, reader)
    external_id = _text(item.get("id"), MAX_EXTERNAL_ID, "id")
    claim = _text(item.get("claim"), 5000, "claim")
    if not external_id or not claim:
        raise ValueError("each line needs an 'id' and a 'claim'")
    published_on, date_note, date_problem = _entry_date(item.get("date"), "date", where, reader)
    return Incoming(
        external_id=external_id,
        outlet=_text(item.get("outlet"), 200, "outlet") or UNKNOWN_OUTLET,
        claim=claim,
        title=_text(item.get("title"), 2000, "title"),
        rating=_text(item.get("rating"), 120, "rating"),
        url=_web_url(item.get("url"), "url"),
        claimant=_text(item.get("claimant") or item.get("speaker"), 200, "claimant"),
        published_on=published_on,
        where=where,
        date_note=date_note,
        date_problem=date_problem,
    )


def _storable(incoming: Incoming) -> Incoming:
    """Text no database can store (a NUL, a lone surrogate): the entry is reported, naming
    the field, not half-imported."""
    for name, value in vars(incoming).items():
        stored = name not in ("where", "date_note", "date_problem")
        if stored and isinstance(value, str) and (what := unstorable(value)):
            raise ValueError(f"{name} contains {what}")
    return incoming
