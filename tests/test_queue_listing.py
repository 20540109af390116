"""The queue list: filters, sort orders, keyset pagination, the page and the API."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import claimants, queue, queue_listing, workload
from factcheck.domain.errors import InvalidInput
from factcheck.domain.queue_listing import QueueFilter
from factcheck.models import Claim, ClaimStatus, User, Verdict, VerdictStatus
from tests.conftest import login, token_for
from tests.factories import ArticleFactory, ClaimFactory, bind

NOW = dt.datetime(2026, 5, 6, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def claims(db_session: Session, editor: User) -> list[Claim]:
    """Twenty-three queued claims with varied priority, score, due date and claimant."""
    bind(db_session)
    article = ArticleFactory(created_by_id=editor.id)
    made = []
    for i in range(23):
        made.append(
            ClaimFactory(
                article=article,
                status=ClaimStatus.QUEUED,
                priority=i % 3,
                score=(i * 7 % 10) / 10,
                due_at=NOW + dt.timedelta(days=i % 4) if i % 5 else None,
                claimant="Mayor Okafor" if i % 2 else "Tom Breck",
                text=f"claim {i}",
            )
        )
    claimants.attach(db_session, made)  # as ingest does: each name becomes a record
    db_session.flush()
    return made


def _all_pages(db_session: Session, filters: QueueFilter, sort: str, size: int) -> list[Claim]:
    seen: list[Claim] = []
    cursor = None
    for _ in range(100):
        page = queue_listing.list_claims(db_session, filters, sort=sort, cursor=cursor, limit=size)
        seen.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("pagination does not end")


def _expected_order(claims: list[Claim], sort: str) -> list[int]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    keys = {
        "priority": lambda c: (-c.priority, -c.score, c.id),
        "score": lambda c: (-c.score, c.id),
        "due": lambda c: (c.due_at is None, c.due_at or far, c.id),
        "age": lambda c: c.id,
    }
    return [c.id for c in sorted(claims, key=keys[sort])]


@pytest.mark.parametrize("sort", queue_listing.SORTS)
@pytest.mark.parametrize("size", [1, 4, 50])
def test_keyset_pages_cover_every_claim_once_in_order(
    db_session: Session, claims: list[Claim], sort: str, size: int
) -> None:
    seen = _all_pages(db_session, QueueFilter(), sort, size)
    assert [c.id for c in seen] == _expected_order(claims, sort)


def test_filters(db_session: Session, claims: list[Claim], checker: User, editor: User) -> None:
    def ids(**kwargs: object) -> set[int]:
        filters = QueueFilter(**kwargs)  # type: ignore[arg-type]
        return {c.id for c in _all_pages(db_session, filters, "age", 50)}

    assert ids(claimant="mayor okafor") == {c.id for c in claims if c.claimant == "Mayor Okafor"}
    assert ids(min_score=0.5, max_score=0.7) == {c.id for c in claims if 0.5 <= c.score <= 0.7}
    due = NOW + dt.timedelta(days=2)
    assert ids(due_before=due) == {c.id for c in claims if c.due_at and c.due_at < due}
    queue.assign(db_session, claims[0], checker, editor)
    assert ids(status=None, assignee=checker.id) == {claims[0].id}
    assert claims[0].id not in ids(status=None, assignee=queue_listing.UNASSIGNED)
    assert ids(article_id=claims[0].article_id + 1000) == set()


def test_a_bad_cursor_or_sort_is_refused(db_session: Session, claims: list[Claim]) -> None:
    with pytest.raises(InvalidInput, match="cursor"):
        queue_listing.list_claims(db_session, QueueFilter(), cursor="garbage!")
    with pytest.raises(InvalidInput, match="sort"):
        queue_listing.list_claims(db_session, QueueFilter(), sort="random")


def test_the_queue_api_pages_with_the_same_filters(
    client: FlaskClient, db_session: Session, claims: list[Claim], checker: User
) -> None:
    headers = token_for(db_session, checker)
    response = client.get("/api/v1/queue?sort=score&limit=10&claimant=Tom%20Breck", headers=headers)
    assert response.status_code == 200
    first = response.json
    assert len(first["items"]) == 10 and first["next"]
    assert {item["claimant"]["name"] for item in first["items"]} == {"Tom Breck"}
    rest = client.get(
        f"/api/v1/queue?sort=score&limit=10&claimant=Tom%20Breck&cursor={first['next']}",
        headers=headers,
    ).json
    ids = [i["id"] for i in first["items"] + rest["items"]]
    expected = _expected_order([c for c in claims if c.claimant == "Tom Breck"], "score")
    assert ids == expected and rest["next"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("sort=random", "sort"),
        ("min_score=high", "min_score"),
        ("min_score=3", "min_score"),
        ("status=lost", "status"),
        ("due_before=tomorrow", "due_before"),
        ("cursor=%%%", "cursor"),
        ("assignee=bob", "assignee"),
        ("older_than_days=-1", "older_than_days"),
    ],
)
def test_bad_queue_parameters_get_a_clear_error(
    client: FlaskClient, db_session: Session, checker: User, query: str, field: str
) -> None:
    response = client.get(f"/api/v1/queue?{query}", headers=token_for(db_session, checker))
    # A value of the wrong shape is a 422; a cursor is opaque, and one that does not decode
    # is the domain's refusal (400).
    assert response.status_code == (400 if field == "cursor" else 422)
    assert response.json["error"]["field"] == field


def test_the_queue_page_filters_and_pages(app: Flask, claims: list[Claim], editor: User) -> None:
    client = app.test_client()
    login(client, editor)
    page = client.get("/desk/queue?limit=5&sort=age").get_data(as_text=True)
    assert f"#{claims[0].id} claim 0" in page and f"#{claims[5].id} claim 5" not in page
    assert "Next page" in page
    # Keys url_for takes as its own options do not reach the page's links (they answered 500).
    paged = client.get("/desk/queue?limit=5&sort=age&_method=POST&endpoint=x")
    assert paged.status_code == 200 and "Next page" in paged.get_data(as_text=True)
    page = client.get("/desk/queue?claimant=Tom+Breck").get_data(as_text=True)
    assert "Mayor Okafor" not in page.split("<tbody>")[1]
    response = client.get("/desk/queue?min_score=lots")
    assert response.status_code == 400
    assert "min_score must be a number" in response.get_data(as_text=True)


def test_bulk_assign_from_the_queue_page(
    app: Flask, db_session: Session, claims: list[Claim], editor: User, checker: User
) -> None:
    client = app.test_client()
    login(client, editor)
    response = client.post(
        "/desk/queue/assign",
        data={"claim_ids": [str(claims[0].id), str(claims[1].id)], "user_id": str(checker.id)},
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert {db_session.get(Claim, c.id).assignee_id for c in claims[:2]} == {checker.id}
    assert "2 claims assigned to Chris" in client.get("/desk/queue").get_data(as_text=True)


def test_workload_figures(
    db_session: Session, claims: list[Claim], editor: User, checker: User, checker2: User
) -> None:
    clock.set_source(lambda: NOW)
    try:
        queue.assign(db_session, claims[0], checker, editor)  # due NOW+1d: not overdue
        queue.assign(db_session, claims[2], checker, editor)
        claims[2].due_at = NOW - dt.timedelta(hours=1)  # overdue
        done = claims[3]
        db_session.add(
            Verdict(
                claim=done,
                rating_id=1,
                explanation="x",
                author_id=checker.id,
                status=VerdictStatus.APPROVED,
                reviewed_at=NOW - dt.timedelta(days=1),
            )
        )
        db_session.add(
            Verdict(
                claim=claims[4],
                rating_id=1,
                explanation="x",
                author_id=checker.id,
                status=VerdictStatus.APPROVED,
                reviewed_at=NOW - dt.timedelta(days=10),
            )
        )
        db_session.flush()
        rows = {row.user.id: row for row in workload.workload(db_session, now=NOW)}
    finally:
        clock.set_source(None)
    assert rows[checker.id].open_claims == 2
    assert rows[checker.id].overdue == 1
    assert rows[checker.id].oldest_since == NOW
    assert rows[checker.id].finished_this_week == 1  # NOW is a Wednesday; 10 days ago is not
    assert rows[checker2.id].open_claims == 0


def test_a_cursor_of_one_order_sent_with_another_is_refused_by_name(
    client: FlaskClient, db_session: Session, claims: list[Claim], checker: User
) -> None:
    """A score cursor sent with sort=age was read as an age: the next page started at the
    wrong claim, with no error."""
    headers = token_for(db_session, checker)
    first = client.get("/api/v1/queue?sort=score&limit=5", headers=headers).json
    mixed = client.get(f"/api/v1/queue?sort=age&limit=5&cursor={first['next']}", headers=headers)
    assert mixed.status_code == 400
    assert mixed.json["error"]["field"] == "cursor"
    assert "belongs to sort=score, not sort=age" in mixed.json["error"]["message"]
    same = client.get(f"/api/v1/queue?sort=score&limit=5&cursor={first['next']}", headers=headers)
    assert same.status_code == 200 and len(same.json["items"]) == 5


def _forged(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


FAR_DATES = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]


@pytest.mark.parametrize(
    "query",
    [
        *(f"sort=due&cursor={_forged([['due', date], 1])}" for date in FAR_DATES),
        f"cursor={_forged([['priority', {}], 1])}",
        f"cursor={_forged([['priority', [1, 0.5]], True])}",
        f"sort=score&cursor={_forged([['score', '0.5'], 1])}",
    ],
    ids=["far future", "far past", "a map for a key", "true for an id", "a number as text"],
)
def test_a_forged_queue_cursor_is_a_400_not_a_500(
    client: FlaskClient, db_session: Session, claims: list[Claim], checker: User, query: str
) -> None:
    # Found by schemathesis in session 19: the first three answered 500 (a date UTC cannot
    # hold reached the database; a KeyError escaped the cursor's checks).
    response = client.get(f"/api/v1/queue?{query}", headers=token_for(db_session, checker))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"]["field"] == "cursor"


@pytest.mark.parametrize("date", FAR_DATES)
def test_a_forged_published_cursor_is_a_400_not_a_500(client: FlaskClient, date: str) -> None:
    response = client.get(f"/api/v1/published?cursor={_forged([date, 1])}")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"]["field"] == "cursor"
