"""Readers and API clients see when a fact-check was withdrawn, not when it was last edited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import feedparser
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import articles, publishing
from factcheck.models import User
from tests.conftest import token_for
from tests.publishing_helpers import publish_one

WITHDRAWN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
EDITED = dt.datetime(2026, 4, 20, 15, 30, tzinfo=dt.UTC)


@pytest.fixture
def moments() -> Iterator[list[dt.datetime]]:
    current = [WITHDRAWN]
    clock.set_source(lambda: current[0])
    yield current
    clock.set_source(None)


def test_the_withdrawal_date_survives_a_later_edit(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User,
    moments: list[dt.datetime],
) -> None:  # fmt: skip
    article, _claim = publish_one(db_session, editor, editor2, checker)
    publishing.withdraw_article(db_session, article, editor, reason="The figures were retracted.")
    db_session.commit()
    moments[0] = EDITED
    articles.edit_article(
        db_session, article, editor, title="Harbour tunnel traffic (withdrawn)",
        outlet=article.outlet, source_url=article.source_url, published_on=article.published_on,
    )  # fmt: skip
    db_session.commit()

    listing = client.get("/corrections").get_data(as_text=True)
    # (The edit itself is listed as a correction of its own, dated 20 April.)
    withdrawal = (
        rf'>(\d+ \w+ 2026)</time>:\s*<a href="/factchecks/{article.id}">[^<]*</a> was withdrawn'
    )
    assert re.findall(withdrawal, listing) == ["2 March 2026"]
    page = client.get(f"/factchecks/{article.id}")
    assert page.status_code == 410 and "2 March 2026" in page.get_data(as_text=True)
    feed = feedparser.parse(client.get("/feeds/corrections.atom").data)
    dates = [e.published for e in feed.entries if e.title.startswith("Withdrawn")]
    assert dates == ["2026-03-02T09:00:00+00:00"]
    gone = client.get(f"/api/v1/published/{article.id}")
    assert gone.status_code == 410 and "2026-03-02" in gone.json["error"]["message"]
    shown = client.get(f"/api/v1/articles/{article.id}", headers=token_for(db_session, editor))
    assert shown.json["withdrawn_at"] == "2026-03-02T09:00:00+00:00"
