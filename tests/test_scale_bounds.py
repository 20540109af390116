"""A published fact-check's ClaimReview keeps the scale it was given under: adding a rating
below or above the scale changes worstRating and bestRating for later verdicts only. An
ordinal stays within 0-100, and two ratings in use never share a label."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from factcheck.domain import scale
from factcheck.domain.errors import Conflict, InvalidInput
from factcheck.models import Article, Claim, Rating, User
from tests.conftest import login
from tests.publishing_helpers import publish_one, publish_tunnels


def _add(session: Session, admin: User, slug: str, label: str, ordinal: int) -> Rating:
    rating = scale.add_rating(
        session, admin, slug=slug, label=label, ordinal=ordinal,
        description="Made up for a test.", colour="#4b5563",
    )  # fmt: skip
    session.commit()
    return rating


def _bounds(client: FlaskClient, claim_id: int) -> tuple[int, int, int]:
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, page
    rating = json.loads(found.group(1))["reviewRating"]
    return rating["worstRating"], rating["ratingValue"], rating["bestRating"]


def _exported(client: FlaskClient, claim_id: int) -> tuple[int, int, int]:
    graph = client.get("/api/v1/claimreview").json
    assert graph is not None
    [review] = [r for r in graph["@graph"] if r["url"].endswith(f"/claims/{claim_id}")]
    rating = review["reviewRating"]
    return rating["worstRating"], rating["ratingValue"], rating["bestRating"]


def test_a_new_lowest_rating_leaves_published_claimreviews_as_they_were(
    client: FlaskClient, db_session: Session, admin: User, editor: User, editor2: User,
    checker: User,
) -> None:  # fmt: skip
    _, before = publish_one(db_session, editor, editor2, checker, rating="mostly-true")
    assert _bounds(client, before.id) == (1, 5, 6)
    _add(db_session, admin, "pants-on-fire", "Pants on fire", 0)
    # Found by an outside tester: every fact-check published before read worstRating 0.
    assert _bounds(client, before.id) == (1, 5, 6)
    assert _exported(client, before.id) == (1, 5, 6)
    _, after = publish_one(
        db_session, editor, editor2, checker, rating="mostly-true", title="Bridge traffic",
        source_url="https://example.org/news/bridge",
        body="The harbour bridge carried 31,000 vehicles a day in 2025, the transport minister,"
        " Ana Silva, said on Monday.",
    )  # fmt: skip
    assert _bounds(client, after.id) == (0, 5, 6)
    assert _exported(client, after.id) == (0, 5, 6)


@pytest.mark.parametrize("ordinal", [2147483648, -5, 101])
def test_an_ordinal_outside_0_to_100_is_refused(
    db_session: Session, admin: User, ordinal: int
) -> None:
    with pytest.raises(InvalidInput, match="between 0 and 100") as refused:
        _add(db_session, admin, "far-off", "Far off", ordinal)
    assert refused.value.field == "ordinal"


def test_the_ratings_page_refuses_a_huge_ordinal_on_its_field(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    login(client, admin)
    sent = {"slug": "far-off", "label": "Far off", "ordinal": "2147483648", "colour": "#123456"}
    response = client.post("/desk/ratings", data=sent)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    field = re.search(r'<div class="field has-error">\s*<label for="ordinal".*?</div>', page, re.S)
    assert field and "between 0 and 100" in field.group(0), page
    assert db_session.scalars(select(Rating).where(Rating.slug == "far-off")).first() is None


def test_a_label_in_use_is_refused_whatever_its_case(db_session: Session, admin: User) -> None:
    with pytest.raises(Conflict, match="“Mostly true” is already a rating in use") as refused:
        _add(db_session, admin, "mostly-true-2", "MOSTLY TRUE ", 7)
    assert refused.value.field == "label"


def test_the_claimreview_export_reads_scale_versions_in_one_query(
    app: Flask, engine: Engine, db_session: Session, admin: User, editor: User,
    editor2: User, checker: User,
) -> None:  # fmt: skip
    published: list[tuple[Article, Claim]] = []
    for n in range(3):  # each under its own scale version: a rating is added after each
        published += publish_tunnels(db_session, editor, editor2, checker, range(n, n + 1))
        _add(db_session, admin, f"made-up-{n}", f"Made up {n}", 10 + n)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert app.test_client().get("/api/v1/claimreview").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sum("FROM scale_versions" in s for s in statements) <= 1, statements
