"""Importing fact-checks as other tools export them: a byte-order mark, a file that is not
JSON at all (a CSV, a compressed or PDF file), HTML in the text, a file over the size limit.

Found by an outside tester moving an archive in (session 24). The fact-checks are made up.
"""

from __future__ import annotations

import gzip
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import archive
from factcheck.domain.errors import InvalidInput
from factcheck.models import ArchiveEntry, User
from tests.conftest import token_for

REVIEWS = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "ClaimReview",
            "url": f"https://checks.example/bridge-{n}",
            "claimReviewed": f"The Riverton bridge cost {n} million to paint.",
            "author": {"@type": "Organization", "name": "Example Checks"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
        }
        for n in (3, 4)
    ],
}
BOM = "\ufeff"


def _import(session: Session, payload: str | bytes) -> archive.ImportReport:
    data = payload.encode() if isinstance(payload, str) else payload
    return archive.import_stream(session, io.BytesIO(data), None)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_document_saved_with_a_byte_order_mark_imports(
    db_session: Session, line_end: str
) -> None:
    # Before: "The JSON document: is not valid JSON before any ClaimReview (lexical error …)",
    # nothing imported (Windows tools write a BOM); JSON lines with one were read.
    payload = BOM + json.dumps(REVIEWS, indent=2).replace("\n", line_end)
    report = _import(db_session, payload)
    assert (report.created, report.errors) == (2, [])


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "The file is empty."),
        (BOM, "The file is empty."),
        ("\r\n\r\n  \n", "The file is empty."),
        (
            BOM + '"id","claim","rating"\r\n"a-1","The bridge cost 3 million.","False"\r\n',
            "not JSON",
        ),
        ("id;claim;rating\na-1;The bridge cost 3 million.;False\n", "not JSON"),
        ("<!doctype html><html><body>Export</body></html>", "not JSON"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
        (gzip.compress(b'{"id": "a-1", "claim": "The bridge cost 3 million."}\n'), "gzip"),
        ('{"id": "a-1", "claim": "The bridge cost 3 million."}\n'.encode("utf-16"), "UTF-16"),
    ],
    ids=["empty", "bom only", "blank lines", "csv", "semicolons", "html", "pdf", "gzip", "utf16"],
)
def test_a_file_that_is_not_json_is_refused_saying_what_it_is(
    db_session: Session, payload: str | bytes, message: str
) -> None:
    # Before: a CSV, PDF or gzip file answered 200 with one "unreadable" yajl message
    # (a parser's "lexical error … (right here) ------^"); an empty file on the command
    # line said "premature EOF" where the API said "The file is empty."
    with pytest.raises(InvalidInput, match=message) as refused:
        _import(db_session, payload)
    if message == "not JSON":
        assert "JSON lines" in str(refused.value) and "lexical" not in str(refused.value)
    assert db_session.scalars(select(ArchiveEntry)).first() is None


def test_the_api_refuses_a_csv_with_an_error_not_a_200(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    response = client.post(
        "/api/v1/claimreview/import",
        data='"id","claim"\r\n"a-1","The bridge cost 3 million."\r\n',
        headers={**token_for(db_session, admin), "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_input"
    assert "not JSON" in response.json["error"]["message"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (gzip.compress(b'{"id": "a-1", "claim": "The bridge cost 3 million."}\n'), "gzip"),
        ('{"id": "a-1", "claim": "The bridge cost 3 million."}\n'.encode("utf-16"), "UTF-16"),
    ],
    ids=["gzip", "utf16"],
)
def test_the_api_names_a_compressed_or_utf16_body(
    client: FlaskClient, db_session: Session, admin: User, body: bytes, message: str
) -> None:
    # The API decoded its body as UTF-8 before the domain read it: both were "not JSON: it
    # looks like CSV or plain text", though docs/matching.md names them.
    response = client.post(
        "/api/v1/claimreview/import",
        data=body,
        headers={**token_for(db_session, admin), "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 400
    assert message in response.json["error"]["message"]


def test_the_command_says_an_empty_file_is_empty(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["import-factchecks", str(path)])
    assert result.exit_code == 1
    assert "The file is empty." in result.output and "premature EOF" not in result.output


def test_html_and_entities_in_exported_text_are_read_as_text(db_session: Session) -> None:
    # Before: readers' search showed "<p>… &amp;amp; … &amp;#8217;</p>" as typed.
    line = {
        "id": "h-1",
        "claim": "<p>The bridge &amp; the tunnel cost &quot;3 million&quot; "
        "&#8212; <em>each</em>.</p><p>Twice.</p>",
        "title": "Bridge &amp; tunnel",
        "claimant": "O&#8217;Neill",
        "outlet": "Example &amp; Co",
        "url": "https://checks.example/a?x=1&amp;y=2",
    }
    _import(db_session, json.dumps(line))
    entry = db_session.scalars(select(ArchiveEntry)).one()
    assert entry.claim == 'The bridge & the tunnel cost "3 million" \u2014 each. Twice.'
    assert (entry.title, entry.claimant, entry.outlet) == (
        "Bridge & tunnel",
        "O\u2019Neill",
        "Example & Co",
    )
    assert entry.url == line["url"]  # an address is kept as sent
    # Comparisons are not tags, and text that spells an entity out stays as written.
    _import(db_session, json.dumps({"id": "h-2", "claim": "Rates < 5% and > 2% &lt;b&gt;"}))
    second = db_session.scalars(select(ArchiveEntry).where(ArchiveEntry.external_id == "h-2"))
    assert second.one().claim == "Rates < 5% and > 2% <b>"


def test_a_claim_within_its_limit_once_its_markup_is_gone_is_imported(
    db_session: Session,
) -> None:
    claim = "<p>" + "The bridge cost 3 million. " * 185 + "</p>"  # 5,002 with the tags
    report = _import(db_session, json.dumps({"id": "long", "claim": claim}))
    assert (report.created, report.errors) == (1, [])


def test_an_import_over_the_size_limit_says_so_not_to_split_an_article(
    app: Flask, client: FlaskClient, db_session: Session, admin: User
) -> None:
    # Before: "Articles are limited to 200,000 characters: split the article into parts."
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/api/v1/claimreview/import",
        data=b'{"id": "a", "claim": "The bridge cost 3 million."}\n' * 40,
        headers={**token_for(db_session, admin), "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 413
    message = response.json["error"]["message"]
    assert "article" not in message.lower()
    assert "1,000 bytes" in message and "flask import-factchecks" in message


def test_a_line_in_another_encoding_is_counted_and_says_so(db_session: Session) -> None:
    # A Latin-1 line was read through UTF-8 with its "é" replaced, silently; with the bytes
    # read as sent, the line is unreadable, and it says why in words, not the codec's.
    payload = (
        '{"id": "l-1", "claim": "The caf\xe9 cost 3 million."}\n'.encode("latin-1")
        + b'{"id": "l-2", "claim": "The ferry cost 2 million."}\n'
    )
    report = archive.import_entries(db_session, payload, None)
    assert (report.created, report.unreadable) == (1, 1)
    assert report.errors == [
        "Line 1: not UTF-8 text (byte 0xE9 at byte 32 of the line): save the file as UTF-8 "
        "and import it again"
    ]
