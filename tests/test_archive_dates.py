"""Dates as other tools export them: read with dateutil, numeric dates in the file's order.

Archives exported from real tools write "10/22/2019", "22/10/2019", "Oct 22, 2019" or
"2019-10-22T14:03:00-04:00"; the numeric ones were counted as unreadable. A numeric date
whose day and month could be either way (03/04/2019) is never guessed: it is read in the
order the import is given, or the one the file's other dates show, or not kept.

The fact-checks are made up for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import archive, archive_dates
from factcheck.models import ArchiveEntry, User
from tests.conftest import token_for

OCT_22 = dt.date(2019, 10, 22)


@pytest.mark.parametrize(
    "written",
    [
        "10/22/2019",
        "22/10/2019",
        "22.10.2019",
        "10-22-2019",
        "10/22/19",
        "Oct 22, 2019",
        "22 October 2019",
        "Tuesday, October 22, 2019",
        "October 22nd, 2019",
        "22-Oct-2019",
        "2019/10/22",
        "20191022",
        "10/22/2019 2:03 PM",
        "2019-10-22T14:03:00-04:00",
        "Tue, 22 Oct 2019 23:03:00 -0400",
        "stated on 10/22/2019 in a speech",
    ],
)
def test_common_export_formats_are_read(written: str) -> None:
    assert archive_dates.read_date(written) == OCT_22


@pytest.mark.parametrize(
    "written",
    [
        # In New York the fact-check was published on the 22nd, in UTC on the 23rd: the
        # date kept is the one in its own zone, as its page showed it.
        "2019-10-22T23:30:00-04:00",
        "Tue, 22 Oct 2019 23:30:00 -0400",
        "October 22, 2019 11:30 PM EDT",
        # And one published early on the 22nd in Auckland was the 21st in UTC.
        "2019-10-22T08:00:00+13:00",
    ],
)
def test_a_time_with_a_zone_gives_the_date_in_its_own_zone(written: str) -> None:
    assert archive_dates.read_date(written) == OCT_22


@pytest.mark.parametrize(
    "written", ["October 2019", "2019", "Tuesday", "22/10", "02/30/2019", "13/13/2019", "x" * 50]
)
def test_a_date_missing_a_part_or_impossible_is_not_read(written: str) -> None:
    assert archive_dates.read_date(written) is None


def test_a_date_whose_day_and_month_could_be_either_way_is_read_only_in_an_order_given() -> None:
    assert archive_dates.read_date("03/04/2019") is None
    assert archive_dates.read_date("03/04/2019", "month-first") == dt.date(2019, 3, 4)
    assert archive_dates.read_date("03/04/2019", "day-first") == dt.date(2019, 4, 3)
    assert archive_dates.read_date("3 4 2019", "day-first") == dt.date(2019, 4, 3)
    assert archive_dates.read_date("3 4 2019") is None
    # The same either way, and year first is never read day first.
    assert archive_dates.read_date("05/05/2019") == dt.date(2019, 5, 5)
    assert archive_dates.read_date("2019/03/04", "day-first") == dt.date(2019, 3, 4)
    # One that can only be read one way is read so, whatever the order given.
    assert archive_dates.read_date("22/10/2019", "month-first") == OCT_22


# Any text, and text made of the pieces dates are made of, repeated.
_PIECES = ["10", "/", "22", "2019", "-", ".", " ", ",", "Oct", "T", ":", "+04:00", "a", "1"]
date_like = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.sampled_from(_PIECES).map(lambda piece: piece * 60),
        st.characters(blacklist_categories=["Cs"]),
    ),
    max_size=80,
).map("".join)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=st.one_of(st.text(max_size=400), date_like), order=st.sampled_from(
    [None, "day-first", "month-first"]
))  # fmt: skip
def test_any_text_gives_a_date_or_none_quickly_and_never_raises(
    text: str, order: archive_dates.DateOrder | None
) -> None:
    archive_dates.reading.cache_clear()  # measured, not remembered
    started = time.process_time()
    day = archive_dates.read_date(text, order)
    assert day is None or isinstance(day, dt.date)
    assert time.process_time() - started < 0.1


def test_a_long_hostile_date_is_cut_before_it_is_read() -> None:
    for text in ("1/" * 500_000, "Oct 22, " * 100_000, "2019-10-22" + " T" * 500_000):
        archive_dates.reading.cache_clear()
        started = time.process_time()
        archive_dates.read_date(text)
        assert time.process_time() - started < 0.1


def line(number: int, date: Any = None) -> str:
    return json.dumps(
        {
            "id": f"lk-{number}",
            "claim": f"The made-up lake froze over {number} times last winter.",
            "outlet": "Lake Checks",
            "date": date,
        }
    )


def stored_dates(session: Session) -> dict[str, dt.date | None]:
    return {e.external_id: e.published_on for e in session.scalars(select(ArchiveEntry))}


def test_the_files_month_first_dates_settle_the_order_of_its_ambiguous_ones(
    db_session: Session,
) -> None:
    payload = "\n".join(line(n, day) for n, day in enumerate(["03/04/2019", "10/22/2019"]))
    report = archive.import_entries(db_session, payload, None)
    assert (report.created, report.ambiguous_dates, report.unreadable_dates) == (2, 0, 0)
    assert report.date_order == "month-first"
    assert report.notices == [
        'Dates such as "03/04/2019" (Line 1), whose day and month could be either way, are'
        ' read month first, as the file writes "10/22/2019" (Line 2)'
    ]
    assert stored_dates(db_session) == {"lk-0": dt.date(2019, 3, 4), "lk-1": OCT_22}


def test_ambiguous_dates_in_a_file_that_shows_no_order_are_counted_not_guessed(
    db_session: Session,
) -> None:
    payload = "\n".join(line(n, day) for n, day in enumerate(["03/04/2019", "Oct 22, 2019"]))
    report = archive.import_entries(db_session, payload, None)
    assert (report.created, report.ambiguous_dates, report.date_order) == (2, 1, None)
    assert report.notices == [
        'Line 1: date "03/04/2019" could be month first (4 March 2019) or day first'
        " (3 April 2019); imported without a date (give the file's date order)"
    ]
    assert report.summary().endswith(
        "; imported without a date: 1 date that could be day or month first"
    )
    assert stored_dates(db_session) == {"lk-0": None, "lk-1": OCT_22}


def test_a_file_that_writes_both_orders_keeps_only_the_dates_that_read_one_way(
    db_session: Session,
) -> None:
    days = ["10/22/2019", "23/10/2019", "03/04/2019"]
    report = archive.import_entries(
        db_session, "\n".join(line(n, day) for n, day in enumerate(days)), None
    )
    assert (report.ambiguous_dates, report.date_order) == (1, None)
    assert report.notices[0] == (
        'The file writes dates month first, "10/22/2019" (Line 1), and day first,'
        ' "23/10/2019" (Line 2); those that could be either way are imported without a date'
    )
    assert report.notices[1].startswith('Line 3: date "03/04/2019" could be month first')
    assert stored_dates(db_session) == {"lk-0": OCT_22, "lk-1": dt.date(2019, 10, 23), "lk-2": None}


def test_the_order_given_reads_the_ambiguous_dates_and_a_file_against_it_is_noticed(
    db_session: Session,
) -> None:
    days = ["10/22/2019", "03/04/2019"]
    payload = "\n".join(line(n, day) for n, day in enumerate(days))
    report = archive.import_entries(db_session, payload, None, date_order="day-first")
    assert (report.ambiguous_dates, report.date_order) == (0, "day-first")
    assert report.notices == [
        'Dates were to be read day first, but the file writes "10/22/2019" (Line 1) month'
        " first; those that could be either way are read day first, as asked"
    ]
    assert stored_dates(db_session) == {"lk-0": OCT_22, "lk-1": dt.date(2019, 4, 3)}


def test_the_api_takes_the_date_order_and_reports_what_it_did(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    payload = "\n".join(
        line(n, day) for n, day in enumerate(["03/04/2019", "2019-10-22T23:30:00-04:00"])
    )
    url = "/api/v1/claimreview/import"
    headers = token_for(db_session, admin)
    unsure = client.post(url, data=payload, headers=headers)
    assert unsure.status_code == 201, unsure.json
    counts = {k: unsure.json[k] for k in ("created", "ambiguous_dates", "unreadable_dates")}
    assert counts == {"created": 2, "ambiguous_dates": 1, "unreadable_dates": 0}
    assert unsure.json["date_order"] is None
    assert unsure.json["notices"][0].startswith('Line 1: date "03/04/2019" could be month first')
    told = client.post(f"{url}?date_order=day-first", data=payload, headers=headers)
    assert told.status_code == 200, told.json
    assert (told.json["updated"], told.json["ambiguous_dates"]) == (1, 0)
    assert told.json["date_order"] == "day-first"
    assert stored_dates(db_session) == {"lk-0": dt.date(2019, 4, 3), "lk-1": OCT_22}
    wrong = client.post(f"{url}?date_order=yesterday", data=payload, headers=headers)
    assert wrong.status_code == 422
    assert "date_order" in json.dumps(wrong.json)
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["ImportReport"]
    assert {"ambiguous_dates", "date_order"} <= set(schema["required"])


def test_the_command_takes_the_date_order_and_prints_what_it_did(
    app: Flask,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "lake.jsonl"
    path.write_text("\n".join(line(n, d) for n, d in enumerate(["03/04/2019", "07/08/2019"])))
    unsure = app.test_cli_runner().invoke(args=["import-factchecks", str(path)])
    assert unsure.exit_code == 0, unsure.output
    assert 'note: Line 1: date "03/04/2019" could be month first (4 March 2019)' in unsure.output
    assert "imported without a date: 2 dates that could be day or month first." in unsure.output
    told = app.test_cli_runner().invoke(
        args=["import-factchecks", "--date-order", "month-first", str(path)]
    )
    assert told.exit_code == 0, told.output
    assert told.output.rstrip().endswith("0 new, 2 updated, 0 unchanged, 0 repeated, 0 unreadable.")
    wrong = app.test_cli_runner().invoke(
        args=["import-factchecks", "--date-order", "yes", str(path)]
    )
    assert wrong.exit_code == 2 and "day-first" in wrong.output
