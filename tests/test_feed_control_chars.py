"""Text pasted from a word processor may carry control characters (Word's line break inside
a paragraph is a vertical tab, U+000B) that XML 1.0 cannot hold. Before, one such character in
a published explanation, headline, title, claimant or correction made every feed listing it
answer 500 for every reader; now the feeds leave them out and stay valid."""

from __future__ import annotations

import feedparser
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import publishing
from factcheck.models import User
from tests.publishing_helpers import BODY, correct_now, publish_one


def test_feeds_stay_valid_with_control_characters_in_the_text(
    client: FlaskClient, db_session: Session, admin: User, editor: User, editor2: User,
    checker: User,
) -> None:  # fmt: skip
    _article, claim = publish_one(
        db_session, editor, editor2, checker,
        title="Harbour\x0btunnel traffic", explanation="Counts show\x0b51,400 a day.\x1b",
    )  # fmt: skip
    correct_now(
        db_session, claim, editor, editor2, rating="false",
        explanation="Recounted.\x0c", reason="We misread\x0bthe table.",
    )  # fmt: skip
    withdrawn, _other = publish_one(
        db_session, editor, editor2, checker, title="Bridge\x0bcosts",
        source_url="https://example.org/news/bridge", body=f"{BODY}\n\nBridge edition.",
    )  # fmt: skip
    publishing.withdraw_article(db_session, withdrawn, admin, reason="Source\x0bretracted.")
    db_session.commit()
    for path in ("/feeds/factchecks.atom", "/feeds/ratings/false.atom", "/feeds/corrections.atom"):
        response = client.get(path)
        assert response.status_code == 200, path
        feed = feedparser.parse(response.get_data())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.entries, path
    corrections = feedparser.parse(client.get("/feeds/corrections.atom").get_data())
    assert "Source retracted." in [e.summary for e in corrections.entries]
