"""A correction that changes the rating but keeps the published headline: the proposer, and
the editors asked to approve it, are told before readers see it. Warned, never refused."""

from __future__ import annotations

import html
import re

import feedparser
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import review_panel
from factcheck.models import ClaimStatus, User
from tests.conftest import login
from tests.publishing_helpers import HEADLINE, publish_one

WARNING = "The headline is unchanged"


def _propose(client: FlaskClient, claim_id: int, version: int, headline: str) -> str:
    response = client.post(
        f"/desk/claims/{claim_id}/correct",
        data={
            "version": version,
            "rating": "misleading",
            "headline": headline,
            "explanation": "The operator's counts say 41,000.",
            "reason": "The operator published corrected counts.",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_new_rating_under_the_old_headline_is_pointed_out_before_approval(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Before session 19 the correction form pre-filled the published headline and nothing
    # said it no longer matched: readers got a "close to the figure" headline beside a
    # "Misleading" badge.
    _article, claim = publish_one(db_session, editor, editor2, checker)
    login(client, editor)
    proposed = _propose(client, claim.id, claim.version, HEADLINE)
    assert "Correction proposed." in proposed
    assert WARNING in proposed and "from “Mostly true” to “Misleading”" in proposed
    login(client, editor2)
    for url in (f"/desk/claims/{claim.id}", "/desk/review"):
        page = client.get(url).get_data(as_text=True)
        warning = re.search(r'<p class="note returned headline-warning"[^>]*>(.*?)</p>', page)
        assert warning, url
        assert HEADLINE.replace("'", "&#39;") in warning.group(1)
        assert "Approve" in page  # a warning, not a block
    db_session.expire_all()
    assert claim.status == ClaimStatus.PUBLISHED


def test_a_rewritten_headline_draws_no_warning(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _article, claim = publish_one(db_session, editor, editor2, checker)
    login(client, editor)
    proposed = _propose(client, claim.id, claim.version, "The tunnel carried far fewer vehicles")
    assert "Correction proposed." in proposed and WARNING not in proposed
    login(client, editor2)
    assert WARNING not in client.get("/desk/review").get_data(as_text=True)


def test_readers_see_the_headline_a_correction_replaced(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Before session 21 a correction that rewrote the headline said only how the rating
    # changed: the old headline, which readers may have shared, vanished from the page.
    article, claim = publish_one(db_session, editor, editor2, checker)
    login(client, editor)
    _propose(client, claim.id, claim.version, "The tunnel carried far fewer vehicles")
    login(client, editor2)
    db_session.expire_all()
    assert review_panel.approve(db_session, claim, editor2) == "corrected"
    db_session.commit()
    was = f"Its headline was “{HEADLINE}”."
    reader = client.application.test_client()
    for url in (f"/claims/{claim.id}", "/corrections"):
        page = html.unescape(reader.get(url).get_data(as_text=True))
        assert was in page, url
    feed = feedparser.parse(reader.get("/feeds/corrections.atom").get_data())
    assert html.unescape(feed.entries[0].summary).startswith(was)
    [correction] = reader.get(f"/api/v1/published/{article.id}").json["claims"][0]["corrections"]
    assert correction["previous_headline"] == HEADLINE


def test_a_correction_that_keeps_the_headline_names_none(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = publish_one(db_session, editor, editor2, checker)
    login(client, editor)
    _propose(client, claim.id, claim.version, HEADLINE)
    db_session.expire_all()
    assert review_panel.approve(db_session, claim, editor2) == "corrected"
    db_session.commit()
    reader = client.application.test_client()
    assert "Its headline was" not in reader.get(f"/claims/{claim.id}").get_data(as_text=True)
    [correction] = reader.get(f"/api/v1/published/{article.id}").json["claims"][0]["corrections"]
    assert correction["previous_headline"] is None
