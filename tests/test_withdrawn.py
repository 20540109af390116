"""A withdrawn fact-check stays withdrawn until an editor brings it back on purpose:
publishing one of its claims is refused, and republishing says which claims come back."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import extraction
from factcheck.domain import articles, candidates, publishing, queue, research, review_panel
from factcheck.domain.errors import InvalidTransition
from factcheck.domain.limits import Limits
from factcheck.models import Article, ArticleStatus, Claim, ClaimStatus, User
from tests.conftest import login, token_for
from tests.publishing_helpers import CONTEXT

BODY = (
    "The harbour tunnel carried 52,000 vehicles a day in 2025, the transport minister, "
    "Ana Silva, said on Monday.\n\nThe toll raised 14 million euros in 2025, she said."
)
REASON = "The ministry retracted the figures."


def _submit(session: Session, claim: Claim, editor: User, checker: User) -> None:
    articles.triage(session, claim, "accept", editor, expected_version=None)
    articles.edit_claim_details(
        session, claim, editor, claimant="Ana Silva", claim_date=dt.date(2026, 2, 2),
        expected_version=None,
    )  # fmt: skip
    queue.assign(session, claim, checker, editor)
    research.add_evidence(
        session, claim, checker, url="https://example.org/counts", title="Counts 2025",
        stance="refutes",
    )  # fmt: skip
    research.submit_verdict(
        session, claim, checker, rating_slug="mostly-true", explanation="Counts say otherwise."
    )


def _approve(session: Session, claim: Claim, approver: User) -> None:
    review_panel.approve(session, claim, approver)
    verdict = claim.current_verdict
    assert verdict is not None
    verdict.headline = f"Claim about {claim.text[:40]} was close"


@pytest.fixture
def withdrawn(
    db_session: Session, editor: User, editor2: User, checker: User
) -> tuple[Article, Claim, Claim]:
    """Two claims: the first published then withdrawn with its article, the second
    submitted before the withdrawal and approved after it (work on a withdrawn
    fact-check's claims stops; review of what was submitted does not)."""
    article = articles.create_article(
        db_session, creator=editor, title="Harbour tunnel and toll", body=BODY,
        limits=Limits(max_chars=100_000), source_url="https://example.org/news/tunnel",
        outlet="Harbour News", published_on=dt.date(2026, 2, 3),
    )  # fmt: skip
    taken = {(c.span_start, c.span_end) for c in article.claims}
    for sentence in extraction.extract(BODY):
        if (sentence.start, sentence.end) not in taken:
            candidates.promote_sentence(db_session, article, editor, sentence.start, sentence.end)
    first, second = sorted(article.claims, key=lambda c: c.span_start)[:2]
    _submit(db_session, first, editor, checker)
    _approve(db_session, first, editor2)
    publishing.publish_claim(db_session, first, editor, context=CONTEXT)
    _submit(db_session, second, editor, checker)
    publishing.withdraw_article(db_session, article, editor, reason=REASON)
    _approve(db_session, second, editor2)
    db_session.commit()
    return article, first, second


def _still_withdrawn(client: FlaskClient, article: Article, first: Claim, second: Claim) -> None:
    assert client.get(f"/factchecks/{article.id}").status_code == 410
    assert client.get(f"/claims/{first.id}").status_code == 410
    assert client.get(f"/claims/{second.id}").status_code == 404
    assert client.get("/api/v1/published").json["items"] == []
    assert REASON in client.get("/corrections").get_data(as_text=True)


def test_publishing_one_claim_of_a_withdrawn_fact_check_is_refused(
    client: FlaskClient, db_session: Session, editor: User,
    withdrawn: tuple[Article, Claim, Claim],
) -> None:  # fmt: skip
    article, first, second = withdrawn
    with pytest.raises(InvalidTransition, match="withdrawn"):
        publishing.publish_claim(db_session, second, editor, context=CONTEXT)
    db_session.rollback()
    login(client, editor)
    page = client.post(f"/desk/claims/{second.id}/publish")
    assert page.status_code == 409
    text = page.get_data(as_text=True)
    assert f"Fact-check #{article.id} is withdrawn" in text and "Republish" in text
    assert f"Claim #{second.id} published" not in text
    client.post("/logout")
    _still_withdrawn(client, article, first, second)
    db_session.expire_all()
    assert article.status == ArticleStatus.WITHDRAWN
    assert second.status == ClaimStatus.APPROVED


def test_the_api_refuses_it_with_a_409(
    client: FlaskClient, db_session: Session, editor: User,
    withdrawn: tuple[Article, Claim, Claim],
) -> None:  # fmt: skip
    article, first, second = withdrawn
    response = client.post(
        f"/api/v1/claims/{second.id}/publish", json={}, headers=token_for(db_session, editor)
    )
    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "invalid_transition" and f"Fact-check #{article.id}" in error["message"]
    _still_withdrawn(client, article, first, second)


def test_the_desk_republishes_on_purpose_and_says_which_claims_come_back(
    client: FlaskClient, db_session: Session, editor: User,
    withdrawn: tuple[Article, Claim, Claim],
) -> None:  # fmt: skip
    article, first, second = withdrawn
    login(client, editor)
    page = client.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", page)
    assert "This fact-check is withdrawn" in text
    assert f"Republish fact-check #{article.id}" in page
    assert f"brings back claims #{first.id}, #{second.id}" in text
    assert f"Publish claim #{second.id} only" not in page
    claim_page = client.get(f"/desk/claims/{second.id}").get_data(as_text=True)
    assert f"Publish claim #{second.id} only" not in claim_page
    assert "withdrawn" in claim_page
    # The article's Publish button without the republish choice is refused too.
    refused = client.post(f"/desk/articles/{article.id}/publish", data={})
    assert refused.status_code == 409
    done = client.post(f"/desk/articles/{article.id}/publish", data={"republish": "yes"})
    assert done.status_code == 302
    client.post("/logout")
    assert client.get(f"/factchecks/{article.id}").status_code == 200
    assert client.get(f"/claims/{second.id}").status_code == 200
