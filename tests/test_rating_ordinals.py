"""Two ratings in use never share an ordinal: the scale's order (worst to best, on readers'
pages and as ClaimReview's ratingValue) would be ambiguous. A retired rating's ordinal is
free again: a rating that takes its place on the scale takes its ordinal too."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import research, scale
from factcheck.domain.errors import Conflict
from factcheck.models import Rating, User
from tests.conftest import login
from tests.publishing_helpers import retire


def _add(
    session: Session, admin: User, slug: str, ordinal: int, replaces: Rating | None = None
) -> Rating:
    return scale.add_rating(
        session, admin, slug=slug, label=slug.replace("-", " ").capitalize(), ordinal=ordinal,
        description="Made up for a test.", colour="#4b5563", replaces=replaces,
    )  # fmt: skip


def test_an_ordinal_in_use_is_refused_and_a_retired_ones_is_free(
    db_session: Session, admin: User
) -> None:
    with pytest.raises(Conflict, match="“Misleading” already has the ordinal 4") as refused:
        _add(db_session, admin, "half-true", 4)
    assert refused.value.field == "ordinal"
    retire(db_session, admin, "misleading", "unsupported")
    added = _add(db_session, admin, "half-true", 4)
    assert [r.slug for r in research.ratings(db_session) if r.ordinal == 4] == [added.slug]


def test_a_new_rating_takes_the_place_of_one_in_use(db_session: Session, admin: User) -> None:
    unsupported = research.rating_by_slug(db_session, "unsupported")
    added = _add(db_session, admin, "unproven", 3, replaces=unsupported)
    assert unsupported.retired_at is not None and unsupported.replaced_by_id == added.id
    assert [r.slug for r in research.ratings(db_session) if r.ordinal == 3] == ["unproven"]


def _ordinal_field(page: str) -> str:
    found = re.search(r'<div class="field has-error">\s*<label for="ordinal".*?</div>', page, re.S)
    assert found, page
    return found.group(0)


def test_the_ratings_page_refuses_a_taken_ordinal_on_its_field(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    login(client, admin)
    sent = {"slug": "nearly-true", "label": "Nearly true", "ordinal": "5", "colour": "#123456"}
    response = client.post("/desk/ratings", data=sent)
    assert response.status_code == 409
    field = _ordinal_field(response.get_data(as_text=True))
    assert "“Mostly true” already has the ordinal 5" in field
    assert db_session.scalars(select(Rating).where(Rating.slug == "nearly-true")).first() is None
    mostly_true = research.rating_by_slug(db_session, "mostly-true")
    response = client.post("/desk/ratings", data={**sent, "replaces": str(mostly_true.id)})
    assert response.status_code == 302
    page = client.get("/desk/ratings").get_data(as_text=True)
    assert "Nearly true" in page and "retired" in page


def test_the_ratings_page_names_ratings_in_use_that_share_an_ordinal(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    # As a database may hold them from before the check: both added, neither retired.
    db_session.add(Rating(slug="roughly-true", label="Roughly true", ordinal=5, colour="#123456"))
    db_session.commit()
    login(client, admin)
    page = client.get("/desk/ratings").get_data(as_text=True)
    assert "“Mostly true” and “Roughly true” are both in use with the ordinal 5" in page
