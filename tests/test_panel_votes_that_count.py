"""A panel counts the votes of those who are editors now (found in an admin walk: an editor
who approved and was then made a checker, or turned off, still counted towards the
approvals, so a verdict could be published with fewer editors' approval than the newsroom
asks for). Their vote stays recorded and shown, marked as no longer counting, as a code
host counts only the approvals of those who may still approve."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import people, review_panel
from factcheck.models import Claim, ClaimStatus, Role, User
from tests.conftest import build_app, login, make_user
from tests.test_review_panel_votes import submitted_claim


def test_an_approval_by_someone_no_longer_an_editor_does_not_count(
    db_session: Session, editor: User, editor2: User, checker: User, admin: User
) -> None:
    claim = submitted_claim(db_session, editor, checker)
    third = make_user(db_session, Role.EDITOR, "panel-third")
    assert review_panel.approve(db_session, claim, editor2, required_approvals=2) == "recorded"
    db_session.commit()
    people.change_role(db_session, editor2, Role.CHECKER, admin)
    db_session.commit()

    assert review_panel.approve(db_session, claim, third, required_approvals=2) == "recorded"
    assert claim.status == ClaimStatus.SUBMITTED
    db_session.commit()
    assert review_panel.approve(db_session, claim, editor, required_approvals=2) == "approved"


def test_an_approval_by_a_turned_off_editor_does_not_count(
    db_session: Session, editor: User, editor2: User, checker: User, admin: User
) -> None:
    claim = submitted_claim(db_session, editor, checker)
    review_panel.approve(db_session, claim, editor2, required_approvals=2)
    db_session.commit()
    people.disable(db_session, editor2, admin)
    db_session.commit()

    assert review_panel.approve(db_session, claim, editor, required_approvals=2) == "recorded"
    assert claim.status == ClaimStatus.SUBMITTED


def test_the_inbox_shows_the_vote_that_no_longer_counts_and_what_is_still_needed(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    admin: User,
) -> None:
    desk = build_app(engine, session_factory, REQUIRED_APPROVALS=2).test_client()
    claim = submitted_claim(db_session, editor, checker)
    review_panel.approve(db_session, claim, editor2, required_approvals=2)
    review_panel.approve(db_session, claim, editor, required_approvals=2)
    db_session.commit()
    assert claim.status == ClaimStatus.APPROVED  # both counted while both were editors

    other = submitted_claim(db_session, editor, checker)
    review_panel.approve(db_session, other, editor2, required_approvals=2)
    db_session.commit()
    people.change_role(db_session, editor2, Role.CHECKER, admin)
    db_session.commit()

    login(desk, editor)
    inbox = desk.get("/desk/review").get_data(as_text=True)
    assert "votes so far: Eli (approve; no longer counts: not an editor now)." in inbox, inbox
    assert f'aria-label="Approve claim {other.id}"' in inbox


def test_a_vote_that_counts_again_lets_its_editor_decide(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    admin: User,
) -> None:
    """Made a checker, then an editor again (a role changed by mistake, put back): both
    approvals counted once more, the page said "0 more approvals are needed", and nobody
    who had voted was offered a button, so the verdict waited with no way on."""
    desk = build_app(engine, session_factory, REQUIRED_APPROVALS=2).test_client()
    claim = submitted_claim(db_session, editor, checker)
    review_panel.approve(db_session, claim, editor2, required_approvals=2)
    db_session.commit()
    people.change_role(db_session, editor2, Role.CHECKER, admin)
    db_session.commit()
    assert review_panel.approve(db_session, claim, editor, required_approvals=2) == "recorded"
    db_session.commit()
    people.change_role(db_session, editor2, Role.EDITOR, admin)
    db_session.commit()

    login(desk, editor)
    page = desk.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "The approvals that count are enough now: approve it to decide." in page, page
    assert f'aria-label="Approve claim {claim.id}"' in page
    db_session.refresh(claim)
    approved = desk.post(
        f"/desk/claims/{claim.id}/approve", data={"version": claim.version}, follow_redirects=True
    )
    assert approved.status_code == 200
    assert f"Verdict on claim #{claim.id} approved." in approved.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Claim, claim.id).status == ClaimStatus.APPROVED  # type: ignore[union-attr]
