"""An empty fact-check feed (all, per rating, per topic) dates from the site's set-up, as the
corrections feed does: Atom needs an <updated>, and 1 January 2000 (the date they gave
before) told feed readers the feed had not changed in decades, before the site existed. The
date is the same on every request, so the ETag is too."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import topics
from factcheck.models import ScaleVersion, User


@pytest.mark.parametrize(
    "path", ["/feeds/factchecks.atom", "/feeds/ratings/true.atom", "/feeds/topics/health.atom"]
)
def test_an_empty_feed_dates_from_the_sites_setup(
    client: FlaskClient, db_session: Session, editor: User, path: str
) -> None:
    topics.create_topic(db_session, editor, "Health")
    db_session.commit()
    setup = db_session.scalars(select(ScaleVersion.created_at).order_by(ScaleVersion.id)).first()
    assert setup is not None
    response = client.get(path)
    feed = feedparser.parse(response.get_data())
    assert response.status_code == 200 and not feed.bozo and feed.entries == []
    assert dt.datetime.fromisoformat(feed.feed.updated) == setup
    assert client.get(path).headers["ETag"] == response.headers["ETag"]
