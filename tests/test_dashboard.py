"""The dashboard's figures, checked against a history built to known durations."""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import articles, dashboard, publishing, queue, research, review_panel
from factcheck.domain.limits import Limits
from factcheck.models import Event, User
from tests.conftest import login
from tests.publishing_helpers import CONTEXT

START = dt.datetime(2026, 4, 6, 8, 0, tzinfo=dt.UTC)  # a Monday
BODY = "The port handled {n} million tonnes of cargo in 2025, the harbour master said."


@pytest.fixture
def steps() -> Iterator[list[dt.datetime]]:
    now = [START]
    clock.set_source(lambda: now[0])
    yield now
    clock.set_source(None)


def walk_one_claim(
    session: Session,
    now: list[dt.datetime],
    editor: User,
    editor2: User,
    checker: User,
    n: int,
    hours: list[float],
    start: dt.datetime = START,
) -> None:
    """One claim through every stage; `hours` are the five waits between stages."""
    now[0] = start.replace(tzinfo=dt.UTC) + dt.timedelta(minutes=n)
    article = articles.create_article(
        session,
        creator=editor,
        title=f"Port {n}",
        body=BODY.format(n=n),
        limits=Limits(max_chars=10_000),
        source_url=f"https://example.org/{n}",
        published_on=dt.date(2026, 4, 1),
    )
    claim = article.claims[0]
    articles.edit_claim_details(
        session, claim, editor, claimant="Harbour master", claim_date=None, expected_version=None
    )
    waits = iter(hours)

    def later() -> None:
        now[0] += dt.timedelta(hours=next(waits))

    later()
    articles.triage(session, claim, "accept", editor, expected_version=None)
    later()
    queue.assign(session, claim, checker, editor)
    later()
    research.add_evidence(session, claim, checker, url="https://example.org/log", stance="supports")
    research.submit_verdict(session, claim, checker, rating_slug="true", explanation="Logs.")
    later()
    review_panel.approve(session, claim, editor2)
    later()
    publishing.publish_article(
        session, article, editor, context=CONTEXT, headlines={claim.id: "Close to the count"}
    )


def test_turnaround_median_and_p90_match_the_history(
    db_session: Session, steps: list[dt.datetime], editor: User, editor2: User, checker: User
) -> None:
    plans = [
        [1, 2, 10, 1, 1],
        [3, 4, 20, 2, 1],
        [5, 6, 30, 3, 1],
        [7, 8, 40, 4, 1],
        [9, 10, 50, 5, 1],
    ]
    for n, hours in enumerate(plans):
        walk_one_claim(db_session, steps, editor, editor2, checker, n, hours)
    rows = {
        row.stage: row
        for row in dashboard.turnaround(db_session, START, START + dt.timedelta(days=30))
    }
    accepted = rows["ingested → accepted"]
    assert accepted.count == 5 and accepted.median_hours == pytest.approx(5)
    # p90 of 1, 3, 5, 7, 9 (inclusive method): 7 + 0.6 * 2 = 8.2
    assert accepted.p90_hours == pytest.approx(8.2)
    assert rows["taken → submitted"].median_hours == pytest.approx(30)
    assert rows["approved → published"].median_hours == pytest.approx(1)
    assert rows["approved → published"].p90_hours == pytest.approx(1)
    # A period that ends before anything was published sees no publication stage.
    early = {
        row.stage: row
        for row in dashboard.turnaround(db_session, START, START + dt.timedelta(hours=12))
    }
    assert early["approved → published"].count == 0
    assert early["ingested → accepted"].count == 5


def test_throughput_published_per_rating_and_overdue(
    app: Flask,
    db_session: Session,
    steps: list[dt.datetime],
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    for n in range(3):
        walk_one_claim(db_session, steps, editor, editor2, checker, n, [1, 1, 1, 1, 1])
    end = START + dt.timedelta(days=7)
    loads = {row.user.id: row for row in dashboard.checker_loads(db_session, START, end)}
    assert (loads[checker.id].submitted, loads[checker.id].approved) == (3, 3)
    weekly = dashboard.published_per_rating(db_session, START, end)
    assert weekly == {"2026-W15": {"True": 3}}
    late = articles.create_article(
        db_session,
        creator=editor,
        title="Late",
        body=BODY.format(n=99),
        limits=Limits(max_chars=10_000),
    )
    claim = late.claims[0]
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    queue.set_schedule(
        db_session, claim, editor, priority=0, due_at=steps[0] - dt.timedelta(hours=1)
    )
    assert [c.id for c in dashboard.overdue(db_session, steps[0])] == [claim.id]
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    page = client.get("/desk/dashboard?from=2026-04-06&to=2026-04-12").get_data(as_text=True)
    assert "Turnaround per stage" in page and "2026-W15" in page
    assert f"#{claim.id}" in page
    charts = ('id="turnaround-chart"', 'id="checkers-chart"', 'id="published-chart"')
    assert all(chart in page for chart in charts)
    # A period with no work draws no empty charts: it says so beside the tables.
    quiet = client.get("/desk/dashboard?from=2026-01-05&to=2026-01-11").get_data(as_text=True)
    assert not any(chart in quiet for chart in charts)
    assert "No claim moved from one stage to the next in this period." in quiet
    assert "No verdict was submitted in this period, and no checker holds a claim." in quiet
    assert "Nothing was published in this period." in quiet
    assert client.get("/desk/dashboard?from=yesterday").status_code == 400
    backwards = client.get("/desk/dashboard?from=2030-01-01&to=2020-01-01")
    assert backwards.status_code == 400
    assert "From (2030-01-01) is after To (2020-01-01)" in backwards.get_data(as_text=True)


@pytest.mark.parametrize("seed", range(4))
def test_sql_percentiles_agree_with_the_statistics_module(db_session: Session, seed: int) -> None:
    """Random stage waits, written as events, give the median and p90 Python computes."""
    rng = random.Random(seed)
    waits = [round(rng.uniform(0.1, 200), 3) for _ in range(rng.randint(1, 40))]
    for claim_id, hours in enumerate(waits, start=10_000):
        for action, at in (("extract", START), ("accept", START + dt.timedelta(hours=hours))):
            db_session.add(
                Event(entity_type="claim", entity_id=claim_id, action=action, created_at=at)
            )
    db_session.flush()
    row = dashboard.turnaround(db_session, START, START + dt.timedelta(days=30))[0]
    assert row.stage == "ingested → accepted" and row.count == len(waits)
    assert row.median_hours == pytest.approx(statistics.median(waits), abs=1e-6)
    p90 = statistics.quantiles(waits, n=10, method="inclusive")[-1] if len(waits) > 1 else waits[0]
    assert row.p90_hours == pytest.approx(p90, abs=1e-6)


def test_an_approval_counts_for_the_checker_whose_submission_it_decided(
    db_session: Session,
    steps: list[dt.datetime],
    editor: User,
    editor2: User,
    checker: User,
    checker2: User,
) -> None:
    first, second = (
        articles.create_article(
            db_session,
            creator=editor,
            title="Port",
            body=BODY.format(n=n),
            limits=Limits(max_chars=10_000),
        ).claims[0]
        for n in (7, 8)
    )
    for claim, holder in ((first, checker), (second, checker2)):
        articles.triage(db_session, claim, "accept", editor, expected_version=None)
        queue.assign(db_session, claim, holder, editor)
        research.add_evidence(
            db_session, claim, holder, url="https://example.org/log", stance="supports"
        )
        research.submit_verdict(db_session, claim, holder, rating_slug="true", explanation="Log.")
    review_panel.return_to_checker(db_session, first, editor2, note="Needs the 2025 log.")
    research.submit_verdict(db_session, first, checker, rating_slug="true", explanation="Logs.")
    review_panel.approve(db_session, first, editor2)
    review_panel.approve(db_session, second, editor2)
    loads = {
        row.user.id: row
        for row in dashboard.checker_loads(db_session, START, START + dt.timedelta(days=1))
    }
    assert (loads[checker.id].submitted, loads[checker.id].approved) == (2, 1)
    assert (loads[checker2.id].submitted, loads[checker2.id].approved) == (1, 1)


def test_weeks_follow_iso_weeks_across_a_year_end(
    db_session: Session, steps: list[dt.datetime], editor: User, editor2: User, checker: User
) -> None:
    # Sunday 3 January 2027 belongs to ISO week 2026-W53; Monday 4 January starts 2027-W01.
    for n, day in enumerate((dt.datetime(2027, 1, 3, 1), dt.datetime(2027, 1, 4, 1))):
        walk_one_claim(db_session, steps, editor, editor2, checker, n, [1, 1, 1, 1, 1], start=day)
    weekly = dashboard.published_per_rating(
        db_session,
        dt.datetime(2026, 12, 28, tzinfo=dt.UTC),
        dt.datetime(2027, 1, 11, tzinfo=dt.UTC),
    )
    assert weekly == {"2026-W53": {"True": 1}, "2027-W01": {"True": 1}}


def test_sub_hour_turnarounds_read_in_minutes(
    app: Flask,
    db_session: Session,
    steps: list[dt.datetime],
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    walk_one_claim(db_session, steps, editor, editor2, checker, 0, [0.25, 2.5, 3, 1, 0.5])
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    page = client.get("/desk/dashboard?from=2026-04-06&to=2026-04-12").get_data(as_text=True)
    assert "<td>15 min</td>" in page and "<td>2.5 h</td>" in page and "<td>30 min</td>" in page
    assert "0.0 h" not in page and "0.3 h" not in page
