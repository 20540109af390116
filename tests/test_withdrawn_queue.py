"""Claims of a withdrawn fact-check are not worked on: the queue does not hand them out or
list them, editors cannot assign them, and their holder keeps the draft but cannot submit
until the fact-check is republished."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import drafts, publishing, queue, research
from factcheck.models import Article, Claim, ClaimStatus, User
from tests.conftest import login, token_for
from tests.factories import ArticleFactory, ClaimFactory, bind
from tests.publishing_helpers import CONTEXT, publish_one

REASON = "The ministry retracted the figures."
DRAFT = "Counts from the operator say 51,400 a day, not 52,000."


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def withdrawn(
    db_session: Session, editor: User, editor2: User, checker: User, checker2: User
) -> tuple[Article, Claim, Claim, Claim]:
    """A withdrawn fact-check with a claim still queued and one held by `checker2`, who has
    a draft and a source; and a queued claim of another article."""
    article, _published = publish_one(db_session, editor, editor2, checker)
    bind(db_session)
    other = ArticleFactory(created_by_id=editor.id)
    queued = ClaimFactory(article=article, status=ClaimStatus.QUEUED, text="Queued claim.")
    held = ClaimFactory(article=article, status=ClaimStatus.QUEUED, text="Held claim.")
    live = ClaimFactory(article=other, status=ClaimStatus.QUEUED, text="Live claim.", score=0.1)
    queue.assign(db_session, held, checker2, editor)
    research.add_evidence(
        db_session, held, checker2, url="https://example.org/op", title="Operator", stance="refutes"
    )
    drafts.save_draft(db_session, held, checker2, rating_slug="mostly-true", explanation=DRAFT)
    publishing.withdraw_article(db_session, article, editor, reason=REASON)
    db_session.commit()
    return article, queued, held, live


def test_take_next_passes_over_claims_of_a_withdrawn_fact_check(
    client: FlaskClient, db_session: Session, checker: User,
    withdrawn: tuple[Article, Claim, Claim, Claim],
) -> None:  # fmt: skip
    _article, queued, _held, live = withdrawn
    headers = token_for(db_session, checker)
    first = client.post("/api/v1/queue/next", json={}, headers=headers)
    assert first.status_code == 200 and first.json["id"] == live.id
    assert client.post("/api/v1/queue/next", json={}, headers=headers).status_code == 204
    login(client, checker)
    page = client.post("/desk/queue/next", follow_redirects=True).get_data(as_text=True)
    assert "The queue is empty" in page
    # The checker is told why the queue is empty although the fact-check had claims left.
    assert "1 claim is on hold while its fact-check is withdrawn" in _text(page)
    db_session.expire_all()
    assert queued.status == ClaimStatus.QUEUED and queued.assignee_id is None


def test_queue_listings_leave_them_out(
    client: FlaskClient, db_session: Session, editor: User,
    withdrawn: tuple[Article, Claim, Claim, Claim],
) -> None:  # fmt: skip
    _article, _queued, _held, live = withdrawn
    listed = client.get("/api/v1/queue", headers=token_for(db_session, editor)).json["items"]
    assert [item["id"] for item in listed] == [live.id]
    login(client, editor)
    for url in ("/desk/queue", "/desk/"):
        page = client.get(url).get_data(as_text=True)
        assert "Live claim." in page and "Queued claim." not in page, url


def test_editors_cannot_assign_them(
    client: FlaskClient, db_session: Session, editor: User, checker: User,
    withdrawn: tuple[Article, Claim, Claim, Claim],
) -> None:  # fmt: skip
    article, queued, held, _live = withdrawn
    refused = client.post(
        f"/api/v1/claims/{queued.id}/assign",
        json={"user_id": checker.id},
        headers=token_for(db_session, editor),
    )
    assert refused.status_code == 409
    assert f"Fact-check #{article.id} was withdrawn" in refused.json["error"]["message"]
    login(client, editor)
    page = client.get(f"/desk/claims/{queued.id}").get_data(as_text=True)
    assert f'action="/desk/claims/{queued.id}/assign"' not in page
    for claim in (queued, held):  # from a page opened before the withdrawal
        sent = client.post(
            f"/desk/claims/{claim.id}/assign",
            data={"user_id": checker.id, "version": claim.version},
            follow_redirects=True,
        )
        text = _text(sent.get_data(as_text=True))
        refusal = f"Claim #{claim.id} cannot be assigned: Fact-check #{article.id} was withdrawn"
        assert refusal in text
        assert f"Claim #{claim.id} assigned." not in text
    db_session.expire_all()
    assert queued.assignee_id is None and queued.status == ClaimStatus.QUEUED


def test_the_holder_keeps_the_draft_but_cannot_submit(
    client: FlaskClient, db_session: Session, checker2: User,
    withdrawn: tuple[Article, Claim, Claim, Claim],
) -> None:  # fmt: skip
    article, _queued, held, _live = withdrawn
    login(client, checker2)
    page = client.get(f"/desk/claims/{held.id}").get_data(as_text=True)
    text = _text(page)
    assert f"Fact-check #{article.id} was withdrawn" in text and REASON in text
    assert DRAFT in page  # the draft is still there to read and keep editing
    sent = client.post(
        f"/desk/claims/{held.id}/verdict",
        data={"rating": "false", "explanation": "Changed my mind.", "version": held.version},
    )
    assert sent.status_code == 409
    assert "was withdrawn" in _text(sent.get_data(as_text=True))
    assert "Changed my mind." in sent.get_data(as_text=True)  # what was typed is not lost
    api = client.post(
        f"/api/v1/claims/{held.id}/verdict",
        json={"rating": "false", "explanation": "Changed my mind."},
        headers=token_for(db_session, checker2),
    )
    assert api.status_code == 409 and "was withdrawn" in api.json["error"]["message"]
    db_session.expire_all()
    assert held.status == ClaimStatus.IN_PROGRESS and held.assignee_id == checker2.id
    mine = _text(client.get("/desk/mine").get_data(as_text=True))
    assert "withdrawn" in mine


def test_republishing_makes_them_workable_again(
    client: FlaskClient, db_session: Session, editor: User, checker: User, checker2: User,
    withdrawn: tuple[Article, Claim, Claim, Claim],
) -> None:  # fmt: skip
    article, queued, held, live = withdrawn
    publishing.publish_article(db_session, article, editor, context=CONTEXT, republish=True)
    db_session.commit()
    headers = token_for(db_session, checker)
    taken = [client.post("/api/v1/queue/next", json={}, headers=headers).json["id"] for _ in "ab"]
    assert sorted(taken) == sorted([queued.id, live.id])
    submitted = client.post(
        f"/api/v1/claims/{held.id}/verdict",
        json={"rating": "mostly-true", "explanation": DRAFT},
        headers=token_for(db_session, checker2),
    )
    assert submitted.status_code == 201, submitted.json
