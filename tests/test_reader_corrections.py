"""What readers see of a corrected fact-check: who is credited, and how the corrections list
names what was corrected."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

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
