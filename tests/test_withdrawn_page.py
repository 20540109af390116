"""A reader who follows an old link to a withdrawn fact-check finds what was withdrawn, not
only why: its headline and claim, who made the claim, the rating it had, when it was
published and withdrawn, and its corrections log, marked as withdrawn. The page stays a
410 that search engines drop (noindex), with no ClaimReview that would offer the withdrawn
rating as ours. The API's 410 carries the same record in `error.withdrawn`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import publishing, replies
from factcheck.models import Article, Claim, User
from tests.publishing_helpers import HEADLINE, publish_one

PUBLISHED = dt.datetime(2026, 4, 6, 8, 0, tzinfo=dt.UTC)
REPLIED = dt.datetime(2026, 4, 7, 10, 0, tzinfo=dt.UTC)
WITHDRAWN = dt.datetime(2026, 4, 9, 14, 30, tzinfo=dt.UTC)
REASON = "The ministry retracted the figures."


@pytest.fixture
def withdrawn(
    db_session: Session, editor: User, editor2: User, checker: User
) -> Iterator[tuple[Article, Claim]]:
    moment = [PUBLISHED]
    clock.set_source(lambda: moment[0])
    try:
        article, claim = publish_one(db_session, editor, editor2, checker)
        moment[0] = REPLIED
        replies.record_reply(
            db_session, claim, editor, contacted_at=None, channel="email",
            contact="press@example.org", answer="We stand by the figure.",
        )  # fmt: skip
        moment[0] = WITHDRAWN
        publishing.withdraw_article(db_session, article, editor, reason=REASON)
        db_session.commit()
        yield article, claim
    finally:
        clock.set_source(None)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).replace("&#39;", "'").split())


@pytest.mark.parametrize("address", ["factcheck", "claim"])
def test_the_withdrawn_page_says_what_was_withdrawn(
    app: Flask, withdrawn: tuple[Article, Claim], address: str
) -> None:
    article, claim = withdrawn
    path = f"/factchecks/{article.id}" if address == "factcheck" else f"/claims/{claim.id}"
    response = app.test_client().get(path)
    html = response.get_data(as_text=True)
    text = _text(html)

    assert response.status_code == 410
    assert '<meta name="robots" content="noindex">' in html
    assert "application/ld+json" not in html  # no ClaimReview of a withdrawn rating
    assert "Fact-check withdrawn" in text and REASON in text
    assert HEADLINE in text
    assert claim.text in text
    assert "Claim by Ana Silva" in text
    assert "Rated “Mostly true” until it was withdrawn" in text
    assert "Published 6 April 2026 · Withdrawn 9 April 2026" in text
    assert "Correction, 7 April 2026: the rating “Mostly true” is unchanged." in text
    assert "Right of reply added after publication" in text


def test_the_apis_410_names_what_was_withdrawn(
    app: Flask, withdrawn: tuple[Article, Claim]
) -> None:
    article, claim = withdrawn
    response = app.test_client().get(f"/api/v1/published/{article.id}")
    assert response.status_code == 410
    error = response.get_json()["error"]
    assert error["code"] == "gone"
    record = error["withdrawn"]
    assert record["id"] == article.id and record["title"] == article.title
    assert record["reason"] == REASON
    assert dt.datetime.fromisoformat(record["published_at"]) == PUBLISHED
    assert dt.datetime.fromisoformat(record["withdrawn_at"]) == WITHDRAWN
    [shown] = record["claims"]
    assert shown["id"] == claim.id and shown["text"] == claim.text
    assert shown["headline"] == HEADLINE and shown["claimant"] == "Ana Silva"
    assert shown["rating"]["slug"] == "mostly-true"
    assert [c["reason"][:38] for c in shown["corrections"]] == [
        "Right of reply added after publication"
    ]
