"""Read fact-check feeds as a stream: JSONL, ClaimReview JSON-LD, or Google's data feed.

Contract of :func:`read_feed`: it yields one :class:`Incoming` or one :class:`Unreadable` per
record, in file order (each callback is given the record and where it is: "Line 3",
"ClaimReview 7"), reading the file in small pieces, so memory stays bounded on any
file size (a record itself is at most MAX_RECORD bytes). It never raises for bad content:
a bad line or ClaimReview is reported (with its line or ClaimReview number) and the rest is
read. The formats:

* JSONL: one JSON object a line, either ``{id, claim, title?, rating?, url?, date?, outlet?,
  claimant?}`` or a ClaimReview.
* A JSON document: one ClaimReview, a list of them, ``{"@graph": [...]}``, ``{"items": [...]}``
  or the Google Fact Check Tools ClaimReview data feed ``{"dataFeedElement": [{"item":
  [ClaimReview, ...]}, ...]}`` (streamed element by element with ijson).

The format is told from the first lines: a file whose first (or, if the first is broken,
second) non-blank line is a JSON object on its own, and not a container of ClaimReviews, is
JSONL. A UTF-8 byte-order mark is skipped. A file that is empty, or whose first character
cannot open JSON (a CSV, a PDF, a compressed or UTF-16 file), raises InvalidInput before any
record, saying what it looks like.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import ijson

from factcheck.domain.errors import InvalidInput

# One JSONL line or one document element: larger is not a fact-check.
MAX_RECORD = 1_000_000
CONTAINER_KEYS = ("@graph", "items", "itemListElement", "dataFeedElement")
# ijson prefixes of the elements streamed one by one.
_UNITS = frozenset({"item", *(f"{key}.item" for key in CONTAINER_KEYS)})


@dataclass(frozen=True)
class Unreadable:
    """A record that could not be read: where it is ("Line 3", "ClaimReview 7") and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class CountingReader:
    """A binary stream that counts the bytes read from it (for a progress bar)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.consumed += len(data)
        return data

    def readline(self, limit: int = -1) -> bytes:
        line = self._stream.readline(limit)
        self.consumed += len(line)
        return line

    def seek_start(self, skip: int = 0) -> None:
        self._stream.seek(0)
        self.consumed = 0
        self.read(skip)


Record = dict[str, Any]


Read = Callable[[Record, str], Any]


def read_feed(
    stream: CountingReader,
    item: Read,
    claimreview: Read,
    other: Callable[[Record], None] | None = None,
) -> Iterator[Any]:
    """Each record of ``stream`` passed through ``item`` (a JSONL object) or ``claimreview``
    (a ClaimReview of a document), or an Unreadable; ValueError from them is reported.
    ``other`` is given each object of a document that is neither a ClaimReview nor holds
    any (a JSON-LD graph's other nodes, or records of another shape)."""
    start = _opening(stream)
    jsonl = _looks_like_jsonl(stream)
    stream.seek_start(start)
    if jsonl:
        yield from _jsonl(stream, item)
    else:
        yield from _document(stream, claimreview, other or (lambda record: None))


BOM = b"\xef\xbb\xbf"
# What a file that cannot be JSON looks like, told by its first bytes.
_FOREIGN = (
    (b"\x1f\x8b", "The file is compressed (gzip): uncompress it and import the file inside."),
    (b"PK\x03\x04", "This file is not JSON: it looks like a zip archive or a spreadsheet."),
    (b"%PDF", "This file is not JSON: it looks like a PDF."),
    (b"<", "This file is not JSON: it looks like HTML or XML."),
)
EXPECTED = (
    ' factcheck imports JSON lines ({"id", "claim", ...} on each line), ClaimReview JSON-LD'
    " or the Google Fact Check Tools data feed; convert a CSV or spreadsheet export to JSON"
    " lines first."
)


def _opening(stream: CountingReader) -> int:
    """Where the JSON starts: after a UTF-8 byte-order mark, if any. InvalidInput when the
    file is empty (blank space aside), or when neither of its first two non-blank lines
    opens JSON (one broken line before JSON lines is reported as a bad line, not refused);
    nothing has been imported then."""
    first = stream.read(len(BOM))
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput("The file is UTF-16 text: save it as UTF-8 and import it again.")
    start = len(BOM) if first == BOM else 0
    stream.seek_start(start)
    lines: list[bytes] = []
    while len(lines) < 2 and (line := stream.readline(MAX_RECORD)):
        if line.strip():
            lines.append(line.lstrip())
    if not lines:
        raise InvalidInput("The file is empty.")
    if not any(line.startswith((b"{", b"[")) for line in lines):
        found = next((text for mark, text in _FOREIGN if lines[0].startswith(mark)), None)
        raise InvalidInput(
            (found or "This file is not JSON: it looks like CSV or plain text.") + EXPECTED
        )
    stream.seek_start(start)
    return start


def _looks_like_jsonl(stream: CountingReader) -> bool:
    tried = 0
    while tried < 2:
        line = stream.readline(MAX_RECORD)
        if not line:
            return False
        if not line.strip():
            continue
        tried += 1
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            continue
        return isinstance(value, dict) and not any(key in value for key in CONTAINER_KEYS)
    return False


def _jsonl(stream: CountingReader, item: Read) -> Iterator[Any]:
    number = 0
    while line := stream.readline(MAX_RECORD + 1):
        number += 1
        if len(line) > MAX_RECORD and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_RECORD)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the line without holding it
            yield Unreadable(f"Line {number}", f"longer than {MAX_RECORD:,} bytes")
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
            if not isinstance(value, dict):
                raise ValueError("a line must be a JSON object")
            yield item(value, f"Line {number}")
        except UnicodeDecodeError as exc:
            # A file saved in another encoding (Windows-1252, Latin-1): say so, not the codec.
            yield Unreadable(
                f"Line {number}",
                f"not UTF-8 text (byte 0x{line[exc.start]:02X} at byte {exc.start + 1} of the "
                "line): save the file as UTF-8 and import it again",
            )
        except ValueError as exc:
            yield Unreadable(f"Line {number}", str(exc))
        except RecursionError:
            yield Unreadable(f"Line {number}", "nested too deeply to read")


class TooManyDigits(ValueError):
    """A run of digits longer than Python converts to an integer (see `DigitGuard`)."""


class DigitGuard:
    """The stream, refusing a run of more digits than Python converts to an integer.

    ijson's C parser crashes the whole process on such a number (its conversion fails and
    the failure is not checked: a segmentation fault, not an exception), so the document
    parser never sees one. No fact-check holds a 4,300-digit number; a string of digits that
    long is refused too, which costs nothing real. The scan is linear: each run is measured
    once from where it starts, and a run cut by the end of a piece carries over.
    """

    def __init__(self, stream: CountingReader, limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._too_long = re.compile(rb"(?<![0-9])[0-9]{%d}" % (limit + 1))
        self._run = 0  # digits at the end of what was read so far

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        leading = len(data) - len(data.lstrip(b"0123456789"))
        if leading == len(data):
            self._run += leading
        else:
            if self._run + leading > self._limit or self._too_long.search(data, leading):
                self._run = self._limit + 1
            else:
                self._run = len(data) - len(data.rstrip(b"0123456789"))
        if self._run > self._limit:
            raise TooManyDigits(f"holds a run of more than {self._limit:,} digits")
        return data


def _document(
    stream: CountingReader, claimreview: Read, other: Callable[[Record], None]
) -> Iterator[Any]:
    number = 0
    limit = sys.get_int_max_str_digits()
    guarded = DigitGuard(stream, limit) if limit else stream
    try:
        for element in _elements(ijson.parse(guarded)):
            for review in _claimreviews(element, other):
                number += 1
                try:
                    yield claimreview(review, f"ClaimReview {number}")
                except ValueError as exc:
                    yield Unreadable(f"ClaimReview {number}", str(exc))
    except (ijson.JSONError, TooManyDigits) as exc:
        where = f"after ClaimReview {number}" if number else "before any ClaimReview"
        what = "is not valid JSON" if isinstance(exc, ijson.JSONError) else "cannot be read"
        yield Unreadable("The JSON document", f"{what} {where} ({exc}); read up to there")


# ClaimReview documents nest a few levels; a thousand is far beyond any real feed.
MAX_NESTING = 1000


def _elements(events: Iterator[tuple[str, str, Any]]) -> Iterator[Any]:
    """The elements of the document's containers one by one, and the top-level object itself
    without them (a lone ClaimReview), each built in memory on its own."""
    top: ijson.ObjectBuilder | None = None
    unit: ijson.ObjectBuilder | None = None
    depth = 0
    nesting = 0
    for prefix, event, value in events:
        nesting += (event in ("start_map", "start_array")) - (event in ("end_map", "end_array"))
        if nesting > MAX_NESTING:
            # Each level lengthens every event's prefix, and building or walking the value
            # would recurse: refuse before either grows with the depth.
            raise InvalidInput(
                f"The JSON document is nested too deeply to read (over {MAX_NESTING:,} levels)."
            )
        if unit is not None:
            unit.event(event, value)
            depth += event in ("start_map", "start_array")
            depth -= event in ("end_map", "end_array")
            if depth == 0:
                yield unit.value
                unit = None
        elif prefix in _UNITS and event in ("start_map", "start_array"):
            unit, depth = ijson.ObjectBuilder(), 1
            unit.event(event, value)
        elif prefix == "" and event == "start_map":
            top = ijson.ObjectBuilder()
            top.event(event, value)
        elif top is not None and prefix.split(".", 1)[0] not in CONTAINER_KEYS:
            top.event(event, value)
            if prefix == "" and event == "end_map":
                yield top.value


def _claimreviews(value: Any, other: Callable[[Record], None]) -> Iterator[Record]:
    """The ClaimReview objects in an element: itself, a list, an @graph or a feed item, in
    order. A loop with its own stack, not recursion: any nesting read is walked safely."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(reversed(node))
        elif isinstance(node, dict):
            if node.get("@type") == "ClaimReview":
                yield node
            else:
                keys = ("@graph", "items", "item", "itemListElement")
                found = [node[key] for key in keys if isinstance(node.get(key), list | dict)]
                pending.extend(reversed(found))
                if not found:
                    other(node)
