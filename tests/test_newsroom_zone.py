"""FACTCHECK_TIME_ZONE: the newsroom's zone. Storage stays UTC; the days and times pages show,
and the "today" of a date left empty, are the newsroom's. With the default (UTC) pages are
as they were: tests/test_times_carry_zone.py and tests/test_date_entry.py."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck import clock
from factcheck.config import ConfigError, settings_from_env
from factcheck.domain import dashboard, publishing, workload
from factcheck.models import Claim, User
from tests.conftest import build_app, error_summary, held_claim, login
from tests.publishing_helpers import publish_one
from tests.test_dashboard import walk_one_claim

# 08:30 on Sunday 6 December in Sydney (AEDT, UTC+11); Saturday the 5th, 21:30, in UTC.
AT = dt.datetime(2026, 12, 5, 21, 30, 15, tzinfo=dt.UTC)


@pytest.fixture
def sydney(engine: Engine, session_factory: sessionmaker[Session]) -> Iterator[FlaskClient]:
    """A client of a Sydney newsroom's app, at AT."""
    app = build_app(engine, session_factory, TIME_ZONE="Australia/Sydney")
    clock.set_source(lambda: AT)
    yield app.test_client()
    clock.set_source(None)
    clock.set_zone(None)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_unknown_zone_refuses_to_start_naming_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_TIME_ZONE", "Sydney")
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    assert str(refused.value) == (
        "FACTCHECK_TIME_ZONE must be an IANA time zone name such as Australia/Sydney, "
        "America/Los_Angeles or UTC, got 'Sydney'"
    )


def test_the_default_zone_is_utc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTCHECK_TIME_ZONE", raising=False)
    assert settings_from_env(tmp_path).time_zone == "UTC"
    monkeypatch.setenv("FACTCHECK_TIME_ZONE", "America/Los_Angeles")
    assert settings_from_env(tmp_path).as_flask_config()["TIME_ZONE"] == "America/Los_Angeles"


def test_a_fact_check_published_at_830_in_sydney_shows_that_day_to_readers(
    sydney: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = publish_one(db_session, editor, editor2, checker)
    for path in (f"/factchecks/{article.id}", f"/claims/{claim.id}", "/"):
        page = _text(sydney.get(path).get_data(as_text=True))
        assert "6 December 2026" in page, path
        assert "5 December 2026" not in page, path


def test_a_withdrawal_at_830_in_sydney_is_dated_that_day(
    sydney: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, _claim = publish_one(db_session, editor, editor2, checker)
    publishing.withdraw_article(db_session, article, editor, reason="Wrong tunnel.")
    db_session.commit()
    notice = _text(sydney.get(f"/factchecks/{article.id}").get_data(as_text=True))
    assert "We withdrew this fact-check on 6 December 2026 ." in notice
    listed = _text(sydney.get("/corrections").get_data(as_text=True))
    assert "6 December 2026" in listed
    assert "5 December 2026" not in listed


def test_the_desk_shows_sydney_times_with_their_abbreviation(
    sydney: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = publish_one(db_session, editor, editor2, checker)
    login(sydney, editor)
    for path in (f"/desk/claims/{claim.id}/history", f"/desk/articles/{article.id}/history"):
        page = _text(sydney.get(path).get_data(as_text=True))
        assert "2026-12-06 08:30:15 AEDT" in page, path
        assert "UTC" not in page, path


def test_an_empty_date_records_the_newsrooms_day(
    sydney: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker)
    login(sydney, checker)
    page = _text(sydney.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert "Leave empty for today in Australia/Sydney, 2026-12-06" in page

    sydney.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "https://example.org/a", "stance": "supports", "accessed_on": ""},
    )
    sydney.post(f"/desk/claims/{claim.id}/replies", data={"contacted_on": "", "channel": "email"})
    page = _text(sydney.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert "accessed 2026-12-06" in page
    assert "Contacted 2026-12-06" in page


def test_the_newsrooms_today_is_not_in_the_future(
    sydney: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker)
    login(sydney, checker)
    sydney.post(
        f"/desk/claims/{claim.id}/replies",
        data={"contacted_on": "2026-12-06", "channel": "email"},
    )
    page = _text(sydney.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert "Contacted 2026-12-06" in page

    refused = sydney.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "https://example.org/b", "stance": "supports", "accessed_on": "2026-12-08"},
    )
    assert (
        "The date accessed cannot be in the future (2026-12-08); today is 2026-12-06 in "
        "Australia/Sydney." in _text(error_summary(refused.get_data(as_text=True)))
    )


def test_a_claim_falls_due_at_17_00_newsroom_time(
    sydney: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker)
    login(sydney, editor)
    page = _text(sydney.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert "Due date Due at 17:00 Australia/Sydney that day" in page

    sydney.post(
        f"/desk/claims/{claim.id}/schedule",
        data={"priority": "0", "due_on": "2026-12-10", "version": claim.version},
    )
    db_session.expire_all()
    due = db_session.get(Claim, claim.id)
    assert due is not None and due.due_at is not None
    # 17:00 AEDT is 06:00 UTC.
    assert clock.local(due.due_at).strftime("%Y-%m-%d %H:%M %Z") == "2026-12-10 17:00 AEDT"


def test_messages_name_the_newsrooms_time(
    sydney: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker)
    login(sydney, checker)
    saved = sydney.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "true", "explanation": "Budget papers agree."},
    )
    assert saved.json is not None
    assert saved.json["message"] == "Draft saved at 08:30:15 AEDT"


@pytest.fixture
def in_sydney() -> Iterator[list[dt.datetime]]:
    """The clock (a list to move it) and the zone of a Sydney newsroom, without an app."""
    now = [AT]
    clock.set_source(lambda: now[0])
    clock.set_zone("Australia/Sydney")
    yield now
    clock.set_source(None)
    clock.set_zone(None)


def test_the_dashboards_weeks_are_the_newsrooms(
    db_session: Session, in_sydney: list[dt.datetime], editor: User, editor2: User,
    checker: User,
) -> None:  # fmt: skip
    # Published Sunday 6 December 16:00 UTC: Monday the 7th, 03:00, in Sydney (2026-W50).
    start = dt.datetime(2026, 12, 6, 11, 0, tzinfo=dt.UTC)
    walk_one_claim(db_session, in_sydney, editor, editor2, checker, 0, [1] * 5, start=start)
    weekly = dashboard.published_per_rating(
        db_session,
        dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 14, tzinfo=dt.UTC),
    )
    assert weekly == {"2026-W50": {"True": 1}}
    # Monday 7 December 00:00 in Sydney is Sunday the 6th, 13:00, in UTC.
    assert workload.start_of_week(in_sydney[0]) == dt.datetime(2026, 12, 6, 13, 0, tzinfo=dt.UTC)


def test_the_command_line_refuses_an_unknown_zone_in_one_line(tmp_path: Path) -> None:
    """`flask --app wsgi run` (or any command, the worker too) with a zone typed wrong."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "FACTCHECK_TIME_ZONE": "Australia/Sidney"}
    env["FACTCHECK_DATABASE_URL"] = f"sqlite:///{tmp_path}/x.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "Error: FACTCHECK_TIME_ZONE must be an IANA time zone name such as Australia/Sydney, "
        "America/Los_Angeles or UTC, got 'Australia/Sidney'"
    )


def test_no_template_writes_utc_into_a_time_it_formats() -> None:
    # The admin history page, built beside the zone setting, wrote "%H:%M UTC" itself and
    # showed UTC in Sydney: times go through the desk_time filter, which names the zone.
    templates = Path(__file__).resolve().parents[1] / "templates"
    written = [
        f"{path.relative_to(templates)}: {line.strip()}"
        for path in sorted(templates.rglob("*.html"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"strftime\([^)]*UTC", line)
    ]
    assert written == []
