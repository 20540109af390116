"""Every correction readers see is a modification, whether the rating changed or stood (a
right of reply added afterwards, the article's details corrected, the claimant renamed, a
republication after a withdrawal): the page's "Updated", ClaimReview's dateModified, the
feeds' <updated>, the sitemap's <lastmod> and the API's date_modified all move to it, and a
feed reader's conditional GET gets the new feed. Before, only a rating change moved them."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import articles, claimants, feed_claims, publishing, replies
from factcheck.models import Article, Claim, User
from tests.publishing_helpers import CONTEXT, correct_now, publish_one, publish_tunnels

PUBLISHED = dt.datetime(2026, 4, 6, 8, 0, tzinfo=dt.UTC)
CORRECTED = dt.datetime(2026, 4, 9, 14, 30, tzinfo=dt.UTC)
SITEMAP_STAMP = "%Y-%m-%dT%H:%M:%SZ"


@pytest.fixture
def now() -> Iterator[list[dt.datetime]]:
    moment = [PUBLISHED]
    clock.set_source(lambda: moment[0])
    yield moment
    clock.set_source(None)


def _reply(session: Session, article: Article, claim: Claim, editor: User) -> None:
    replies.record_reply(
        session, claim, editor, contacted_at=None, channel="email",
        contact="press@example.org", answer="We stand by the figure.",
    )  # fmt: skip


def _details(session: Session, article: Article, claim: Claim, editor: User) -> None:
    articles.edit_article(
        session, article, editor, title="Harbour tunnel traffic in 2025",
        outlet=article.outlet, source_url=article.source_url, published_on=article.published_on,
    )  # fmt: skip


def _rename(session: Session, article: Article, claim: Claim, editor: User) -> None:
    record = claim.claimant_record
    assert record is not None
    claimants.edit(
        session, record, editor, name="Ana M. Silva", kind=record.kind.value, role=record.role,
        aliases=record.aliases, description=None, url=None, expected_version=None,
    )  # fmt: skip


def _republish(session: Session, article: Article, claim: Claim, editor: User) -> None:
    publishing.publish_article(session, article, editor, context=CONTEXT, republish=True)


STANDING: dict[str, Callable[[Session, Article, Claim, User], None]] = {
    "right of reply": _reply,
    "article details": _details,
    "claimant renamed": _rename,
    "republished": _republish,
}


def _json_ld(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    document: dict[str, object] = json.loads(found.group(1))
    return document


def _lastmods(body: bytes) -> dict[str, str]:
    pairs = re.findall(rb"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", body)
    return {loc.decode(): stamp.decode() for loc, stamp in pairs}


def _moment(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.parametrize("change", list(STANDING))
def test_a_correction_that_leaves_the_rating_standing_is_a_modification_everywhere(
    app: Flask,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    now: list[dt.datetime],
    change: str,
) -> None:
    article, claim = publish_one(db_session, editor, editor2, checker)
    if change == "republished":
        now[0] = PUBLISHED + dt.timedelta(days=1)
        publishing.withdraw_article(db_session, article, editor, reason="Figures retracted.")
        db_session.commit()
    reader: FlaskClient = app.test_client()
    feed_before = reader.get("/feeds/factchecks.atom")
    assert feed_before.status_code == 200 or change == "republished"

    now[0] = CORRECTED
    STANDING[change](db_session, article, claim, editor)
    db_session.commit()

    page = reader.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "the rating “Mostly true” is unchanged" in page  # the correction readers see
    assert _json_ld(page)["dateModified"] == CORRECTED.isoformat()
    assert "Published <time" in page and "Updated <time" in page
    assert 'Updated <time datetime="2026-04-09T14:30:00+00:00">9 April 2026</time>' in page
    article_page = reader.get(f"/factchecks/{article.id}").get_data(as_text=True)
    assert "Updated <time" in article_page and "9 April 2026" in article_page

    for path in ("/feeds/factchecks.atom", "/feeds/ratings/mostly-true.atom"):
        feed = feedparser.parse(reader.get(path).get_data())
        assert _moment(feed.entries[0].updated) == CORRECTED, path
        assert _moment(feed.feed.updated) == CORRECTED, path
    if change != "republished":  # a withdrawn fact-check was no entry of the feed before
        # A feed reader asking with the ETag it had gets the changed feed, not 304.
        again = reader.get(
            "/feeds/factchecks.atom", headers={"If-None-Match": feed_before.headers["ETag"]}
        )
        assert again.status_code == 200

    lastmods = _lastmods(reader.get("/sitemap.xml").get_data())
    stamp = CORRECTED.strftime(SITEMAP_STAMP)
    assert lastmods[f"http://factcheck.test/claims/{claim.id}"] == stamp
    assert lastmods["http://factcheck.test/ratings/mostly-true"] == stamp
    claimant_page = next(u for u in lastmods if "/claimants/" in u)
    assert lastmods[claimant_page] == stamp

    published = reader.get(f"/api/v1/published/{article.id}").get_json()
    assert _moment(published["claims"][0]["date_modified"]) == CORRECTED
    exported = reader.get("/api/v1/claimreview").get_json()["@graph"]
    assert [_moment(r["dateModified"]) for r in exported] == [CORRECTED]


def test_a_rating_list_changes_when_a_claim_joins_or_leaves_it_through_a_correction(
    app: Flask,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    now: list[dt.datetime],
) -> None:
    _, moved = publish_one(db_session, editor, editor2, checker)
    now[0] = PUBLISHED + dt.timedelta(hours=1)
    publish_one(
        db_session, editor, editor2, checker, title="Tunnel 2",
        source_url="https://example.org/news/tunnel-2",
        body="The harbour tunnel carried 61,000 vehicles a day in 2025, Tom Breck said.",
    )  # fmt: skip
    now[0] = CORRECTED
    correct_now(
        db_session, moved, editor, editor2, rating="false",
        explanation="Counts say 40,000.", reason="The first count included the old bridge.",
    )  # fmt: skip
    db_session.commit()

    lastmods = _lastmods(app.test_client().get("/sitemap.xml").get_data())
    stamp = CORRECTED.strftime(SITEMAP_STAMP)
    assert lastmods["http://factcheck.test/ratings/false"] == stamp  # it joined
    assert lastmods["http://factcheck.test/ratings/mostly-true"] == stamp  # it left


def test_a_feed_emptied_by_a_correction_dates_from_it_not_from_the_sites_set_up(
    app: Flask,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    now: list[dt.datetime],
) -> None:
    _, claim = publish_one(db_session, editor, editor2, checker)
    reader = app.test_client()
    before = feedparser.parse(reader.get("/feeds/ratings/mostly-true.atom").get_data())
    assert _moment(before.feed.updated) == PUBLISHED
    now[0] = CORRECTED
    correct_now(
        db_session, claim, editor, editor2, rating="false",
        explanation="Counts say 40,000.", reason="The first count included the old bridge.",
    )  # fmt: skip
    db_session.commit()

    emptied = feedparser.parse(reader.get("/feeds/ratings/mostly-true.atom").get_data())
    assert emptied.entries == []
    assert _moment(emptied.feed.updated) == CORRECTED  # not back to the site's set-up
    never_used = feedparser.parse(reader.get("/feeds/ratings/true.atom").get_data())
    assert _moment(never_used.feed.updated) == feed_claims.site_set_up(db_session)


def test_a_feed_emptied_by_a_withdrawal_dates_from_the_withdrawal(
    app: Flask,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    now: list[dt.datetime],
) -> None:
    article, _ = publish_one(db_session, editor, editor2, checker)
    now[0] = CORRECTED
    publishing.withdraw_article(db_session, article, editor, reason="Figures retracted.")
    db_session.commit()
    for path in ("/feeds/factchecks.atom", "/feeds/ratings/mostly-true.atom"):
        feed = feedparser.parse(app.test_client().get(path).get_data())
        assert feed.entries == [] and _moment(feed.feed.updated) == CORRECTED, path


@pytest.mark.parametrize("path", ["/feeds/factchecks.atom", "/api/v1/claimreview"])
def test_lists_read_the_corrections_once_not_once_a_claim(
    app: Flask,
    engine: Engine,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    now: list[dt.datetime],
    path: str,
) -> None:
    published = publish_tunnels(db_session, editor, editor2, checker)
    now[0] = CORRECTED
    for article, claim in published:
        _reply(db_session, article, claim, editor)
    db_session.commit()
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(" ".join(args[2].split()))

    event.listen(engine, "before_cursor_execute", count)
    try:
        body = app.test_client().get(path).get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sum("FROM corrections" in s for s in statements) == 1, statements
    # Each claim's modified date (and the feed's own <updated>).
    assert body.count("2026-04-09T14:30:00") == len(published) + path.endswith(".atom")
