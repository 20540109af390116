"""The corrections feed's <updated>: its newest entry (a correction or a withdrawal); with no
entries (Atom requires one all the same, and a made-up date says nothing), when the site was
set up. Either way it stays the same across requests, so its ETag does too. Corrections of
a withdrawn fact-check stay in the feed, and the withdrawal is an entry of its own."""

from __future__ import annotations

import datetime as dt

import feedparser
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import publishing
from factcheck.models import ScaleVersion, User
from tests.publishing_helpers import correct_now, publish_one


def _updated(client: FlaskClient) -> tuple[dt.datetime, str | None]:
    response = client.get("/feeds/corrections.atom")
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo and feed.entries == []
    return dt.datetime.fromisoformat(feed.feed.updated), response.headers.get("ETag")


def test_an_empty_feed_dates_from_the_sites_setup(client: FlaskClient, db_session: Session) -> None:
    setup = db_session.scalars(select(ScaleVersion.created_at).order_by(ScaleVersion.id)).first()
    assert setup is not None
    updated, etag = _updated(client)
    assert updated == setup
    assert _updated(client) == (updated, etag)


def test_a_withdrawal_keeps_the_correction_and_dates_the_feed(
    client: FlaskClient, db_session: Session, admin: User, editor: User, editor2: User,
    checker: User,
) -> None:  # fmt: skip
    # Before session 20 the withdrawal emptied this feed (it dated from the correction).
    article, claim = publish_one(db_session, editor, editor2, checker)
    correct_now(
        db_session, claim, editor, editor2, rating="false",
        explanation="The count was of the old bridge.", reason="We misread the table.",
    )  # fmt: skip
    publishing.withdraw_article(db_session, article, admin, reason="The source retracted it.")
    db_session.commit()
    response = client.get("/feeds/corrections.atom")
    feed = feedparser.parse(response.get_data())
    summaries = [e.summary for e in feed.entries]
    assert summaries == ["The source retracted it.", "We misread the table."]
    assert dt.datetime.fromisoformat(feed.feed.updated) == article.updated_at
    assert client.get("/feeds/corrections.atom").headers["ETag"] == response.headers["ETag"]
