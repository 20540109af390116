"""Retiring a rating on /desk/ratings: the replacement is chosen, never defaulted, and the
admin confirms after reading how many drafts and verdicts use the rating and what happens
to them."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import research, scale
from factcheck.domain.errors import InvalidInput
from factcheck.models import User
from tests.conftest import held_claim, login
from tests.publishing_helpers import publish_one


def _retire_select(page: str, rating_id: int) -> str:
    found = re.search(rf'<select id="replacement-{rating_id}".*?</select>', page, re.S)
    assert found, page
    return found.group(0)


def test_no_replacement_is_chosen_until_the_admin_chooses_one(
    app: Flask, db_session: Session, admin: User
) -> None:
    client = app.test_client()
    login(client, admin)
    unsupported = research.rating_by_slug(db_session, "unsupported")
    page = client.get("/desk/ratings").get_data(as_text=True)
    select = _retire_select(page, unsupported.id)
    # Found by an outside tester: the menu defaulted to the most-true rating.
    assert " required" in select
    assert '<option value="" selected>Choose the rating that replaces it</option>' in select
    assert select.count("selected") == 1

    refused = client.post(
        f"/desk/ratings/{unsupported.id}/retire", data={"replacement": ""}, follow_redirects=True
    )
    text = refused.get_data(as_text=True)
    assert "Choose the rating that replaces “Unsupported”." in text
    db_session.expire_all()
    assert research.rating_by_slug(db_session, "unsupported").retired_at is None


def test_retiring_asks_to_confirm_with_what_uses_the_rating(
    app: Flask, db_session: Session, admin: User, editor: User, editor2: User, checker: User
) -> None:
    publish_one(db_session, editor, editor2, checker, rating="unsupported")
    claim = held_claim(db_session, editor, checker, title="Drafted", source=True)
    client = app.test_client()
    login(client, checker)
    client.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "unsupported", "explanation": "No record of the figure was found."},
    )
    unsupported = research.rating_by_slug(db_session, "unsupported")
    false = research.rating_by_slug(db_session, "false")
    login(client, admin)
    url = f"/desk/ratings/{unsupported.id}/retire"

    asked = client.post(url, data={"replacement": str(false.id)})
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert "Retire “Unsupported” and replace it with “False”?" in page
    assert "1 draft and 1 verdict use “Unsupported”." in page
    assert "Drafts and returned verdicts will open with “False” chosen instead" in page
    assert "Published fact-checks keep “Unsupported”" in page
    db_session.expire_all()
    assert research.rating_by_slug(db_session, "unsupported").retired_at is None

    done = client.post(url, data={"replacement": str(false.id), "confirmed": "yes"})
    assert done.status_code == 302
    db_session.expire_all()
    assert research.retired_since(db_session, "unsupported") is not None


def test_a_rating_added_in_place_of_another_says_that_one_is_retired(
    app: Flask, db_session: Session, admin: User, editor: User, editor2: User, checker: User
) -> None:
    # Found walking an admin's months: "renaming" Mostly true (published verdicts and a
    # draft used it) by adding a rating in its place said only "Rating added: a new version
    # of the scale starts now.", not that Mostly true was retired nor what became of its
    # drafts and fact-checks, which retiring it by its own button spells out.
    publish_one(db_session, editor, editor2, checker, rating="mostly-true")
    mostly_true = research.rating_by_slug(db_session, "mostly-true")
    client = app.test_client()
    login(client, admin)
    sent = {
        "slug": "accurate-with-context",
        "label": "Accurate with context",
        "ordinal": "5",
        "colour": "#3d7a1f",
        "replaces": str(mostly_true.id),
    }
    page = client.post("/desk/ratings", data=sent, follow_redirects=True).text
    assert (
        "“Accurate with context” added in place of “Mostly true”, which is retired: drafts "
        "and returned verdicts that chose it open with “Accurate with context”; published "
        "fact-checks keep “Mostly true”. A new version of the scale starts now."
    ) in page
    db_session.expire_all()
    assert mostly_true.retired_at is not None


def test_a_retired_rating_names_the_rating_in_use_down_a_chain_of_replacements(
    db_session: Session, admin: User
) -> None:
    # Found walking an admin's months: Mostly true was replaced by a rating that was retired
    # in turn; a verdict sent with "mostly-true" was told to use that retired rating, whose
    # refusal then named the next one.
    mostly_true = research.rating_by_slug(db_session, "mostly-true")
    misleading = research.rating_by_slug(db_session, "misleading")
    true = research.rating_by_slug(db_session, "true")
    scale.retire_rating(db_session, mostly_true, admin, replacement=misleading)
    scale.retire_rating(db_session, misleading, admin, replacement=true)
    with pytest.raises(InvalidInput) as refused:
        research.rating_by_slug(db_session, "mostly-true")
    assert refused.value.message == "The rating “Mostly true” was retired. Use “True” (true)."
