"""An import's report adds up: ids the file gives twice, dates not kept, and files of which
nothing can be read (found by an outside walk of the import, session 24).

The fact-checks are made up for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import archive, match_index
from factcheck.domain.errors import NoFactChecks
from factcheck.models import ArchiveEntry, User
from tests.conftest import token_for


def line(number: int, rating: str = "False", **more: Any) -> str:
    return json.dumps(
        {
            "id": f"mc-{number}",
            "claim": f"The made-up canal carried {number} barges last year.",
            "outlet": "Canal Checks",
            "rating": rating,
            **more,
        }
    )


def with_repeats(distinct: int, repeats: list[int]) -> str:
    """``distinct`` ids, then the ids in ``repeats`` given again with another rating."""
    lines = [line(n) for n in range(distinct)] + [line(n, "Mostly false") for n in repeats]
    return "\n".join(lines)


def stored_ratings(session: Session) -> dict[str, str | None]:
    return {e.external_id: e.rating for e in session.scalars(select(ArchiveEntry))}


def test_ids_given_twice_in_one_batch_are_counted_as_repeated_and_the_last_is_kept(
    db_session: Session,
) -> None:
    # Before: 82 readable lines were reported as "80 new" and nothing else.
    report = archive.import_entries(db_session, with_repeats(80, [3, 41]), None)
    assert (report.created, report.updated, report.unchanged, report.repeated) == (80, 0, 0, 2)
    assert report.summary() == "80 new, 0 updated, 0 unchanged, 2 repeated, 0 unreadable"
    ratings = stored_ratings(db_session)
    assert len(ratings) == 80 and ratings["mc-3"] == ratings["mc-41"] == "Mostly false"
    assert report.notices[0] == (
        "Line 4: id 'mc-3' (Canal Checks) is given again further on in the file;"
        " the last of them is imported"
    )


def test_reimporting_a_file_with_repeated_ids_changes_nothing_and_embeds_nothing(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before, with the repeats in later batches: "12 new, 13 updated" the first time, and
    # "25 updated" with 25 new embeddings on every import of the same file.
    monkeypatch.setattr(archive, "BATCH", 4)
    payload = with_repeats(12, [n % 12 for n in range(13)])
    first = archive.import_entries(db_session, payload, None)
    assert (first.created, first.updated, first.repeated) == (12, 0, 13)
    embedded: list[int] = []
    real_put = match_index.put
    monkeypatch.setattr(
        match_index,
        "put",
        lambda s, sources, **kw: embedded.append(len(sources)) or real_put(s, sources, **kw),
    )
    again = archive.import_entries(db_session, payload, None)
    assert (again.created, again.updated, again.unchanged, again.repeated) == (0, 0, 12, 13)
    assert again.waiting_for_vectors == 0 and sum(embedded) == 0
    assert set(stored_ratings(db_session).values()) == {"Mostly false"}


def test_the_api_and_the_command_report_repeated_and_unreadable_entries(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    admin: User,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    payload = with_repeats(5, [1]) + "\nnot json"
    response = client.post(
        "/api/v1/claimreview/import", data=payload, headers=token_for(db_session, admin)
    )
    assert response.status_code == 201
    counts = {k: response.json[k] for k in ("created", "repeated", "unreadable")}
    assert counts == {"created": 5, "repeated": 1, "unreadable": 1}
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["ImportReport"]
    assert {"repeated", "unreadable", "unreadable_dates", "future_dates", "notices"} <= set(
        schema["required"]
    )
    path = tmp_path / "canal.jsonl"
    path.write_text(payload, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-factchecks", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated, 5 unchanged, 1 repeated, 1 unreadable." in result.output


# "22/10" has no year, and "next Tuesday" no day a file can give (10/22/2019 is read:
# tests/test_archive_dates.py).
BAD_DATES = ["22/10", "next Tuesday", "2019-02-30", "2099-01-01", "2019-10-22", None]


def test_dates_that_cannot_be_read_or_are_in_the_future_are_counted_and_shown(
    db_session: Session,
) -> None:
    clock.set_source(lambda: dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
    try:
        payload = "\n".join(line(n, date=day) for n, day in enumerate(BAD_DATES))
        report = archive.import_entries(db_session, payload, None)
    finally:
        clock.set_source(None)
    assert (report.created, report.unreadable_dates, report.future_dates) == (6, 3, 1)
    assert report.notices[0] == (
        'Line 1: date "22/10" could not be read as a date (write 2019-10-22 or'
        ' "October 22, 2019"); imported without a date'
    )
    assert (
        report.notices[3] == 'Line 4: date "2099-01-01" is in the future; imported without a date'
    )
    assert report.summary().endswith(
        "; imported without a date: 3 dates not read, 1 date in the future"
    )
    dates = {e.external_id: e.published_on for e in db_session.scalars(select(ArchiveEntry))}
    assert dates["mc-4"] == dt.date(2019, 10, 22)
    assert [dates[f"mc-{n}"] for n in (0, 1, 2, 3, 5)] == [None] * 5


def test_a_claimreview_dated_in_the_future_is_imported_without_its_date(
    db_session: Session,
) -> None:
    review = {
        "@type": "ClaimReview",
        "url": "https://canal.example/locks",
        "claimReviewed": "The made-up canal has 900 locks.",
        "datePublished": "2099-01-01T10:00:00Z",
    }
    report = archive.import_entries(db_session, json.dumps([review]), None)
    assert report.future_dates == 1
    assert report.notices == [
        'ClaimReview 1: datePublished "2099-01-01T10:00:00Z" is in the future;'
        " imported without a date"
    ]
    assert db_session.scalars(select(ArchiveEntry.published_on)).one() is None


def test_the_command_prints_the_dates_it_did_not_keep(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "dates.jsonl"
    path.write_text("\n".join(line(n, date=day) for n, day in enumerate(BAD_DATES)), "utf-8")
    result = app.test_cli_runner().invoke(args=["import-factchecks", str(path)])
    assert result.exit_code == 0, result.output
    assert 'note: Line 2: date "next Tuesday" could not be read' in result.output
    assert "imported without a date: 3 dates not read, 1 date in the future." in result.output


OTHER_SHAPE = "\n".join(
    json.dumps({"statement": f"The made-up canal froze {n} times.", "label": "false"})
    for n in range(3)
)


@pytest.mark.parametrize(
    "payload",
    [OTHER_SHAPE, json.dumps([json.loads(x) for x in OTHER_SHAPE.splitlines()])],
    ids=["json lines", "json array"],
)
def test_a_file_of_which_nothing_can_be_read_is_refused_with_422_naming_its_fields(
    client: FlaskClient, db_session: Session, admin: User, payload: str
) -> None:
    # Before: 200 with "created": 0 and one error per line.
    response = client.post(
        "/api/v1/claimreview/import", data=payload, headers=token_for(db_session, admin)
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "no_fact_checks"
    assert 'expected each line a JSON object with "id" and "claim"' in error["message"]
    assert "the fields of its first record are 'statement', 'label'" in error["message"]
    assert db_session.scalars(select(ArchiveEntry)).first() is None


def test_the_command_refuses_such_a_file_with_the_same_message(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "other.jsonl"
    path.write_text(OTHER_SHAPE, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-factchecks", str(path)])
    assert result.exit_code == 1
    assert "the fields of its first record are 'statement', 'label'" in result.output
    assert "(Line 1: each line needs an 'id' and a 'claim')" in result.output


def test_the_refusal_is_an_invalid_input_of_its_own(db_session: Session) -> None:
    with pytest.raises(NoFactChecks, match="it holds no JSON object"):
        archive.import_entries(db_session, "[]", None)


OLD_DATES = ["0001-01-01", "October 14, 1066", "1899-12-31", "1900-01-01"]


def test_dates_before_1900_are_not_kept_as_the_desk_refuses_them(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    # Before: 0001-01-01 and 1066 were stored as the fact-check's publication date, and
    # counted nowhere; the desk refuses any date before 1900.
    payload = "\n".join(line(n, date=day) for n, day in enumerate(OLD_DATES))
    response = client.post(
        "/api/v1/claimreview/import", data=payload, headers=token_for(db_session, admin)
    )
    assert response.status_code == 201
    counts = {k: response.json[k] for k in ("created", "old_dates", "unreadable_dates")}
    assert counts == {"created": 4, "old_dates": 3, "unreadable_dates": 0}
    assert response.json["notices"][:2] == [
        'Line 1: date "0001-01-01" is before 1900; imported without a date',
        'Line 2: date "October 14, 1066" is before 1900; imported without a date',
    ]
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["ImportReport"]
    assert "old_dates" in schema["required"]
    dates = {e.external_id: e.published_on for e in db_session.scalars(select(ArchiveEntry))}
    assert dates == {"mc-0": None, "mc-1": None, "mc-2": None, "mc-3": dt.date(1900, 1, 1)}


def test_an_old_claimreview_date_is_counted_in_the_command_summary(
    app: Flask,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    review = {
        "@type": "ClaimReview",
        "url": "https://canal.example/first-lock",
        "claimReviewed": "The made-up canal's first lock opened in 1066.",
        "datePublished": "1066-10-14",
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps([review]), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-factchecks", str(path)])
    assert result.exit_code == 0, result.output
    assert 'note: ClaimReview 1: datePublished "1066-10-14" is before 1900' in result.output
    assert "imported without a date: 1 date before 1900." in result.output
