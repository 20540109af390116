"""The panel's decision was taken only when a vote was cast. When the votes that count
changed without a vote (an editor whose vote had stopped counting made an editor again, or
turned on again), they could already decide while everyone had voted: the verdict waited,
"You voted to return it; it waits for the other editors' votes.", and a second vote was
refused ("You have already voted on this verdict."). Now any editor who has voted takes the
decision the counted votes carry, adding no vote."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import people, review_panel
from factcheck.domain.errors import Conflict
from factcheck.models import Claim, ClaimStatus, Event, ReviewVote, Role, User
from tests.conftest import build_app, login, make_user
from tests.test_review_panel_votes import submitted_claim

PANEL = 3  # approvals required; two returns are a majority


def _two_counting_returns_and_everyone_voted(
    session: Session, editor: User, editor2: User, checker: User, admin: User
) -> tuple[Claim, User]:
    """The brief's panel: A returns and is made a checker; B returns (one counting return);
    C and D approve; A is made an editor again: two counting returns, and nobody left to
    vote. Returns the claim and B."""
    claim = submitted_claim(session, editor, checker)
    third = make_user(session, Role.EDITOR, "panel-b")
    review_panel.return_to_checker(
        session, claim, editor2, note="The source is a press release.", required_approvals=PANEL
    )
    session.commit()
    people.change_role(session, editor2, Role.CHECKER, admin)
    session.commit()
    outcome = review_panel.return_to_checker(
        session, claim, third, note="Ask the ministry too.", required_approvals=PANEL
    )
    assert outcome == "recorded"  # A's return no longer counts
    for approver in (editor, admin):
        assert review_panel.approve(session, claim, approver, required_approvals=PANEL) == (
            "recorded"
        )
        session.commit()
    people.change_role(session, editor2, Role.EDITOR, admin)
    session.commit()
    return claim, third


def _votes(session: Session, claim: Claim) -> int:
    query = select(func.count()).select_from(ReviewVote)
    return session.scalar(query.where(ReviewVote.verdict_id == claim.current_verdict.id))  # type: ignore[union-attr] or 0


def test_counting_returns_that_are_a_majority_let_an_editor_who_voted_return_it(
    db_session: Session, editor: User, editor2: User, checker: User, admin: User
) -> None:
    claim, third = _two_counting_returns_and_everyone_voted(
        db_session, editor, editor2, checker, admin
    )
    assert claim.status == ClaimStatus.SUBMITTED
    outcome = review_panel.return_to_checker(
        db_session, claim, third, note=None, required_approvals=PANEL
    )
    assert outcome == "returned"
    db_session.commit()
    assert claim.status == ClaimStatus.RETURNED
    note = claim.current_verdict.review_note or ""  # type: ignore[union-attr]
    assert "The source is a press release." in note and "Ask the ministry too." in note
    assert _votes(db_session, claim) == 4  # the decision added no vote
    event = db_session.scalars(
        select(Event).where(Event.entity_id == claim.id, Event.action == "return")
    ).one()
    assert event.actor_id == third.id and event.to_status == "returned"


def test_a_second_vote_that_decides_nothing_is_still_refused(
    db_session: Session, editor: User, editor2: User, checker: User, admin: User
) -> None:
    """Approving again while the counting returns decide is not a way to outvote them."""
    claim, _ = _two_counting_returns_and_everyone_voted(db_session, editor, editor2, checker, admin)
    with pytest.raises(Conflict, match=r"You have already voted on this verdict\."):
        review_panel.approve(db_session, claim, editor, required_approvals=PANEL)


def test_the_desk_shows_that_the_counted_returns_decide_and_offers_the_return(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    admin: User,
) -> None:
    desk: FlaskClient = build_app(engine, session_factory, REQUIRED_APPROVALS=PANEL).test_client()
    claim, _ = _two_counting_returns_and_everyone_voted(db_session, editor, editor2, checker, admin)
    login(desk, editor)  # an approver: every editor who voted may take the decision
    decides = "The returns that count are a majority now: return it to decide."
    button = f'aria-label="Return claim {claim.id} now"'
    for path in ("/desk/review", f"/desk/claims/{claim.id}"):
        page = desk.get(path).get_data(as_text=True)
        assert decides in page, path
        assert button in page, path
    returned = desk.post(
        f"/desk/claims/{claim.id}/return", data={"version": claim.version}, follow_redirects=True
    )
    assert returned.status_code == 200
    assert f"Claim #{claim.id} returned to its checker." in returned.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Claim, claim.id).status == ClaimStatus.RETURNED  # type: ignore[union-attr]


def test_counting_approvals_let_an_editor_who_returned_approve_it(
    db_session: Session, editor: User, editor2: User, checker: User, admin: User
) -> None:
    """Approvals that count are enough: any editor who voted takes the decision, not only
    one who approved."""
    claim = submitted_claim(db_session, editor, checker)
    review_panel.approve(db_session, claim, editor2, required_approvals=2)
    db_session.commit()
    people.change_role(db_session, editor2, Role.CHECKER, admin)
    db_session.commit()
    assert review_panel.approve(db_session, claim, admin, required_approvals=2) == "recorded"
    db_session.commit()
    returned = review_panel.return_to_checker(
        db_session, claim, editor, note="Not convinced.", required_approvals=2
    )
    assert returned == "recorded"
    db_session.commit()
    people.change_role(db_session, editor2, Role.EDITOR, admin)
    db_session.commit()

    assert review_panel.approve(db_session, claim, editor, required_approvals=2) == "approved"
    db_session.commit()
    assert claim.status == ClaimStatus.APPROVED
    assert _votes(db_session, claim) == 3


def test_a_return_vote_from_the_desk_still_needs_its_note(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    """The form no longer requires the note (a decision taken adds none): the vote does."""
    claim = submitted_claim(db_session, editor, checker)
    login(client, editor2)
    response = client.post(
        f"/desk/claims/{claim.id}/return", data={"version": claim.version, "note": " "}
    )
    assert response.status_code == 400
    assert "Note is required." in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Claim, claim.id).status == ClaimStatus.SUBMITTED  # type: ignore[union-attr]
