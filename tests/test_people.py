"""Admins turn an account off when someone leaves: it takes effect at once (found in
session 19: there was no way to do it, and a departed checker's claims stayed held until
each lease ran out, up to a day)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import articles, drafts, people
from factcheck.domain.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import ClaimStatus, Event, Role, User
from tests.conftest import candidate_claim, held_claim, login, token_for


def test_turning_an_account_off_signs_out_revokes_tokens_and_gives_back_claims(
    app: Flask, db_session: Session, admin: User, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Leaving", source=True)
    drafts.save_draft(db_session, claim, checker, explanation="Half of what I found.")
    db_session.commit()
    headers = token_for(db_session, checker)
    their_browser = app.test_client()
    login(their_browser, checker)
    assert their_browser.get("/desk/queue").status_code == 200

    admin_browser = app.test_client()
    login(admin_browser, admin)
    page = admin_browser.get("/desk/admin/people").get_data(as_text=True)
    assert checker.display_name in page and "Turn off" in page
    response = admin_browser.post(f"/desk/admin/people/{checker.id}/active", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert f"{checker.display_name}&#39;s account is off" in text
    assert f"; 1 API token revoked; claim #{claim.id} is back in the queue" in text
    assert "(s)" not in text

    db_session.expire_all()
    assert claim.status is ClaimStatus.QUEUED and claim.assignee_id is None
    assert their_browser.get("/desk/queue").status_code in (302, 401)  # signed out
    assert app.test_client().get("/api/v1/queue", headers=headers).status_code == 401
    # The next checker starts from the draft the departed one left.
    assert drafts.left_draft(db_session, claim, editor) is not None
    actions = db_session.scalars(
        select(Event.action).where(Event.entity_type == "user", Event.entity_id == checker.id)
    ).all()
    assert "disable_user" in actions

    admin_browser.post(f"/desk/admin/people/{checker.id}/active")
    db_session.expire_all()
    assert checker.active


def test_only_admins_and_never_their_own_account(
    db_session: Session, admin: User, editor: User, checker: User
) -> None:
    with pytest.raises(PermissionDenied):
        people.disable(db_session, checker, editor)
    with pytest.raises(Conflict, match="your own account"):
        people.disable(db_session, admin, admin)


def test_a_returned_claim_of_theirs_is_named_for_an_editor_to_reassign(
    db_session: Session, admin: User, editor: User, checker: User
) -> None:
    from factcheck.domain import research, review_panel

    claim = held_claim(db_session, editor, checker, title="Returned", source=True)
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Yes.")
    review_panel.return_to_checker(db_session, claim, editor, note="Add the minutes.")
    db_session.commit()
    done = people.disable(db_session, checker, admin)
    assert done.returned_left == [claim] and done.released == []


def test_the_message_counts_in_words() -> None:
    from types import SimpleNamespace

    from factcheck.desk.people import _disabled_message

    claims = [SimpleNamespace(id=3), SimpleNamespace(id=4)]
    done = people.Disabled(tokens_revoked=2, released=claims, returned_left=claims[:1])  # type: ignore[arg-type]
    assert _disabled_message("Kim", done) == (
        "Kim's account is off: they are signed out everywhere; 2 API tokens revoked; claims "
        "#3, #4 are back in the queue with any draft they left. Returned claim still theirs: "
        "#3. Assign it to another checker."
    )


def test_a_verdict_returned_after_its_checker_left_says_to_assign_the_claim(
    app: Flask, db_session: Session, admin: User, editor: User, checker: User
) -> None:
    # Found walking an admin's months: the checker left while their verdict waited for
    # review; the editor who returned it later read "Claim #N returned to its checker." and
    # the claim sat "held by" an account that was off, with nobody told to reassign it.
    from factcheck.domain import research

    claim = held_claim(db_session, editor, checker, title="Left in review", source=True)
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Yes.")
    db_session.commit()
    people.disable(db_session, checker, admin)
    db_session.commit()

    browser = app.test_client()
    login(browser, editor)
    done = browser.post(
        f"/desk/claims/{claim.id}/return",
        data={"version": claim.version, "note": "Add the minutes."},
        follow_redirects=True,
    )
    assert (
        f"Claim #{claim.id} returned, but {checker.display_name}&#39;s account is off: "
        "assign it to another checker."
    ) in done.text
    page = browser.get(f"/desk/claims/{claim.id}").text
    assert f"held by {checker.display_name} (account off)" in page


def test_the_workload_still_lists_a_departed_checker_while_they_hold_claims(
    app: Flask, db_session: Session, admin: User, editor: User, checker: User
) -> None:
    # Found walking an admin's months: once their account was off, the checker vanished
    # from the workload page although a returned claim was still theirs.
    from factcheck.domain import research, review_panel

    claim = held_claim(db_session, editor, checker, title="Left with it", source=True)
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Yes.")
    review_panel.return_to_checker(db_session, claim, editor, note="Add the minutes.")
    people.disable(db_session, checker, admin)
    db_session.commit()

    browser = app.test_client()
    login(browser, editor)
    page = browser.get("/desk/workload").text
    row = page[page.index(checker.display_name) :].split("</tr>")[0]
    assert "(account off)" in row and "<td>1</td>" in row


def test_someone_invited_gets_no_claims_until_they_have_set_a_password(
    db_session: Session, admin: User, editor: User, checker: User
) -> None:
    # Found walking an admin's months: three people invited on Monday, none signed in yet,
    # and "assign automatically" gave each new claim to one of them (none held any, so they
    # were the least loaded); the assign list offered them too.
    from factcheck.domain import assignment, queue

    invited = people.invite(
        db_session,
        "a test secret",
        actor=admin,
        email="newcomer@example.org",
        display_name="Nadia Newcomer",
        role=Role.CHECKER,
        mail=False,
    ).user
    busy = held_claim(db_session, editor, checker, title="Already held")
    claim = candidate_claim(db_session, editor, title="Auto")
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    assert busy.assignee_id == checker.id

    assert assignment.auto_assign(db_session, claim, editor) == checker
    assert invited not in [a.user for a in assignment.assignable(db_session)]
    with pytest.raises(InvalidInput) as refused:
        queue.assign(db_session, claim, invited, editor)
    assert refused.value.message == (
        "Nadia Newcomer has not accepted their invitation yet: give them the claim once they "
        "have chosen a password."
    )
