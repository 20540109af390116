"""A panel's votes where editors vote: the inbox and the claim page say who voted how, and
an editor who has voted is not offered the buttons again (found in a review walk: with
three approvals required, the inbox kept offering Approve to the editor who had just
approved, whose second press answered "You have already voted on this verdict.")."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import publishing, research, review_panel
from factcheck.models import User
from tests.conftest import build_app, held_claim, login
from tests.publishing_helpers import publish_one


def test_an_editor_who_voted_sees_their_vote_not_the_buttons(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    desk = build_app(engine, session_factory, REQUIRED_APPROVALS=3).test_client()
    claim = held_claim(db_session, editor, checker, title="Panel vote", source=True)
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Checked.")
    review_panel.approve(db_session, claim, editor, required_approvals=3)
    db_session.commit()

    login(desk, editor)
    for page in (f"/desk/claims/{claim.id}", "/desk/review"):
        html = desk.get(page).get_data(as_text=True)
        assert "You voted to approve; 2 more approvals are needed." in html, page
        assert f'aria-label="Approve claim {claim.id}"' not in html, page
        assert "Return to checker" not in html, page

    login(desk, editor2)
    inbox = desk.get("/desk/review").get_data(as_text=True)
    assert "This verdict needs 3 approvals; votes so far: Edith (approve)." in inbox
    assert f'aria-label="Approve claim {claim.id}"' in inbox and "Return to checker" in inbox


def test_a_vote_from_an_older_page_says_what_the_other_editor_did(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    """Found in a review walk: two editors had the inbox open; one returned the claim, and
    the other's Approve answered "Claim #5 was changed by Eli Editor at … since you opened
    it", which did not say that it had been returned (nor that there was nothing to approve
    any more)."""
    claim = held_claim(db_session, editor, checker, title="Two editors", source=True)
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Checked.")
    db_session.commit()
    stale = str(claim.version)
    review_panel.return_to_checker(db_session, claim, editor2, note="Name the source.")
    db_session.commit()
    desk = app.test_client()
    login(desk, editor)
    desk.post(f"/desk/claims/{claim.id}/approve", data={"version": stale})
    inbox = desk.get("/desk/review").get_data(as_text=True)
    assert f"Claim #{claim.id} was returned to its checker by Eli at " in inbox
    # Nothing is left to approve: "try again" would send the editor after a button that is
    # no longer offered (the refusal named both).
    assert "try again" not in inbox
    assert "Review the current version before you act on it." in inbox


def test_the_proposer_of_a_correction_is_told_why_they_have_no_buttons(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    """Found in a review walk: the editor who proposed a correction found it in the inbox
    with no Approve or Decline and nothing saying why."""
    desk = build_app(engine, session_factory).test_client()
    _, claim = publish_one(db_session, editor, editor2, checker)
    publishing.propose_correction(
        db_session,
        claim,
        editor,
        rating_slug="false",
        explanation="Counts show fewer vehicles.",
        reason="The count was misread.",
    )
    db_session.commit()
    login(desk, editor)
    inbox = desk.get("/desk/review").get_data(as_text=True)
    assert "You proposed this correction: other editors vote on it." in inbox
    login(desk, editor2)
    inbox = desk.get("/desk/review").get_data(as_text=True)
    assert "You proposed this correction" not in inbox
