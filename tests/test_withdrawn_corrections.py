"""A withdrawn fact-check is not corrected: found in a review walk, where a correction
proposed (or still waiting) after the withdrawal was approved and listed on /corrections as
a new rating of a fact-check readers can no longer read."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import publishing, review_panel
from factcheck.domain.errors import Conflict
from factcheck.models import User
from tests.conftest import make_user
from tests.publishing_helpers import publish_one

CORRECTION = {
    "rating_slug": "false",
    "explanation": "Counts show fewer vehicles.",
    "reason": "The count was misread.",
}


def test_no_correction_is_proposed_or_approved_while_withdrawn(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = publish_one(db_session, editor, editor2, checker)
    publishing.propose_correction(db_session, claim, editor, **CORRECTION)
    publishing.withdraw_article(db_session, article, editor, reason="Sources retracted.")
    db_session.commit()
    reader = app.test_client()
    with pytest.raises(Conflict, match="was withdrawn"):
        review_panel.approve(db_session, claim, editor2)
    db_session.rollback()
    assert "The count was misread." not in reader.get("/corrections").get_data(as_text=True)
    # The waiting one can still be declined, so that it leaves the inbox.
    assert review_panel.return_to_checker(db_session, claim, editor2, note="Withdrawn.") == (
        "declined"
    )
    other = make_user(db_session, editor.role, "third-editor")
    with pytest.raises(Conflict, match="was withdrawn"):
        publishing.propose_correction(db_session, claim, other, **CORRECTION)
