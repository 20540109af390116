"""Importing feeds at scale: streamed formats, batches, re-imports, bad records.

The fact-checks are made up for these tests.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.domain import archive, earlier_checks, feed
from factcheck.domain.errors import InvalidInput
from factcheck.models import ArchiveEntry, MatchEntry, User
from tests.conftest import token_for


def claimreview(number: int, outlet: str = "Feed Checks") -> dict[str, Any]:
    return {
        "@type": "ClaimReview",
        "url": f"https://checks.example/{number}",
        "claimReviewed": f"Claim number {number} says the river rose {number} metres.",
        "author": {"@type": "Organization", "name": outlet},
        "datePublished": "2025-06-01",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }


def data_feed(count: int) -> dict[str, Any]:
    """Google Fact Check Tools' ClaimReview data feed: one DataFeedItem per ClaimReview."""
    return {
        "@context": "http://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [claimreview(n)]} for n in range(1, count + 1)
        ],
    }


def count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("indent", [None, 2], ids=["one line", "pretty"])
def test_the_google_data_feed_imports_and_a_second_import_adds_nothing(
    db_session: Session, indent: int | None
) -> None:
    payload = json.dumps(data_feed(30), indent=indent)
    report = archive.import_entries(db_session, payload, None)
    assert (report.created, report.updated, report.errors) == (30, 0, [])
    ids = set(db_session.scalars(select(ArchiveEntry.id)))
    again = archive.import_entries(db_session, payload, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
    assert set(db_session.scalars(select(ArchiveEntry.id))) == ids
    assert count(db_session, ArchiveEntry) == count(db_session, MatchEntry) == 30
    [top] = earlier_checks.suggest(db_session, "the river rose 17 metres", own_outlet="Us", limit=1)
    assert (top.outlet, top.external_id) == ("Feed Checks", "https://checks.example/17")


def test_a_reimport_rewrites_only_what_changed(db_session: Session) -> None:
    feed_items = [claimreview(n) for n in range(1, 4)]
    archive.import_entries(db_session, json.dumps(feed_items), None)
    before = {e.external_id: e.imported_at for e in db_session.scalars(select(ArchiveEntry))}
    feed_items[1]["reviewRating"]["alternateName"] = "Mostly false"
    report = archive.import_entries(db_session, json.dumps(feed_items), None)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    db_session.expire_all()
    after = {e.external_id: e for e in db_session.scalars(select(ArchiveEntry))}
    assert after["https://checks.example/2"].rating == "Mostly false"
    assert after["https://checks.example/2"].imported_at > before["https://checks.example/2"]
    assert after["https://checks.example/1"].imported_at == before["https://checks.example/1"]


def test_bad_lines_are_reported_by_number_and_the_rest_imports(db_session: Session) -> None:
    lines = [
        "not json at all",
        json.dumps({"id": "a", "claim": "Bread prices doubled in 2024."}),
        "",
        json.dumps({"id": "b"}),
        json.dumps(["a list"]),
        json.dumps(claimreview(7)),  # a ClaimReview as a JSONL line
        '{"id": "c", "claim": "cut off',
    ]
    report = archive.import_entries(db_session, "\n".join(lines), None)
    assert report.created == 2
    assert [message.split(":")[0] for message in report.errors] == [
        "Line 1", "Line 4", "Line 5", "Line 7",
    ]  # fmt: skip
    assert report.errors[1] == "Line 4: each line needs an 'id' and a 'claim'"


def test_a_line_longer_than_a_record_is_skipped_without_holding_it(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed, "MAX_RECORD", 200)
    lines = [
        json.dumps({"id": "a", "claim": "Bread prices doubled."}),
        json.dumps({"id": "long", "claim": "word " * 500}),
        json.dumps({"id": "b", "claim": "Milk prices fell."}),
    ]
    report = archive.import_entries(db_session, "\n".join(lines), None)
    assert report.created == 2
    assert report.errors == ["Line 2: longer than 200 bytes"]


def test_a_truncated_document_keeps_what_came_before_the_break(db_session: Session) -> None:
    payload = json.dumps(data_feed(5))
    report = archive.import_entries(
        db_session, payload[: payload.index('"https://checks.example/4"')], None
    )
    assert report.created == 3
    [message] = report.errors
    assert message.startswith("The JSON document: is not valid JSON after ClaimReview 3")


def test_an_empty_or_foreign_document_is_refused(db_session: Session) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        archive.import_entries(db_session, "  \n ", None)
    with pytest.raises(InvalidInput, match="the fields of its first record are '@type'"):
        archive.import_entries(db_session, json.dumps({"@type": "WebPage"}, indent=2), None)


def test_the_api_limit_still_applies(db_session: Session) -> None:
    payload = json.dumps([claimreview(n) for n in range(5)])
    with pytest.raises(InvalidInput, match="At most 3 fact-checks per import"):
        archive.import_entries(db_session, payload, None, max_entries=3)


class Watched(io.BytesIO):
    """A file that remembers how far it had been read when a record came out."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return data

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.furthest = max(self.furthest, self.tell())
        return line


@pytest.mark.parametrize("kind", ["data feed", "jsonl"])
def test_records_come_out_before_the_file_is_read_whole(kind: str) -> None:
    # Bounded memory: the reader must not load the file (20,000 records are ~6 MB); telling
    # the format reads at most two lines of up to MAX_RECORD bytes.
    if kind == "jsonl":
        data = "\n".join(json.dumps(claimreview(n)) for n in range(20_000)).encode()
    else:
        data = json.dumps(data_feed(20_000)).encode()
    stream = Watched(data)
    records = feed.read_feed(feed.CountingReader(stream), lambda r, where: r, lambda r, where: r)
    first = next(records)
    assert first["url"].startswith("https://checks.example/")
    assert stream.furthest <= 2 * feed.MAX_RECORD + 2**16 < len(data) / 2
    assert sum(1 for _ in records) == 20_000 - 1


def test_import_stream_writes_in_batches(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "BATCH", 4)
    payload = "\n".join(json.dumps(claimreview(n)) for n in range(10)).encode()
    seen: list[tuple[int, int]] = []

    def on_batch(session: Session, progress: archive.Progress) -> None:
        seen.append((progress.bytes_read, progress.report.created))
        assert count(session, ArchiveEntry) == progress.report.created  # flushed

    archive.import_stream(db_session, io.BytesIO(payload), None, on_batch=on_batch)
    # The first reading (for the ids the file repeats) writes nothing; the second writes.
    assert [created for _, created in seen] == [0, 0, 4, 8, 10]
    assert [read for read, _ in seen] == sorted(read for read, _ in seen)
    assert seen[-1][0] == 2 * len(payload)


def test_cli_imports_a_data_feed_file_twice_without_duplicates(
    app: Flask,
    tmp_path,
    db_session: Session,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(data_feed(12), indent=1), encoding="utf-8")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import-factchecks", str(path)])
    assert first.exit_code == 0, first.output
    assert "Importing" in first.output
    assert "12 new, 0 updated, 0 unchanged, 0 repeated, 0 unreadable." in first.output
    second = runner.invoke(args=["import-factchecks", str(path)])
    # Found by an outside tester: an unchanged file was reported "12 updated"
    assert "0 new, 0 updated, 12 unchanged, 0 repeated, 0 unreadable." in second.output
    assert count(db_session, ArchiveEntry) == 12


HUGE_NUMBER_LINE = '{"id": ' + "9" * 5000 + ', "claim": "The river rose 9 metres."}\n'


def test_a_number_too_long_for_python_is_reported_not_a_crash() -> None:
    """Before session 19 ijson's C parser crashed the whole process (SIGSEGV) on an integer
    of more than 4,300 digits: one import request took a web worker down. Run apart, so that
    such a crash would fail this test rather than end the suite."""
    code = (
        "import io, sys\n"
        "from factcheck.domain import feed\n"
        f"data = {HUGE_NUMBER_LINE.encode()!r}\n"
        "found = list(feed.read_feed(feed.CountingReader(io.BytesIO(data)), dict, dict))\n"
        "print([str(item) for item in found])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "holds a run of more than 4,300 digits" in result.stdout


class _InPieces(io.BytesIO):
    """A stream that hands out at most `size` bytes a read, as a socket or a pipe may."""

    def __init__(self, data: bytes, size: int) -> None:
        super().__init__(data)
        self._size = size

    def read(self, size: int | None = -1) -> bytes:
        return super().read(self._size if size is None or size < 0 else min(size, self._size))


@pytest.mark.parametrize("piece", [1, 7, 4096])
@pytest.mark.parametrize(("digits", "refused"), [(4300, False), (4301, True)])
def test_the_digit_guard_counts_runs_across_pieces(piece: int, digits: int, refused: bool) -> None:
    data = b'{"n": 1' + b"2" * (digits - 1) + b', "m": "12 34"}'
    guard = feed.DigitGuard(feed.CountingReader(_InPieces(data, piece)), 4300)
    try:
        read = b"".join(iter(lambda: guard.read(piece), b""))
    except feed.TooManyDigits:
        assert refused
    else:
        assert not refused and read == data


def test_an_import_with_a_number_too_long_answers_instead_of_crashing(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    response = client.post(
        "/api/v1/claimreview/import", data=HUGE_NUMBER_LINE, headers=token_for(db_session, admin)
    )
    # Nothing else in the file: refused, saying why (session 24: 200 with one error).
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "holds a run of more than 4,300 digits" in response.json["error"]["message"]
