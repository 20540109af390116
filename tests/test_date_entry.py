"""Dates typed on the desk: a date in another format is refused with the format wanted, and
a field left empty says which day it will record (today in UTC, which in Sydney's morning
is still yesterday)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.models import User
from tests.conftest import error_summary, held_claim, login

# 08:00 on Sunday 6 December in Sydney; Saturday the 5th, 21:00, in UTC.
SYDNEY_MORNING = dt.datetime(2026, 12, 5, 21, 0, tzinfo=dt.UTC)


@pytest.fixture
def sydney_morning() -> Iterator[None]:
    clock.set_source(lambda: SYDNEY_MORNING)
    yield
    clock.set_source(None)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_day_month_year_date_is_refused_with_the_format_wanted(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker)
    login(client, checker)
    evidence = client.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "https://example.org/a", "stance": "supports", "accessed_on": "05/12/2026"},
    )
    reply = client.post(
        f"/desk/claims/{claim.id}/replies", data={"contacted_on": "05/12/2026", "channel": "email"}
    )
    for response, label in ((evidence, "Date accessed"), (reply, "Contacted on")):
        assert response.status_code == 400
        assert (
            f"{label}: Type the date as year-month-day, like 2026-01-31 (05/12/2026 could be "
            "5 December or 12 May)."
        ) in _text(error_summary(response.get_data(as_text=True)))


def test_today_typed_in_sydney_is_kept_and_an_empty_date_says_which_day_it_records(
    client: FlaskClient, db_session: Session, editor: User, checker: User, sydney_morning: None
) -> None:
    claim = held_claim(db_session, editor, checker)
    login(client, checker)
    page = _text(client.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert "Leave empty for today in UTC, 2026-12-05" in page

    client.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "https://example.org/a", "stance": "supports", "accessed_on": "2026-12-06"},
    )
    page = _text(client.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert "accessed 2026-12-06" in page

    refused = client.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "https://example.org/b", "stance": "supports", "accessed_on": "2026-12-08"},
    )
    assert (
        "The date accessed cannot be in the future (2026-12-08); today is 2026-12-05 in UTC."
        in _text(error_summary(refused.get_data(as_text=True)))
    )


def test_the_due_date_field_says_at_what_time_the_claim_falls_due(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # 17:00 UTC is 09:00 in Los Angeles and 04:00 the next day in Sydney (December): an
    # editor in either would otherwise take "due 7 December" for the end of their day.
    claim = held_claim(db_session, editor, checker)
    login(client, editor)
    page = _text(client.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert "Due date Due at 17:00 UTC that day" in page
