"""A reader's search that is refused comes back in the search box, with the reason beside
it, so that the reader can fix it and search again."""

from __future__ import annotations

import re
from urllib.parse import quote

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.publishing_helpers import publish_one


def _words_field(page: str) -> str:
    """The search page's "Words" field: its label, its box and what is said beside it."""
    found = re.search(r'<div class="words[^"]*">.*?</div>', page, re.S)
    assert found, page
    return found.group(0)


def test_a_search_over_the_limit_comes_back_in_the_box_with_the_reason(
    client: FlaskClient,
) -> None:
    query = "did the harbour tunnel carry " + "more vehicles than the old bridge " * 7
    assert len(query) > 200
    response = client.get(f"/search?q={quote(query)}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("longer than 200 characters") == 1  # beside the box, not again below
    field = _words_field(page)
    box = re.search(r"<input[^>]*>", field)
    assert box and f'value="{query.strip()}"' in box.group(0)
    assert 'aria-invalid="true"' in box.group(0)
    described = re.search(r'aria-describedby="([^"]+)"', box.group(0))
    assert described, box.group(0)
    error = re.search(rf'<[^>]* id="{described[1]}"[^>]*>(.*?)</', field, re.S)
    assert error and "longer than 200 characters" in error[1]
    assert f"it has {len(query.strip())}" in error[1]


def test_an_unknown_rating_is_named_and_every_rating_searched(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    """A rating no scale has (an edited or an old link) found nothing, and the page said
    "0 results … try fewer or different words" under a box showing "any rating"."""
    _article, claim = publish_one(db_session, editor, editor2, checker)
    db_session.commit()
    response = client.get("/search?q=tunnel&rating=nope")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "No rating called “nope”; showing all ratings." in page
    assert "1 result for" in page and claim.text in page
    # A rating the scale has filters as before, without a word about it.
    known = client.get("/search?q=tunnel&rating=false").get_data(as_text=True)
    assert "0 results for" in known and "No rating called" not in known


def test_the_query_cannot_pass_link_options_to_the_page_links(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    """The page's links repeat the query's words and filters. Keys that Flask's url_for
    reads as options of its own (`_method`, `_anchor`, `_external`, `_scheme`, `endpoint`)
    made a reader's edited address answer 500, or links of the attacker's making."""
    publish_one(db_session, editor, editor2, checker)
    db_session.commit()
    for extra in ("_method=POST", "endpoint=x", "_scheme=https", "_anchor=x", "_external=1"):
        response = client.get(f"/search?q=tunnel&page=9&{extra}")
        assert response.status_code == 200, extra
        page = response.get_data(as_text=True)
        assert '<a href="/search?q=tunnel&amp;page=1">Back to the first page</a>' in page, extra
