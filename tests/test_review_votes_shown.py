"""A panel's votes where editors vote: the inbox and the claim page say who voted how, and
an editor who has voted is not offered the buttons again (found in a review walk: with
three approvals required, the inbox kept offering Approve to the editor who had just
approved, whose second press answered "You have already voted on this verdict.")."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import research, review_panel
from factcheck.models import User
from tests.conftest import build_app, held_claim, login


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
