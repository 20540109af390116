"""Fact-checks published by other outlets: importing them from ClaimReview or JSONL.

Imported entries keep their outlet; factcheck never presents them as its own. Imports are
streamed (feed.py) and written in batches, so a feed of hundreds of thousands of
fact-checks imports in bounded memory; each entry is indexed for matching as it is written:
its terms at once, its embedding by the embed_archive_entries job after the commit (or at
once with ``embed_now``, as the command-line import does).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit, match_index, stored_suggestions
from factcheck.domain.errors import InvalidInput
from factcheck.domain.feed import CountingReader, Unreadable, read_feed
from factcheck.domain.validation import is_web_url, unstorable
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import ArchiveEntry, User

MAX_ENTRIES = 50_000
MAX_EXTERNAL_ID = 200  # ArchiveEntry.external_id
UNKNOWN_OUTLET = "unknown outlet"


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


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
# "October 22, 2019", "Oct. 22 2019" or "22 October 2019"
_WRITTEN_DATE = re.compile(
    r"\b(?:(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2}),? |(?P<day2>\d{1,2}) "
    r"(?P<month2>[A-Za-z]{3,9})\.? )(?P<year>\d{4})\b"
)


def read_date(value: Any) -> dt.date | None:
    """An ISO date, or the first whole date written out in the text: PolitiFact's "stated on
    October 22, 2019 in a speech" is the day the claim was made. None when there is none."""
    if not value:
        return None
    text = str(value)[:300]
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for found in _WRITTEN_DATE.finditer(text):
        month = _MONTHS.get((found["month"] or found["month2"]).lower())
        if month is None:
            continue
        try:
            return dt.date(int(found["year"]), month, int(found["day"] or found["day2"]))
        except ValueError:
            continue
    return None


def _address_id(url: str) -> str:
    """A fact-check's id from its address: the address itself, or, for one longer than an
    id may be (addresses run to 2,048 characters), a digest of it, so that importing it
    again finds the same entry."""
    if len(url) <= MAX_EXTERNAL_ID:
        return url
    return "sha256:" + hashlib.sha256(url.encode()).hexdigest()


def _from_claimreview(item: dict[str, Any]) -> Incoming:
    rating = item.get("reviewRating") or {}
    reviewed = item.get("itemReviewed") or {}
    url = _web_url(item.get("url"), "url")
    claim = _text(item.get("claimReviewed"), 5000, "claimReviewed")
    if not claim:
        raise ValueError("claimReviewed is missing")
    rated = rating.get("alternateName") if isinstance(rating, dict) else None
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
        published_on=read_date(item.get("datePublished")),
    )


def _from_line(item: dict[str, Any]) -> Incoming:
    if item.get("@type") == "ClaimReview":
        return _from_claimreview(item)
    external_id = _text(item.get("id"), MAX_EXTERNAL_ID, "id")
    claim = _text(item.get("claim"), 5000, "claim")
    if not external_id or not claim:
        raise ValueError("each line needs an 'id' and a 'claim'")
    return Incoming(
        external_id=external_id,
        outlet=_text(item.get("outlet"), 200, "outlet") or UNKNOWN_OUTLET,
        claim=claim,
        title=_text(item.get("title"), 2000, "title"),
        rating=_text(item.get("rating"), 120, "rating"),
        url=_web_url(item.get("url"), "url"),
        claimant=_text(item.get("claimant") or item.get("speaker"), 200, "claimant"),
        published_on=read_date(item.get("date")),
    )


def _storable(incoming: Incoming) -> Incoming:
    """Text no database can store (a NUL, a lone surrogate): the entry is reported, naming
    the field, not half-imported."""
    for name, value in vars(incoming).items():
        if isinstance(value, str) and (what := unstorable(value)):
            raise ValueError(f"{name} contains {what}")
    return incoming


def _read_line(item: dict[str, Any]) -> Incoming:
    return _storable(_from_line(item))


def _read_claimreview(item: dict[str, Any]) -> Incoming:
    return _storable(_from_claimreview(item))


# Importing --------------------------------------------------------------------------------

BATCH = 1000
# A report keeps this many messages (and counts the rest), so that a file of millions of
# bad lines cannot fill memory.
MAX_MESSAGES = 100


@dataclass
class ImportReport:
    created: int = 0
    # Entries already in the archive whose stored fields changed: rewritten in place.
    updated: int = 0
    # Entries already in the archive exactly as read: not rewritten.
    unchanged: int = 0
    unreadable: int = 0
    errors: list[str] = field(default_factory=list)  # the first MAX_MESSAGES
    # Entries (new, or with new words) whose embedding the embed_archive_entries job computes
    # after the commit; until then they are matched by their words alone.
    waiting_for_vectors: int = 0

    @property
    def imported(self) -> int:
        """Every entry read, new, updated or unchanged."""
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged,"
            f" {self.unreadable} unreadable"
        )

    def refuse(self, unreadable: Unreadable) -> None:
        self.unreadable += 1
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(str(unreadable))


@dataclass(frozen=True)
class Progress:
    """Where an import stands, after each batch."""

    bytes_read: int
    report: ImportReport


def import_entries(
    session: Session,
    payload: str,
    actor: User | None,
    *,
    max_entries: int = MAX_ENTRIES,
    embed_now: bool = False,
) -> ImportReport:
    """Import a payload held in memory (the API): see :func:`import_stream`."""
    if not payload.strip():
        raise InvalidInput("The file is empty.")
    stream = io.BytesIO(payload.encode("utf-8", errors="replace"))
    return import_stream(session, stream, actor, max_entries=max_entries, embed_now=embed_now)


def import_stream(
    session: Session,
    stream: BinaryIO,
    actor: User | None,
    *,
    max_entries: int | None = None,
    on_batch: Callable[[Session, Progress], None] | None = None,
    embed_now: bool = False,
) -> ImportReport:
    """Add or update archive entries read from ``stream`` (feed.read_feed: JSONL, ClaimReview
    JSON-LD or Google's data feed), BATCH at a time; the same (outlet, id) imported again
    updates its entry in place. Unreadable records are reported and skipped.

    ``on_batch(session, progress)`` runs after each batch has been written and flushed: the
    CLI commits there and moves its progress bar, so memory stays bounded on any file size.
    More than ``max_entries`` entries raises InvalidInput (nothing is to be committed then).

    The entries' embeddings are left to the embed_archive_entries job, queued for after the
    commit, unless ``embed_now`` (the command line: no request waits, and the archive is
    complete when it ends, whether a worker runs or not).
    """
    reader = CountingReader(stream)
    report = ImportReport()
    batch: list[Incoming] = []
    for record in read_feed(reader, _read_line, _read_claimreview):
        if isinstance(record, Unreadable):
            report.refuse(record)
            continue
        batch.append(record)
        if max_entries is not None and report.imported + len(batch) > max_entries:
            raise InvalidInput(f"At most {max_entries:,} fact-checks per import; split the file.")
        if len(batch) >= BATCH:
            _write(session, batch, report, embed_now)
            batch = []
            if on_batch is not None:
                on_batch(session, Progress(reader.consumed, report))
    _write(session, batch, report, embed_now)
    if not report.imported and not report.unreadable:
        raise InvalidInput("No fact-checks found: expected JSONL lines or ClaimReview JSON-LD.")
    audit.record(
        session,
        actor=actor,
        entity_type="archive",
        entity_id=0,
        action="import",
        note=report.summary(),
    )
    if report.waiting_for_vectors:
        enqueue_after_commit(session, "embed_archive_entries")
    if report.created or report.updated:
        stored_suggestions.request_refresh(session)
    if on_batch is not None:
        on_batch(session, Progress(reader.consumed, report))
    return report


_FIELDS = ("claim", "title", "rating", "url", "claimant", "published_on")
# What the match index holds of an entry: it is re-indexed only when one of these changes.
_MATCHED_FIELDS = ("claim", "title", "published_on")


def _write(session: Session, batch: list[Incoming], report: ImportReport, embed_now: bool) -> None:
    """Insert the new entries of a batch and update the changed ones, with two statements;
    then index them for matching. A key twice in one batch keeps its last version."""
    if not batch:
        return
    incoming = {(item.outlet, item.external_id): item for item in batch}
    stored = _stored(session, list(incoming))
    now = clock.now()
    fresh = [item for key, item in incoming.items() if key not in stored]
    changed = [
        (stored[key], item)
        for key, item in incoming.items()
        if key in stored and _values(stored[key]) != _values(item)
    ]
    report.created += len(fresh)
    report.updated += len(changed)
    report.unchanged += len(incoming) - len(fresh) - len(changed)
    new_ids = _insert(session, fresh, now)
    if changed:
        session.execute(
            update(ArchiveEntry),
            [{"id": row.id, **_values(item), "imported_at": now} for row, item in changed],
        )
    sources = [
        match_index.Source(f"{match_index.ARCHIVE}{entry_id}", item.claim, item.title,
                           item.published_on)
        for entry_id, item in [
            *zip(new_ids, fresh, strict=True),
            *((row.id, item) for row, item in changed
              if _values(row, _MATCHED_FIELDS) != _values(item, _MATCHED_FIELDS)),
        ]
    ]  # fmt: skip
    match_index.put(session, sources, embed_now=embed_now)
    if not embed_now:
        report.waiting_for_vectors += len(sources)
    session.flush()


def _values(entry: Any, names: tuple[str, ...] = _FIELDS) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in names}


def _stored(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The stored entries with these (outlet, external id) keys."""
    query = select(ArchiveEntry.id, ArchiveEntry.outlet, ArchiveEntry.external_id,
                   *(getattr(ArchiveEntry, name) for name in _FIELDS)).where(
        # Both columns of the unique index: it serves the look-up.
        ArchiveEntry.outlet.in_({outlet for outlet, _ in keys}),
        ArchiveEntry.external_id.in_({external for _, external in keys}),
    )  # fmt: skip
    wanted = set(keys)
    return {
        (row.outlet, row.external_id): row
        for row in session.execute(query)
        if (row.outlet, row.external_id) in wanted
    }


def _insert(session: Session, fresh: list[Incoming], now: dt.datetime) -> list[int]:
    if not fresh:
        return []
    rows = [
        {"outlet": item.outlet, "external_id": item.external_id, **_values(item),
         "imported_at": now}
        for item in fresh
    ]  # fmt: skip
    statement = insert(ArchiveEntry).returning(ArchiveEntry.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))
