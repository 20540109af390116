"""A retired rating's list and feed stay open to readers: the fact-checks given with it are
still published, and the methodology page links to them."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.publishing_helpers import HEADLINE, publish_one, retire


def test_a_retired_ratings_list_and_feed_keep_its_fact_checks(
    client: FlaskClient, db_session: Session, admin: User, editor: User, editor2: User,
    checker: User,
) -> None:  # fmt: skip
    _article, claim = publish_one(db_session, editor, editor2, checker, rating="mostly-true")
    retire(db_session, admin, "mostly-true", "true")
    methodology = client.get("/methodology").get_data(as_text=True)
    assert 'href="/ratings/mostly-true"' in methodology
    # Found in session 19: the list and the feed looked the rating up as one for a new
    # verdict, which refuses retired ratings, so the methodology page linked to a 404.
    page = client.get("/ratings/mostly-true")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    shown = HEADLINE.replace("'", "&#39;")
    assert shown in text
    assert "This rating is no longer used for new fact-checks; “True” replaces it." in text
    feed = client.get("/feeds/ratings/mostly-true.atom")
    assert feed.status_code == 200
    assert f"/claims/{claim.id}" in feed.get_data(as_text=True)


def test_a_retired_ratings_replacement_is_the_rating_in_use(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    retire(db_session, admin, "mostly-true", "true")
    retire(db_session, admin, "true", "unsupported")
    text = client.get("/ratings/mostly-true").get_data(as_text=True)
    assert "“Unsupported” replaces it." in text


def test_a_rating_in_use_says_nothing_of_retirement_and_an_unknown_one_is_404(
    client: FlaskClient,
) -> None:
    assert "no longer used" not in client.get("/ratings/mostly-true").get_data(as_text=True)
    assert client.get("/ratings/no-such-rating").status_code == 404
    assert client.get("/feeds/ratings/no-such-rating.atom").status_code == 404
