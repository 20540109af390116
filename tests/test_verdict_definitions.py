"""Readers see the rating's definition as it stood when the verdict was given: editing a
rating's definition on /desk/ratings changes it for new verdicts only."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from factcheck.domain import research, scale
from factcheck.models import User
from tests.publishing_helpers import publish_one, publish_tunnels

NEW_DEFINITION = "Right in substance; a detail is off."


def _redefine(db_session: Session, admin: User, slug: str) -> str:
    """Give the rating a new definition, as an admin does; the old one, returned."""
    rating = research.rating_by_slug(db_session, slug)
    before = rating.description
    scale.edit_rating(
        db_session, rating, admin, description=NEW_DEFINITION, colour=rating.colour,
        expected_version=None,
    )  # fmt: skip
    db_session.commit()
    return before


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_a_published_verdict_keeps_the_definition_it_was_given_under(
    client: FlaskClient, db_session: Session, admin: User, editor: User, editor2: User,
    checker: User,
) -> None:  # fmt: skip
    article, claim = publish_one(db_session, editor, editor2, checker, rating="mostly-true")
    before = _redefine(db_session, admin, "mostly-true")
    # Found in session 19: the pages and the API showed the rating's current definition
    # under "Our verdict", so an edit rewrote what fact-checks published before it said.
    for url in (f"/factchecks/{article.id}", f"/claims/{claim.id}", f"/claims/{claim.id}/embed"):
        page = _text(client, url)
        assert f'<p class="definition">{before}</p>' in page, url
        assert NEW_DEFINITION not in page, url
    listed = client.get("/api/v1/published").json
    assert listed is not None
    [shown] = [c for a in listed["items"] for c in a["claims"] if c["id"] == claim.id]
    assert shown["rating"]["description"] == before
    one = client.get(f"/api/v1/published/{article.id}").json
    assert one is not None and one["claims"][0]["rating"]["description"] == before
    # The scale itself, and the methodology page, give the definition in use now.
    ratings = client.get("/api/v1/ratings").json
    assert ratings is not None
    [now] = [r for r in ratings["ratings"] if r["slug"] == "mostly-true"]
    assert now["description"] == NEW_DEFINITION
    assert NEW_DEFINITION in _text(client, "/methodology")


def test_a_verdict_given_after_the_edit_shows_the_new_definition(
    client: FlaskClient, db_session: Session, admin: User, editor: User, editor2: User,
    checker: User,
) -> None:  # fmt: skip
    before = _redefine(db_session, admin, "mostly-true")
    article, claim = publish_one(db_session, editor, editor2, checker, rating="mostly-true")
    page = _text(client, f"/claims/{claim.id}")
    assert f'<p class="definition">{NEW_DEFINITION}</p>' in page
    assert before not in page
    one = client.get(f"/api/v1/published/{article.id}").json
    assert one is not None and one["claims"][0]["rating"]["description"] == NEW_DEFINITION


def test_the_published_list_reads_earlier_definitions_in_one_query(
    app: Flask, engine: Engine, db_session: Session, admin: User, editor: User,
    editor2: User, checker: User,
) -> None:  # fmt: skip
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    publish_tunnels(db_session, editor, editor2, checker)
    _redefine(db_session, admin, "mostly-true")
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert app.test_client().get("/api/v1/published").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sum("FROM rating_definitions" in s for s in statements) == 1
