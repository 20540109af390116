"""Admin → Import fact-checks: the API's archive import as a desk page, for admins (as the
API is): a file, a date order, and the report as an archivist reads it. The fact-checks are
made up."""

from __future__ import annotations

import gzip
import io
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.models import ArchiveEntry, Event, User
from tests.conftest import build_app, csrf_token_of, login, login_with_csrf

PAGE = "/desk/admin/import-factchecks"


def _line(ident: str, claim: str, **more: str) -> str:
    return json.dumps({"id": ident, "claim": claim, "outlet": "Example Checks", **more})


LINES = "\n".join(
    [
        _line("r-1", "The Riverton ferry carried 12,000 people in May.", date="2021-05-03"),
        _line("r-2", "Riverton's library lent 40,000 books last year.", date="03/04/2019"),
        "{not json at all",
        _line("r-1", "The Riverton ferry carried 12,500 people in May.", date="2021-05-03"),
    ]
)


def _post(client: FlaskClient, payload: bytes | str, date_order: str = "", **data: str):  # type: ignore[no-untyped-def]
    raw = payload.encode() if isinstance(payload, str) else payload
    return client.post(
        PAGE,
        data={"file": (io.BytesIO(raw), "factchecks.jsonl"), "date_order": date_order, **data},
        content_type="multipart/form-data",
    )


def _entries(session: Session) -> list[ArchiveEntry]:
    return list(session.scalars(select(ArchiveEntry).order_by(ArchiveEntry.external_id)))


def test_admins_find_the_page_in_the_desk_nav(client: FlaskClient, admin: User) -> None:
    login(client, admin)
    home = client.get("/desk/").get_data(as_text=True)
    assert f'href="{PAGE}">Import fact-checks</a>' in home
    page = client.get(PAGE).get_data(as_text=True)
    assert "<h1>Import fact-checks</h1>" in page
    assert "Automatic: in the order the file&#39;s other numeric dates show" in page
    assert "Day first: 03/04/2019 is 3 April 2019" in page


def test_editors_are_not_shown_the_link(client: FlaskClient, editor: User) -> None:
    login(client, editor)
    assert "Import fact-checks" not in client.get("/desk/").get_data(as_text=True)
    assert client.get(PAGE).status_code == 403


def test_an_import_shows_what_became_of_each_entry(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    login(client, admin)
    response = _post(client, LINES)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "The file is imported" in page
    assert "2 fact-checks new" in page
    assert "0 fact-checks updated" in page and "0 fact-checks unchanged" in page
    assert "1 entry repeated" in page and "1 entry unreadable" in page
    # 03/04/2019 alone in a file of ISO dates: either way, so not kept, and said so.
    assert "Dates not kept: 1 fact-check was imported without a date" in page
    assert "1 date that could be day or month first" in page
    assert "Line 3" in page  # the unreadable line, named
    assert "is given again further on in the file" in page  # the notice of the repeat
    assert "Matching vectors are computed in the background for 2 fact-checks" in page
    entries = _entries(db_session)
    assert [(e.external_id, e.claim) for e in entries] == [
        ("r-1", "The Riverton ferry carried 12,500 people in May."),
        ("r-2", "Riverton's library lent 40,000 books last year."),
    ]
    assert entries[1].published_on is None


def test_the_same_file_again_is_unchanged(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    login(client, admin)
    _post(client, LINES)
    page = _post(client, LINES).get_data(as_text=True)
    assert "0 fact-checks new" in page and "2 fact-checks unchanged" in page
    assert "Matching vectors are computed in the background" not in page


def test_the_date_order_chosen_reads_dates_either_way(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    login(client, admin)
    page = _post(client, LINES, date_order="day-first").get_data(as_text=True)
    assert "Dates not kept" not in page
    assert "Dates that could be day or month first were read day first." in page
    assert str(_entries(db_session)[1].published_on) == "2019-04-03"
    # Kept for the next file of the same archive: read automatically, the same file again
    # would take its date off the entry.
    assert re.search(r'<input checked [^>]*value="day-first"', page)


def test_the_import_is_in_the_audit_trail_with_its_admin(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    login(client, admin)
    _post(client, LINES)
    event = db_session.scalars(select(Event).where(Event.entity_type == "archive")).one()
    assert (event.action, event.actor_id) == ("import", admin.id)
    assert event.note is not None and event.note.startswith("2 new, 0 updated")


FERRY = '{"id": "f-1", "claim": "The ferry cost 3 million."}\n'


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf", "The file is empty."),
        (b'"id","claim"\r\n"a-1","The ferry cost 3 million."\r\n', "This file is not JSON"),
        (b'{"statement": "The ferry cost 3 million.", "label": "False"}\n', "No fact-check"),
        # Decoded before the domain saw them, these three were "not JSON: it looks like CSV
        # or plain text", whatever they were.
        (FERRY.encode("utf-16"), "The file is UTF-16 text: save it as UTF-8"),
        (gzip.compress(FERRY.encode()), "The file is compressed (gzip)"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "This file is not JSON: it looks like a PDF."),
    ],
    ids=["empty", "bom only", "csv", "other fields", "utf16", "gzip", "pdf"],
)
def test_a_refused_file_is_said_on_the_form(
    client: FlaskClient, db_session: Session, admin: User, payload: bytes, message: str
) -> None:
    login(client, admin)
    response = _post(client, payload)
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 422), page
    assert "There is a problem with this form" in page
    assert f'<p id="file-error-1" class="field-error" role="alert">{message}' in page
    assert "The file is imported" not in page
    assert _entries(db_session) == []


def test_a_file_with_a_byte_order_mark_imports(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    login(client, admin)
    page = _post(client, b"\xef\xbb\xbf" + LINES.encode()).get_data(as_text=True)
    assert "2 fact-checks new" in page


def test_no_file_is_asked_for(client: FlaskClient, db_session: Session, admin: User) -> None:
    login(client, admin)
    response = client.post(PAGE, data={"date_order": ""}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose the file of fact-checks to import." in response.get_data(as_text=True)


def test_a_file_over_the_limit_is_said_on_the_form_not_an_error_page(
    engine: Engine, session_factory: sessionmaker[Session], db_session: Session, admin: User
) -> None:
    # With CSRF on, as in production: the limit is met by the CSRF check, before the view.
    app = build_app(engine, session_factory, WTF_CSRF_ENABLED=True, MAX_CONTENT_LENGTH=2000)
    client = app.test_client()
    login_with_csrf(client, admin)
    token = csrf_token_of(client.get(PAGE).get_data(as_text=True))
    response = _post(client, LINES * 10, csrf_token=token)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "<h1>Import fact-checks</h1>" in page
    assert "The file is larger than this site accepts (2,000 bytes)" in page
    assert "flask import-factchecks FILE" in page
    assert _entries(db_session) == []


def test_an_article_over_the_limit_is_still_told_about_articles(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    login(client, editor)
    response = client.post("/desk/articles/new", data={"title": "Long", "text": "word " * 400})
    assert response.status_code == 413
    assert "Articles are limited to" in response.get_data(as_text=True)


def test_the_form_needs_its_csrf_token(
    engine: Engine, session_factory: sessionmaker[Session], db_session: Session, admin: User
) -> None:
    client = build_app(engine, session_factory, WTF_CSRF_ENABLED=True).test_client()
    login_with_csrf(client, admin)
    response = _post(client, LINES)
    assert response.status_code == 400
    assert "The file is imported" not in response.get_data(as_text=True)
    assert _entries(db_session) == []


def test_an_import_is_listed_on_admin_history(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    # The import's audit entry was written, but Admin → History did not list its kind: no
    # page showed who imported what, or when.
    login(client, admin)
    _post(client, LINES)
    page = client.get("/desk/admin/history?kind=imports").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", page, re.S)
    assert len(rows) == 1, rows
    assert "imported fact-checks" in rows[0] and "2 new, 0 updated" in rows[0]
    assert ">the archive of fact-checks</a>" in rows[0]
    assert "imported fact-checks" in client.get("/desk/admin/history").get_data(as_text=True)
