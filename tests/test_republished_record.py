"""A fact-check withdrawn and then republished keeps its withdrawal on the record: readers
who saw it taken down find, on its page, on /corrections, in the corrections feed and in the
API, that it was withdrawn, when and why, rather than a page back as if nothing happened."""

from __future__ import annotations

import re

import feedparser
from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import publishing
from factcheck.models import User
from tests.conftest import login
from tests.publishing_helpers import publish_one

REASON = "The ministry retracted the figures."


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_a_republished_fact_check_says_it_was_withdrawn_when_and_why(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = publish_one(db_session, editor, editor2, checker)
    publishing.withdraw_article(db_session, article, editor, reason=REASON)
    db_session.commit()
    withdrawn_on = f"{article.withdrawn_at:%-d %B %Y}"  # the tests' newsroom is on UTC
    desk = app.test_client()
    login(desk, editor)
    done = desk.post(f"/desk/articles/{article.id}/publish", data={"republish": "yes"})
    assert done.status_code == 302

    reader = app.test_client()
    said = f"This fact-check was withdrawn on {withdrawn_on} (“{REASON}”) and is published again."
    page = _text(reader.get(f"/claims/{claim.id}").get_data(as_text=True))
    assert said in page and "the rating “Mostly true” is unchanged" in page
    assert said in _text(reader.get("/corrections").get_data(as_text=True))
    feed = feedparser.parse(reader.get("/feeds/corrections.atom").get_data())
    assert [e.summary for e in feed.entries] == [said]
    published = reader.get(f"/api/v1/published/{article.id}").get_json()
    assert [c["reason"] for c in published["claims"][0]["corrections"]] == [said]


def test_a_first_publication_adds_nothing_to_the_log(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, _claim = publish_one(db_session, editor, editor2, checker)
    published = app.test_client().get(f"/api/v1/published/{article.id}").get_json()
    assert published["claims"][0]["corrections"] == []
