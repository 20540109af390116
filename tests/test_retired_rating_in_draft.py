"""A draft whose rating is retired while the checker works on it: the claim page says so and
offers the replacement, and saving the rest of the draft is not refused for it."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import drafts, research
from factcheck.models import User
from tests.conftest import held_claim, login
from tests.publishing_helpers import retire


def test_the_claim_page_names_a_retired_rating_and_chooses_its_replacement(
    app: Flask, db_session: Session, admin: User, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Retired", source=True)
    client = app.test_client()
    login(client, checker)
    saved = client.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "misleading", "explanation": "The figure is from 2019, not 2024."},
    )
    assert saved.status_code == 200
    retire(db_session, admin, "misleading", "false")

    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    # Before session 19 the select showed "Choose a rating…" and nothing said why.
    assert "The rating “Misleading” chosen here has been retired since" in page
    assert "“False”, which replaces it, is chosen instead" in page
    assert '<option selected value="false">' in page
    assert "The figure is from 2019, not 2024." in page


def test_a_replacement_retired_in_turn_leads_to_the_rating_in_use(
    db_session: Session, admin: User
) -> None:
    retire(db_session, admin, "misleading", "false")
    retire(db_session, admin, "false", "unsupported")
    found = research.retired_since(db_session, "misleading")
    assert found is not None
    retired, replacement = found
    assert (retired.slug, replacement and replacement.slug) == ("misleading", "unsupported")
    assert research.retired_since(db_session, "unsupported") is None
    assert research.retired_since(db_session, "no-such-rating") is None


def test_the_explanation_saves_when_the_drafts_kept_rating_was_retired(
    db_session: Session, admin: User, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Retired", source=True)
    drafts.save_draft(db_session, claim, checker, rating_slug="misleading", explanation="First")
    db_session.commit()
    retire(db_session, admin, "misleading", "false")

    # Before session 19: InvalidInput "The rating “Misleading” was retired", nothing saved
    draft = drafts.save_draft(db_session, claim, checker, explanation="First, then more")
    db_session.commit()
    assert (draft.rating_slug, draft.explanation) == ("misleading", "First, then more")
