"""Admins correct someone's email (found on an admin walk: there was no way, so a typo in an
invitation meant turning the account off and inviting again, and the typo stayed on the
People list). Links mailed to the old address stop working."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import people
from factcheck.domain.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.domain.password_links import LinkRefused, Purpose, check, make_token
from factcheck.models import Event, Role, User
from tests.conftest import login

SECRET = "test-secret"


def _invited(session: Session, admin: User, email: str = "ana@exmaple.org") -> User:
    done = people.invite(
        session,
        SECRET,
        actor=admin,
        email=email,
        display_name="Ana Checker",
        role=Role.CHECKER,
        mail=False,
    )
    session.commit()
    return done.user


def test_an_admin_corrects_a_typo_and_the_trail_says_from_what_to_what(
    db_session: Session, admin: User
) -> None:
    ana = _invited(db_session, admin)
    people.change_email(db_session, ana, "  Ana@Example.ORG ", admin)
    assert ana.email == "ana@example.org"
    event = db_session.scalars(
        select(Event).where(Event.entity_type == "user", Event.action == "change_email")
    ).one()
    assert event.entity_id == ana.id and event.actor_id == admin.id
    assert event.note == "ana@exmaple.org → ana@example.org"


def test_refusals_name_the_problem(
    db_session: Session, admin: User, editor: User, checker: User
) -> None:
    ana = _invited(db_session, admin)
    with pytest.raises(Conflict, match=r"^Another account already uses chris@example.org\.$"):
        people.change_email(db_session, ana, "Chris@Example.org", admin)
    with pytest.raises(Conflict) as unchanged:
        people.change_email(db_session, ana, "ANA@exmaple.org", admin)
    assert unchanged.value.message == "Ana Checker's email is already ana@exmaple.org."
    with pytest.raises(InvalidInput, match="Not a valid email address") as invalid:
        people.change_email(db_session, ana, "ana at example", admin)
    assert invalid.value.field == "email"
    with pytest.raises(PermissionDenied):
        people.change_email(db_session, ana, "ana@example.org", editor)


def test_links_sent_to_the_old_address_stop_working(
    db_session: Session, admin: User, checker: User
) -> None:
    ana = _invited(db_session, admin)
    invitation = make_token(SECRET, ana, Purpose.INVITE)
    reset = make_token(SECRET, checker, Purpose.RESET)
    assert check(db_session, SECRET, invitation, Purpose.INVITE).user is ana
    assert check(db_session, SECRET, reset, Purpose.RESET).user is checker

    people.change_email(db_session, ana, "ana@example.org", admin)
    people.change_email(db_session, checker, "christopher@example.org", admin)
    with pytest.raises(LinkRefused):
        check(db_session, SECRET, invitation, Purpose.INVITE)
    with pytest.raises(LinkRefused):
        check(db_session, SECRET, reset, Purpose.RESET)
    # A link made for the new address works.
    fresh = make_token(SECRET, ana, Purpose.INVITE)
    assert check(db_session, SECRET, fresh, Purpose.INVITE).user is ana


def test_the_people_page_changes_an_email(
    app: Flask, db_session: Session, admin: User, checker: User
) -> None:
    client = app.test_client()
    login(client, admin)
    page = client.get("/desk/admin/people").get_data(as_text=True)
    assert f'action="/desk/admin/people/{checker.id}/email"' in page
    response = client.post(
        f"/desk/admin/people/{checker.id}/email", data={"email": "Christopher@Example.org"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/desk/admin/people")
    page = client.get("/desk/admin/people").get_data(as_text=True)
    assert "Chris&#39;s email is now christopher@example.org." in page
    assert "chris@example.org" not in page
    db_session.expire_all()
    assert checker.email == "christopher@example.org"


def test_a_refusal_keeps_what_was_typed_on_the_form(
    app: Flask, db_session: Session, admin: User, checker: User, editor: User
) -> None:
    client = app.test_client()
    login(client, admin)
    response = client.post(
        f"/desk/admin/people/{checker.id}/email", data={"email": "Edith@example.org"}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Another account already uses edith@example.org." in page
    assert 'value="Edith@example.org"' in page
    db_session.expire_all()
    assert checker.email == "chris@example.org"


def test_an_empty_email_says_what_to_type(app: Flask, admin: User, checker: User) -> None:
    client = app.test_client()
    login(client, admin)
    response = client.post(f"/desk/admin/people/{checker.id}/email", data={"email": "  "})
    assert response.status_code == 400
    assert "Type the new email address." in response.get_data(as_text=True)


def test_an_invited_persons_admin_is_told_to_send_the_invitation_again(
    app: Flask, db_session: Session, admin: User
) -> None:
    ana = _invited(db_session, admin)
    client = app.test_client()
    login(client, admin)
    client.post(f"/desk/admin/people/{ana.id}/email", data={"email": "ana@example.org"})
    page = client.get("/desk/admin/people").get_data(as_text=True)
    assert (
        "Ana Checker&#39;s email is now ana@example.org. The invitation sent to the old address"
        " no longer works: send a new one with “Send the invitation again” on their row."
    ) in page
