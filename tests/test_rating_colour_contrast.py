"""A rating's badge is its label in white on the rating's colour (style.css `.rating`, and
the share card): a colour the white label cannot be read on is refused, with the contrast it
has and the 4.5:1 text needs (WCAG 1.4.3)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import research, scale
from factcheck.domain.errors import InvalidInput
from factcheck.models import User
from tests.conftest import login


def _add(session: Session, admin: User, colour: str) -> None:
    scale.add_rating(
        session, admin, slug="pale", label="Pale", ordinal=9,
        description="Made up for a test.", colour=colour,
    )  # fmt: skip


@pytest.mark.parametrize(("colour", "ratio"), [("#ffffff", "1.00"), ("#777777", "4.47")])
def test_a_colour_too_light_for_the_white_label_is_refused(
    db_session: Session, admin: User, colour: str, ratio: str
) -> None:
    with pytest.raises(InvalidInput, match=rf"{ratio}:1.* at least 4\.5:1") as refused:
        _add(db_session, admin, colour)
    assert refused.value.field == "colour"


def test_the_darkest_grey_that_passes_is_accepted(db_session: Session, admin: User) -> None:
    _add(db_session, admin, "#767676")  # 4.54:1 against white


def test_the_edit_form_names_the_contrast_on_the_colour_field(
    app: Flask, db_session: Session, admin: User
) -> None:
    rating = research.rating_by_slug(db_session, "misleading")
    before = rating.colour
    client = app.test_client()
    login(client, admin)
    response = client.post(
        f"/desk/ratings/{rating.id}/edit",
        data={
            f"r{rating.id}-description": rating.description,
            f"r{rating.id}-colour": "#ffffff",
            f"r{rating.id}-version": rating.version,
        },
    )
    # Found by an outside tester: #ffffff was saved and the badge vanished for readers.
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    field = re.search(
        rf'<div class="field has-error">\s*<label for="r{rating.id}-colour".*?</div>', page, re.S
    )
    assert field and "at least 4.5:1" in field.group(0), page
    db_session.expire_all()
    assert research.rating_by_slug(db_session, "misleading").colour == before
