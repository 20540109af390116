"""What readers see of a corrected fact-check: who is credited, and how the corrections list
names what was corrected."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import publishing
from factcheck.models import Article, Claim, User
from tests.publishing_helpers import correct_now, publish_one


@pytest.fixture
def corrected(
    db_session: Session, editor: User, editor2: User, checker: User
) -> tuple[Article, Claim]:
    """Checked by `checker`, approved by `editor2`; then `editor` proposes a correction of
    the rating and `editor2` approves it."""
    article, claim = publish_one(db_session, editor, editor2, checker)
    correct_now(
        db_session,
        claim,
        editor,
        editor2,
        rating="misleading",
        explanation="The operator's counts say 41,000.",
        reason="The operator published corrected counts.",
    )
    db_session.commit()
    return article, claim


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _byline(page: str) -> str:
    found = re.search(r'<p class="byline">(.*?)</p>', page, re.S)
    assert found, page
    return found.group(1)


def test_a_correction_keeps_the_checkers_credit_in_the_byline(
    client: FlaskClient,
    corrected: tuple[Article, Claim],
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    # Before session 19 the byline credited the correction's verdict: "Checked by <the
    # editor who proposed the correction>, edited by <its approver>".
    article, claim = corrected
    for url in (f"/claims/{claim.id}", f"/factchecks/{article.id}"):
        page = _page(client, url)
        byline = _byline(page)
        assert f'Checked by <span class="checker">{checker.display_name}</span>' in byline
        assert f'edited by <span class="editor">{editor2.display_name}</span>' in byline
        assert editor.display_name not in byline
        assert "Misleading" in page and "previously rated “Mostly true”" in page


def test_the_corrections_list_names_the_claim_and_its_fact_check(
    client: FlaskClient, corrected: tuple[Article, Claim]
) -> None:
    # Before session 19 each entry read "<date>: rating changed from 'Mostly true' to
    # 'Misleading'. <reason>", naming neither the claim nor the fact-check.
    article, claim = corrected
    page = _page(client, "/corrections")
    entry = re.search(r"<li><time[^>]*>.*?</li>", page, re.S)
    assert entry, page
    text = re.sub(r"<[^>]+>|\s+", " ", entry.group(0))
    assert claim.text[:60] in text
    assert f"in the fact-check {article.title}" in re.sub(r"\s+", " ", text)
    assert "rating changed from “Mostly true” to “Misleading”" in text
    assert f'href="/factchecks/{article.id}#claim-{claim.id}"' in entry.group(0)
    assert f'href="/claims/{claim.id}#correction-' in entry.group(0)


def test_the_readers_summary_is_above_the_rated_claim_not_in_the_verdict_box(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Before session 19 the article's "Summary for readers" (the publish form says readers
    # see it above the rated claims) sat in bold inside "Our verdict", read as the verdict.
    article, claim = publish_one(db_session, editor, editor2, checker)
    for url in (f"/factchecks/{article.id}", f"/claims/{claim.id}"):
        page = _page(client, url)
        verdict_box = page[page.index('class="box verdict-box"') :].split("</section>")[0]
        assert "Close, but not quite." not in verdict_box
        assert '<p class="summary">Close, but not quite.</p>' in page
        assert page.index("Close, but not quite.") < page.index('class="box claim-box"')


def test_withdrawing_keeps_earlier_corrections_and_the_feed_announces_it(
    client: FlaskClient, db_session: Session, editor: User, corrected: tuple[Article, Claim]
) -> None:
    # Before session 20 withdrawing took the article's corrections off /corrections and out
    # of the feed, and the feed never said the fact-check was withdrawn.
    article, claim = corrected
    publishing.withdraw_article(db_session, article, editor, reason="The ministry retracted it.")
    db_session.commit()
    page = re.sub(r"\s+", " ", _page(client, "/corrections"))
    assert "rating changed from “Mostly true” to “Misleading”" in page
    assert "The operator published corrected counts." in page
    assert f'href="/factchecks/{article.id}#claim-{claim.id}"' in page
    assert ", since withdrawn)" in page
    assert client.get(f"/factchecks/{article.id}").status_code == 410
    response = client.get("/feeds/corrections.atom")
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    assert titles[0] == f"Withdrawn: “{article.title}”", titles
    assert "rating changed from Mostly true to Misleading" in titles[1]
    withdrawal = feed.entries[0]
    assert withdrawal.summary == "The ministry retracted it."
    assert withdrawal.link.endswith(f"/factchecks/{article.id}")
    db_session.refresh(article)
    assert dt.datetime.fromisoformat(withdrawal.updated) == article.updated_at
    assert dt.datetime.fromisoformat(feed.feed.updated) == article.updated_at
    again = client.get("/feeds/corrections.atom")
    assert again.headers.get("ETag") == response.headers.get("ETag")
