"""The home page lists the newest fact-checks and pages back to the oldest."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import cursors, listings
from factcheck.models import User
from tests.publishing_helpers import BODY, publish_one


def test_the_home_page_pages_back_to_older_fact_checks(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    for n in range(listings.PAGE_SIZE + 1):
        publish_one(
            db_session,
            editor,
            editor2,
            checker,
            title=f"Harbour tunnel traffic {n}",
            headline=f"Tunnel count {n} holds up",
            source_url=f"https://example.org/news/{n}",
            body=f"{BODY}\n\nEdition {n}.",
        )
    first = client.get("/").get_data(as_text=True)
    assert "Tunnel count 20 holds up" in first and "Tunnel count 1 holds up" in first
    # Before: the oldest fact-check was on no page of the home list, and no link led on.
    assert "Tunnel count 0 holds up" not in first
    assert 'rel="next"' in first and "Older fact-checks" in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
    assert "Tunnel count 0 holds up" in second
    assert "Tunnel count 1 holds up" not in second and "Tunnel count 20" not in second
    assert 'rel="next"' not in second and "First page" in second
    assert client.get("/?after=nonsense").status_code == 400
    far = cursors.encode("9999-12-31T23:59:59-14:00", 1)
    assert client.get(f"/?after={far}").status_code == 400
