"""What the desk says about the claims of a withdrawn fact-check (found in the walk of the
new features): a submit from a page opened before the withdrawal, the queue and the desk home
that look empty, the checker's desk home, and republishing."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import publishing, queue
from factcheck.models import Article, Claim, ClaimStatus, User
from tests.conftest import login
from tests.factories import ArticleFactory, ClaimFactory, bind
from tests.publishing_helpers import publish_one

REASON = "The ministry retracted the figures."


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def withdrawn(
    db_session: Session, editor: User, editor2: User, checker: User, checker2: User
) -> tuple[Article, Claim, Claim]:
    """A withdrawn fact-check with a claim still queued and one `checker2` holds, with no
    source yet."""
    article, _published = publish_one(db_session, editor, editor2, checker)
    bind(db_session)
    queued = ClaimFactory(article=article, status=ClaimStatus.QUEUED, text="Queued claim.")
    held = ClaimFactory(article=article, status=ClaimStatus.QUEUED, text="Held claim.")
    queue.assign(db_session, held, checker2, editor)
    db_session.commit()
    return article, queued, held


def _withdraw(db_session: Session, article: Article, editor: User) -> None:
    publishing.withdraw_article(db_session, article, editor, reason=REASON)
    db_session.commit()


def test_a_submit_from_a_page_opened_before_the_withdrawal_says_it_was_withdrawn(
    client: FlaskClient, db_session: Session, editor: User, checker2: User,
    withdrawn: tuple[Article, Claim, Claim],
) -> None:  # fmt: skip
    article, _queued, held = withdrawn
    login(client, checker2)
    opened = client.get(f"/desk/claims/{held.id}").get_data(as_text=True)
    assert f'action="/desk/claims/{held.id}/verdict"' in opened
    version = held.version
    _withdraw(db_session, article, editor)

    sent = client.post(
        f"/desk/claims/{held.id}/verdict",
        data={
            "rating": "false",
            "explanation": "Typed before it was withdrawn.",
            "version": version,
        },
    )
    page = sent.get_data(as_text=True)
    assert sent.status_code == 409
    assert f"Fact-check #{article.id} was withdrawn" in _text(page)
    assert "A verdict needs at least" not in page
    assert "Typed before it was withdrawn." in page


def test_the_queue_and_the_desk_home_say_which_claims_are_held_back(
    client: FlaskClient, db_session: Session, editor: User,
    withdrawn: tuple[Article, Claim, Claim],
) -> None:  # fmt: skip
    article, _queued, _held = withdrawn
    _withdraw(db_session, article, editor)
    login(client, editor)
    held_back = "1 claim is held back because its fact-check was withdrawn"
    for url in ("/desk/queue?status=queued", "/desk/queue", "/desk/"):
        page = client.get(url).get_data(as_text=True)
        text = _text(page)
        assert held_back in text, url
        assert f'href="/desk/articles/{article.id}"' in page, url
        assert "The queue is empty" not in text and "Editors fill the queue" not in text, url
    assert held_back not in _text(client.get("/desk/queue?status=in_progress").get_data(True))


def test_a_bulk_assign_refusal_names_the_claim_once(
    client: FlaskClient, db_session: Session, editor: User, checker: User,
    withdrawn: tuple[Article, Claim, Claim],
) -> None:  # fmt: skip
    article, queued, _held = withdrawn
    bind(db_session)
    other = ClaimFactory(
        article=ArticleFactory(created_by_id=editor.id), status=ClaimStatus.CANDIDATE
    )
    db_session.commit()
    _withdraw(db_session, article, editor)
    login(client, editor)
    sent = client.post(
        "/desk/queue/assign",
        data={"claim_ids": [queued.id, other.id], "user_id": checker.id},
        follow_redirects=True,
    )
    text = _text(sent.get_data(as_text=True))
    assert f"Claim #{queued.id} cannot be assigned: Fact-check #{article.id} was withdrawn" in text
    assert f"Claim #{queued.id}: Claim #{queued.id}" not in text
    assert f"#{other.id}: Claim #{other.id}" not in text and f"claim #{other.id}" in text.lower()


def test_the_checkers_desk_home_marks_a_held_claim_on_hold(
    client: FlaskClient, db_session: Session, editor: User, checker2: User,
    withdrawn: tuple[Article, Claim, Claim],
) -> None:  # fmt: skip
    article, _queued, held = withdrawn
    login(client, checker2)
    assert "On hold" not in client.get("/desk/").get_data(as_text=True)
    _withdraw(db_session, article, editor)
    text = _text(client.get("/desk/").get_data(as_text=True))
    assert f"#{held.id} Held claim. in progress On hold: its fact-check was withdrawn" in text


def test_republishing_says_it_was_republished_and_which_claims_came_back(
    client: FlaskClient, db_session: Session, editor: User,
    withdrawn: tuple[Article, Claim, Claim],
) -> None:  # fmt: skip
    article, _queued, _held = withdrawn
    published = [c.id for c in article.claims if c.status == ClaimStatus.PUBLISHED]
    _withdraw(db_session, article, editor)
    login(client, editor)
    done = client.post(
        f"/desk/articles/{article.id}/publish", data={"republish": "yes"}, follow_redirects=True
    )
    text = _text(done.get_data(as_text=True))
    assert (
        f"Fact-check #{article.id} republished: readers can see it again, with claim "
        f"#{published[0]}." in text
    )
    assert "Readers can see the rated summary now" not in text
