"""Fact-checks published by other outlets: importing them from ClaimReview or JSONL.

Imported entries keep their outlet; factcheck never presents them as its own. Imports are
streamed (feed.py) and written in batches, so a feed of hundreds of thousands of
fact-checks imports in bounded memory; each entry is indexed for matching as it is written:
its terms at once, its embedding by the embed_archive_entries job after the commit (or at
once with ``embed_now``, as the command-line import does).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit, match_index, stored_suggestions
from factcheck.domain.archive_dates import DateOrder
from factcheck.domain.archive_records import EXPECTED_FIELDS, Incoming, RecordReader
from factcheck.domain.errors import InvalidInput, NoFactChecks
from factcheck.domain.feed import CountingReader, Unreadable, read_feed
from factcheck.domain.validation import EARLIEST
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import ArchiveEntry, User
from factcheck.wording import counted

MAX_ENTRIES = 50_000


# Importing --------------------------------------------------------------------------------

BATCH = 1000
# A report keeps this many messages (and counts the rest), so that a file of millions of
# bad lines cannot fill memory.
MAX_MESSAGES = 100
# And this many examples of each kind of notice (an entry given again, a date not kept).
MAX_NOTICES = 10


@dataclass
class ImportReport:
    """What an import did with each entry of the file; the counts add up to its records:
    created + updated + unchanged + repeated + unreadable."""

    created: int = 0
    # Entries already in the archive whose stored fields changed: rewritten in place.
    updated: int = 0
    # Entries already in the archive exactly as read: not rewritten.
    unchanged: int = 0
    # Entries whose (outlet, id) the file gives again further on: the last one is imported.
    repeated: int = 0
    unreadable: int = 0
    # Entries imported without their date: it could not be read, its day and month could be
    # either way (03/04/2019) in a file of no known order, it has not come yet, or it is
    # before 1900 (Incoming.date_problem says which).
    unreadable_dates: int = 0
    ambiguous_dates: int = 0
    future_dates: int = 0
    old_dates: int = 0
    # The order the dates that could be either way were read in: the one given, or the one
    # the file's other numeric dates show; None when neither (archive_dates.FileOrder).
    date_order: DateOrder | None = None
    errors: list[str] = field(default_factory=list)  # the first MAX_MESSAGES
    notices: list[str] = field(default_factory=list)  # examples, MAX_NOTICES of each kind
    # Entries (new, or with new words) whose embedding the embed_archive_entries job computes
    # after the commit; until then they are matched by their words alone.
    waiting_for_vectors: int = 0

    @property
    def imported(self) -> int:
        """Every entry imported, new, updated or unchanged (the last of each id)."""
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        counts = (
            f"{self.created:,} new, {self.updated:,} updated, {self.unchanged:,} unchanged,"
            f" {self.repeated:,} repeated, {self.unreadable:,} unreadable"
        )
        dates = [
            f"{counted(number, 'date')} {why}"
            for number, why in (
                (self.unreadable_dates, "not read"),
                (self.ambiguous_dates, "that could be day or month first"),
                (self.future_dates, "in the future"),
                (self.old_dates, f"before {EARLIEST.year}"),
            )
            if number
        ]
        if not dates:
            return counts
        return f"{counts}; imported without a date: {', '.join(dates)}"

    def refuse(self, unreadable: Unreadable) -> None:
        self.unreadable += 1
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(str(unreadable))

    def repeat(self, entry: Incoming) -> None:
        self.repeated += 1
        if self.repeated <= MAX_NOTICES:
            self.notices.append(
                f"{entry.where}: id {entry.external_id!r} ({entry.outlet}) is given again"
                " further on in the file; the last of them is imported"
            )

    def check_date(self, entry: Incoming) -> None:
        if entry.date_problem is None:
            return
        if entry.date_problem == "future":
            self.future_dates += 1
        elif entry.date_problem == "old":
            self.old_dates += 1
        elif entry.date_problem == "ambiguous":
            self.ambiguous_dates += 1
        else:
            self.unreadable_dates += 1
        not_kept = self.unreadable_dates + self.ambiguous_dates + self.future_dates + self.old_dates
        if not_kept <= MAX_NOTICES:
            self.notices.append(f"{entry.where}: {entry.date_note}")


@dataclass(frozen=True)
class Progress:
    """Where an import stands, after each batch. The file is read twice (first for the ids
    it repeats, then to import), so ``bytes_read`` goes up to twice its size."""

    bytes_read: int
    report: ImportReport


def import_entries(
    session: Session,
    payload: str | bytes,
    actor: User | None,
    *,
    max_entries: int = MAX_ENTRIES,
    embed_now: bool = False,
    date_order: DateOrder | None = None,
) -> ImportReport:
    """Import a payload held in memory (the API, the desk's upload): see
    :func:`import_stream`. Bytes as they were sent, not decoded first, so that a compressed,
    UTF-16 or PDF file is told by its first bytes and named in the refusal."""
    if not payload.strip():
        raise InvalidInput("The file is empty.")
    raw = payload if isinstance(payload, bytes) else payload.encode("utf-8", errors="replace")
    stream = io.BytesIO(raw)
    return import_stream(
        session, stream, actor, max_entries=max_entries, embed_now=embed_now,
        date_order=date_order,
    )  # fmt: skip


OnBatch = Callable[[Session, Progress], None]


def import_stream(
    session: Session,
    stream: BinaryIO,
    actor: User | None,
    *,
    max_entries: int | None = None,
    on_batch: OnBatch | None = None,
    embed_now: bool = False,
    date_order: DateOrder | None = None,
) -> ImportReport:
    """Add or update archive entries read from ``stream`` (feed.read_feed: JSONL, ClaimReview
    JSON-LD or Google's data feed; seekable, as it is read twice), BATCH at a time; the same
    (outlet, id) imported again updates its entry in place. Unreadable records are reported
    and skipped. An (outlet, id) the file gives more than once is imported from its last
    entry, the earlier ones counted as ``repeated``, so importing an unchanged file again
    finds every entry unchanged.

    ``on_batch(session, progress)`` runs after each batch has been read or written and
    flushed: the CLI commits there and moves its progress bar, so memory stays bounded on
    any file size. Before anything is written, more than ``max_entries`` entries raises
    InvalidInput, and a file of which no entry can be read NoFactChecks.

    The entries' embeddings are left to the embed_archive_entries job, queued for after the
    commit, unless ``embed_now`` (the command line: no request waits, and the archive is
    complete when it ends, whether a worker runs or not).

    A numeric date whose day and month could be either way (03/04/2019) is read in
    ``date_order``, else in the order the file's other numeric dates show on the first
    reading (archive_dates.FileOrder), else imported without a date and counted.
    """
    reader = CountingReader(stream)
    records = RecordReader(date_order)
    repeats = _scan(session, reader, records, max_entries, on_batch)
    scanned = reader.consumed
    reader.seek_start()
    records.dates.settle()
    report = ImportReport(date_order=records.dates.order)
    if notice := records.dates.notice():
        report.notices.append(notice)
    batch: list[Incoming] = []
    for record in read_feed(reader, records.line, records.claimreview):
        if isinstance(record, Unreadable):
            report.refuse(record)
        elif not _given_again(record, repeats, report):
            report.check_date(record)
            batch.append(record)
        if len(batch) >= BATCH:
            _write(session, batch, report, embed_now)
            batch = []
            if on_batch is not None:
                on_batch(session, Progress(scanned + reader.consumed, report))
    _write(session, batch, report, embed_now)
    _finish(session, actor, report)
    if on_batch is not None:
        on_batch(session, Progress(scanned + reader.consumed, report))
    return report


def _scan(
    session: Session,
    reader: CountingReader,
    records: RecordReader,
    max_entries: int | None,
    on_batch: OnBatch | None,
) -> dict[bytes, int]:
    """The first reading: for each (outlet, id) the file gives more than once, how many of
    its entries come before its last. Memory: the 16-byte digest of each distinct key, in a
    set (23 MB for 300,000, measured), freed when this returns. Raises InvalidInput for more
    than ``max_entries`` entries and NoFactChecks when none can be read."""
    seen: set[bytes] = set()
    repeats: dict[bytes, int] = {}
    readable = 0
    first_error: str | None = None
    for record in read_feed(reader, records.line, records.claimreview, records.other):
        if isinstance(record, Unreadable):
            first_error = first_error or str(record)
            continue
        readable += 1
        if max_entries is not None and readable > max_entries:
            raise InvalidInput(f"At most {max_entries:,} fact-checks per import; split the file.")
        key = record.key_digest()
        if key in seen:
            repeats[key] = repeats.get(key, 0) + 1
        seen.add(key)
        if on_batch is not None and readable % BATCH == 0:
            on_batch(session, Progress(reader.consumed, ImportReport()))
    if not readable:
        raise _nothing_read(records, first_error)
    return repeats


def _nothing_read(records: RecordReader, first_error: str | None) -> NoFactChecks:
    """The refusal of a file in which no fact-check could be read: what was expected, the
    fields its first record has (a file of {"statement", "label"} objects says so), and the
    first record's problem."""
    fields = records.first_fields
    if fields is None and first_error is None:
        found = "it holds no JSON object"
    elif fields is None:
        found = "its first record could not be read as a JSON object"
    else:
        names = ", ".join(map(repr, fields)) if fields else "none"
        found = f"the fields of its first record are {names}"
    problem = f" ({first_error})" if first_error else ""
    return NoFactChecks(
        f"No fact-check could be read from the file: expected {EXPECTED_FIELDS}, or the"
        f" Google Fact Check Tools data feed; {found}{problem}."
    )


def _given_again(record: Incoming, repeats: dict[bytes, int], report: ImportReport) -> bool:
    """Whether the file gives this entry's (outlet, id) again further on (and counts it)."""
    key = record.key_digest()
    left = repeats.get(key)
    if not left:
        return False
    if left == 1:
        del repeats[key]
    else:
        repeats[key] = left - 1
    report.repeat(record)
    return True


def _finish(session: Session, actor: User | None, report: ImportReport) -> None:
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


_FIELDS = ("claim", "title", "rating", "url", "claimant", "published_on")
# What the match index holds of an entry: it is re-indexed only when one of these changes.
_MATCHED_FIELDS = ("claim", "title", "published_on")


def _write(session: Session, batch: list[Incoming], report: ImportReport, embed_now: bool) -> None:
    """Insert the new entries of a batch and update the changed ones, with two statements;
    then index them for matching. import_stream passes only the last entry of each key (the
    dict would keep the last of a key given twice)."""
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
