"""The corrections feed's <updated> when it has no entries: Atom requires one, and a made-up
date says nothing. Empty, the feed was last changed by the newest correction ever made (its
fact-check since withdrawn); with none ever made, it has been empty since the site was set
up. Either way it stays the same across requests, so its ETag does too."""

from __future__ import annotations

import datetime as dt

import feedparser
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import publishing
from factcheck.models import Correction, ScaleVersion, User
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


def test_an_emptied_feed_dates_from_its_newest_correction(
    client: FlaskClient, db_session: Session, admin: User, editor: User, editor2: User,
    checker: User,
) -> None:  # fmt: skip
    article, claim = publish_one(db_session, editor, editor2, checker)
    correct_now(
        db_session, claim, editor, editor2, rating="false",
        explanation="The count was of the old bridge.", reason="We misread the table.",
    )  # fmt: skip
    publishing.withdraw_article(db_session, article, admin, reason="The source retracted it.")
    db_session.commit()
    made = db_session.scalars(select(Correction.created_at)).one()
    updated, etag = _updated(client)
    assert updated == made
    assert _updated(client) == (updated, etag)
