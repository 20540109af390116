"""Every time of day a desk page shows names its zone: the times are UTC, and a checker in
Sydney (UTC+11 in December) or Los Angeles (UTC-8) would otherwise read 21:30 as 21:30 their
time, half a day out."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import comments, job_failures
from factcheck.models import (
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookFormat,
)
from tests.conftest import held_claim, login
from tests.publishing_helpers import publish_one

# 08:30 in Sydney on Sunday 6 December, still Saturday the 5th in UTC.
AT = dt.datetime(2026, 12, 5, 21, 30, 15, tzinfo=dt.UTC)
TIME_OF_DAY = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?+(?! UTC)")


@pytest.fixture
def at_night() -> Iterator[None]:
    clock.set_source(lambda: AT)
    yield
    clock.set_source(None)


def _visible(page: str) -> str:
    """The page as a person reads it: tags and their attributes (datetime="…") dropped."""
    return re.sub(r"<[^>]+>", " ", page)


def test_audit_trail_and_desk_times_name_their_zone(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User,
    admin: User, at_night: None,
) -> None:  # fmt: skip
    article, claim = publish_one(db_session, editor, editor2, checker)
    failure = job_failures.record(
        db_session, task_name="send_digest", task_id="t1", arguments=[], error="Down", tries=5
    )
    job_failures.run_again(db_session, failure.id, admin)
    endpoint = WebhookEndpoint(
        url="https://hooks.example/in", secret="s", events=["publication"],
        payload_format=WebhookFormat.JSON, created_by_id=admin.id,
    )  # fmt: skip
    delivery = WebhookDelivery(endpoint=endpoint, event=WebhookEvent.PUBLICATION, payload={})
    db_session.add(WebhookAttempt(delivery=delivery, status_code=503))
    comments.add_comment(db_session, claim, editor, "Checked the tunnel figures again.")
    held = held_claim(db_session, editor, checker, title="Held overnight")
    db_session.commit()

    login(client, editor)
    pages = {
        path: _visible(client.get(path).get_data(as_text=True))
        for path in (
            f"/desk/articles/{article.id}/history",
            f"/desk/claims/{claim.id}/history",
            f"/desk/claims/{claim.id}",
            "/desk/workload",
        )
    }
    login(client, admin)
    for path in ("/desk/admin/jobs", f"/desk/admin/webhooks/{endpoint.id}"):
        pages[path] = _visible(client.get(path).get_data(as_text=True))
    login(client, checker)
    pages["/desk/mine"] = _visible(client.get("/desk/mine").get_data(as_text=True))

    assert "2026-12-05 21:30:15 UTC" in pages[f"/desk/claims/{claim.id}/history"]
    assert "2026-12-05 21:30:15 UTC" in pages[f"/desk/articles/{article.id}/history"]
    assert "submitted by" in pages[f"/desk/claims/{claim.id}"]
    assert "2026-12-05 21:30 UTC" in pages["/desk/workload"]
    assert f"assigned to you by {editor.display_name} on 2026-12-05 21:30 UTC" in " ".join(
        pages["/desk/mine"].split()
    )
    assert held.assignee_id == checker.id
    assert "run again 2026-12-05 21:30 UTC" in pages["/desk/admin/jobs"]
    assert "log 21:30:15 UTC: 503" in " ".join(pages[f"/desk/admin/webhooks/{endpoint.id}"].split())
    without_zone = {path: TIME_OF_DAY.findall(text) for path, text in pages.items()}
    assert without_zone == {path: [] for path in pages}


def test_claimreview_says_when_it_was_published_with_the_zone(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # 00:30 on 6 December in Sydney, still the 5th in UTC: a date alone ("2026-12-05") tells
    # an aggregator the day before the one the Sydney desk published on.
    clock.set_source(lambda: dt.datetime(2026, 12, 5, 13, 30, tzinfo=dt.UTC))
    try:
        _article, claim = publish_one(db_session, editor, editor2, checker)
    finally:
        clock.set_source(None)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found
    review = json.loads(found.group(1))
    assert review["datePublished"] == "2026-12-05T13:30:00+00:00"
    assert review["dateModified"] == "2026-12-05T13:30:00+00:00"
