"""A panel's editors vote on the same verdict within seconds: another editor's vote is no
change to the verdict they read (found in a review walk: with three approvals required,
three editors had the inbox open; the first approved, and the second's Approve answered
"Claim #N was voted on by … since you opened it", to be pressed again). A vote is still
refused when the verdict itself changed since the page was opened."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import publishing, research, review_panel
from factcheck.domain.errors import Conflict, InvalidTransition, StaleVersion
from factcheck.models import Claim, ClaimStatus, Event, ReviewVote, Role, User
from tests.conftest import build_app, held_claim, login, make_user, token_for, wipe
from tests.publishing_helpers import publish_one


def submitted_claim(session: Session, editor: User, checker: User) -> Claim:
    claim = held_claim(session, editor, checker, title="Panel", source=True)
    research.submit_verdict(session, claim, checker, rating_slug="true", explanation="Checked.")
    session.commit()
    return claim


def _hidden_version(page: str, form_action: str) -> str:
    """The hidden version of the form posting to `form_action`, as the browser sends it."""
    form = page[page.index(f'action="{form_action}"') :]
    form = form[: form.index("</form>")]
    found = re.search(r'<input type="hidden" name="version" value="(\d+)">', form)
    assert found, form
    return found.group(1)


def test_a_vote_from_a_page_opened_before_another_vote_is_recorded(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = submitted_claim(db_session, editor, checker)
    third = make_user(db_session, Role.EDITOR, "panel-third")
    opened = claim.version  # all three editors have the inbox open
    first = review_panel.approve(
        db_session, claim, editor2, required_approvals=3, expected_version=opened
    )
    assert first == "recorded"
    db_session.commit()
    second = review_panel.approve(
        db_session, claim, third, required_approvals=3, expected_version=opened
    )
    assert second == "recorded"
    db_session.commit()
    votes = db_session.scalars(select(ReviewVote).order_by(ReviewVote.id)).all()
    assert [vote.editor_id for vote in votes] == [editor2.id, third.id]
    # One vote each, still: the same editor's second press is refused.
    with pytest.raises(Conflict, match="already voted"):
        review_panel.approve(
            db_session, claim, third, required_approvals=3, expected_version=opened
        )
    assert claim.status == ClaimStatus.SUBMITTED


def test_a_vote_is_refused_when_the_verdict_was_returned_and_resubmitted_since(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = submitted_claim(db_session, editor, checker)
    third = make_user(db_session, Role.EDITOR, "panel-third")
    late = make_user(db_session, Role.EDITOR, "panel-late")
    opened = claim.version
    for judge in (editor2, third):
        review_panel.return_to_checker(
            db_session, claim, judge, note="Name the source.", required_approvals=3
        )
    assert claim.status == ClaimStatus.RETURNED
    research.submit_verdict(db_session, claim, checker, rating_slug="false", explanation="Redone.")
    db_session.commit()
    with pytest.raises(StaleVersion, match=f"Claim #{claim.id} was submitted by Chris"):
        review_panel.approve(db_session, claim, late, required_approvals=3, expected_version=opened)
    db_session.rollback()
    assert db_session.scalar(select(func.count()).where(ReviewVote.editor_id == late.id)) == 0


def test_the_deciding_vote_from_an_older_page_still_decides(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = submitted_claim(db_session, editor, checker)
    third = make_user(db_session, Role.EDITOR, "panel-third")
    opened = claim.version
    review_panel.approve(db_session, claim, editor2, required_approvals=2, expected_version=opened)
    outcome = review_panel.approve(
        db_session, claim, third, required_approvals=2, expected_version=opened
    )
    assert outcome == "approved" and claim.status == ClaimStatus.APPROVED
    # Decided: a vote from the same older page is refused, naming who approved it.
    with pytest.raises(StaleVersion, match=f"Claim #{claim.id} was approved by Panel-Third"):
        review_panel.approve(
            db_session, claim, editor, required_approvals=2, expected_version=opened
        )


@pytest.fixture
def committed(engine: Engine) -> Iterator[sessionmaker[Session]]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    yield factory
    wipe(engine)


def test_two_panel_votes_at_the_same_moment_are_both_counted(
    committed: sessionmaker[Session],
) -> None:
    with committed() as session:
        editor = make_user(session, Role.EDITOR, "race-editor")
        checker = make_user(session, Role.CHECKER, "race-checker")
        judges = [make_user(session, Role.EDITOR, f"judge-{i}") for i in range(2)]
        claim_id = submitted_claim(session, editor, checker).id
        version = session.get(Claim, claim_id).version
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def approve(judge_id: int) -> None:
        start.wait()
        with committed() as session:
            try:
                claim = session.get(Claim, claim_id)
                judge = session.get(User, judge_id)
                outcomes.append(
                    review_panel.approve(
                        session, claim, judge, required_approvals=2, expected_version=version
                    )
                )
                session.commit()
            except Exception as exc:
                session.rollback()
                outcomes.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=approve, args=(judge.id,)) for judge in judges]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Neither lost nor counted twice: the first is recorded, the second decides.
    assert sorted(map(str, outcomes)) == ["approved", "recorded"], outcomes
    with committed() as session:
        assert session.scalar(select(func.count()).select_from(ReviewVote)) == 2
        decided = select(func.count()).select_from(Event).where(Event.action == "approve")
        assert session.scalar(decided) == 1
        assert session.get(Claim, claim_id).status == ClaimStatus.APPROVED


def test_the_inbox_approve_from_before_another_vote_goes_through(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    desk = build_app(engine, session_factory, REQUIRED_APPROVALS=3).test_client()
    claim = submitted_claim(db_session, editor, checker)
    third = make_user(db_session, Role.EDITOR, "panel-third")
    login(desk, third)
    action = f"/desk/claims/{claim.id}/approve"
    version = _hidden_version(desk.get("/desk/review").get_data(as_text=True), action)
    review_panel.approve(db_session, claim, editor2, required_approvals=3)  # meanwhile
    db_session.commit()
    inbox = desk.post(action, data={"version": version}, follow_redirects=True)
    html = inbox.get_data(as_text=True)
    assert "since you opened it" not in html
    assert "You voted to approve; 1 more approval is needed." in html
    assert db_session.scalar(select(func.count()).where(ReviewVote.editor_id == third.id)) == 1


def test_the_api_takes_a_vote_whose_if_match_predates_another_vote(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    app.config["REQUIRED_APPROVALS"] = 3
    client = app.test_client()
    claim = submitted_claim(db_session, editor, checker)
    third = make_user(db_session, Role.EDITOR, "panel-third")
    as_editor2, as_third = token_for(db_session, editor2), token_for(db_session, third)
    url = f"/api/v1/claims/{claim.id}"
    read = client.get(f"/api/v1/articles/{claim.article_id}", headers=as_third).json
    version = next(c["version"] for c in read["claims"] if c["id"] == claim.id)
    first = client.post(f"{url}/approve", headers={**as_editor2, "If-Match": f'"{version}"'})
    assert first.status_code == 200 and first.json["outcome"] == "recorded"
    second = client.post(f"{url}/approve", headers={**as_third, "If-Match": f'"{version}"'})
    assert second.status_code == 200, second.json
    assert second.json["outcome"] == "recorded"
    # The verdict returned and submitted again since: that version no longer matches.
    late = make_user(db_session, Role.EDITOR, "panel-late")
    for judge in (editor, late):  # two returns of three send it back
        review_panel.return_to_checker(
            db_session, claim, judge, note="Name it.", required_approvals=3
        )
    assert claim.status == ClaimStatus.RETURNED
    db_session.commit()
    research.submit_verdict(db_session, claim, checker, rating_slug="false", explanation="Redone.")
    db_session.commit()
    as_editor = token_for(db_session, editor)
    stale = client.post(f"{url}/approve", headers={**as_editor, "If-Match": f'"{version}"'})
    assert stale.status_code == 412 and stale.json["error"]["code"] == "precondition_failed"
    body = client.post(f"{url}/approve", headers=as_editor, json={"version": version})
    assert body.status_code == 409 and body.json["error"]["code"] == "stale"
    assert f"Claim #{claim.id} was submitted by Chris" in body.json["error"]["message"]


def test_a_vote_on_a_correction_declined_or_replaced_since_is_refused(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _, claim = publish_one(db_session, editor, editor2, checker)

    def propose(explanation: str) -> None:
        publishing.propose_correction(
            db_session,
            claim,
            editor,
            rating_slug="false",
            explanation=explanation,
            reason="The office revised it.",
        )
        db_session.commit()

    propose("A later figure.")
    opened = claim.version
    third = make_user(db_session, Role.EDITOR, "panel-third")
    outcome = review_panel.return_to_checker(
        db_session, claim, third, note="The first figure stands.", expected_version=opened
    )
    assert outcome == "declined"
    db_session.commit()
    late = make_user(db_session, Role.EDITOR, "panel-late")
    with pytest.raises(InvalidTransition, match=f"No correction of claim #{claim.id} waits"):
        review_panel.approve(db_session, claim, late, expected_version=opened)
    db_session.rollback()
    propose("Another figure.")  # a new correction is not the one the late editor read
    with pytest.raises(StaleVersion, match="was given a proposed correction by Edith"):
        review_panel.approve(db_session, claim, late, expected_version=opened)
