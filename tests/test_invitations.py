"""People on the web: an admin invites someone (a mailed one-time link to choose a password),
anyone asks for a reset link without learning who has an account, and admins change roles
without leaving the desk without an admin."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck import clock
from factcheck.domain import people
from factcheck.jobs.registry import TASKS
from factcheck.models import Event, Role, User
from tests.conftest import PASSWORD, build_app, login
from tests.test_notifications import Inbox, inbox, mail_app  # noqa: F401  (the fixtures)

NEW_PASSWORD = "a new and long password"
LINK = re.compile(r"https://desk\.example\.org(/(?:welcome|password/reset)/[^\s\"<]+)")


@pytest.fixture
def now() -> Iterator[list[dt.datetime]]:
    """The app's clock, frozen; a test moves it by setting now[0]."""
    moment = [dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)]
    clock.set_source(lambda: moment[0])
    yield moment
    clock.set_source(None)


def _link_in(message: object) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[attr-defined]
    found = LINK.search(text)
    assert found, text
    return found.group(1)


def _invite(client: FlaskClient, email: str, name: str = "Nadia Checker", role: str = "checker"):
    data = {"email": email, "display_name": name, "role": role}
    return client.post("/desk/admin/people/invite", data=data)


def _signs_in(app: Flask, email: str, password: str) -> bool:
    response = app.test_client().post("/login", data={"email": email, "password": password})
    return response.status_code == 302


def _set(client: FlaskClient, path: str, new: str = NEW_PASSWORD, confirm: str | None = None):
    return client.post(path, data={"new": new, "confirm": new if confirm is None else confirm})


def _user_events(session: Session) -> list[Event]:
    query = select(Event).where(Event.entity_type == "user").order_by(Event.id)
    return list(session.scalars(query))


def test_an_invitation_mails_a_link_that_works_once(
    mail_app: Flask,  # noqa: F811
    inbox: tuple[Inbox, str],  # noqa: F811
    db_session: Session,
    admin: User,
    now: list[dt.datetime],
) -> None:
    client = mail_app.test_client()
    login(client, admin)
    response = _invite(client, "Nadia@Example.org", role="editor")
    assert response.status_code == 302
    page = client.get("/desk/admin/people").get_data(as_text=True)
    assert "Nadia Checker is invited: a link to choose a password was mailed to them." in page
    assert "invited: no password yet" in page

    [message] = inbox[0].to("nadia@example.org")
    assert message["Subject"] == "You are invited to the fact-check desk"
    for kind in ("plain", "html"):  # "as an editor", not "as editor" (found in the walk)
        body = message.get_body(preferencelist=(kind,)).get_content()
        assert "to the fact-check desk as an editor, with the email" in body, kind
    path = _link_in(message)
    assert path.startswith("/welcome/")
    assert not _signs_in(mail_app, "nadia@example.org", ""), "no password yet"

    visitor = mail_app.test_client()
    welcome = visitor.get(path)
    assert welcome.headers["Cache-Control"] == "no-store", "its address holds the token"
    page = welcome.get_data(as_text=True)
    assert "Welcome, Nadia Checker" in page and "nadia@example.org" in page
    # The account page's rules, with its words.
    assert "The two new passwords differ." in _set(visitor, path, confirm="something else").text
    assert "at least 10 characters" in _set(visitor, path, new="short").text

    response = _set(visitor, path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert "Your password is set. Sign in with it" in visitor.get("/login").text
    assert _signs_in(mail_app, "nadia@example.org", NEW_PASSWORD)
    nadia = db_session.scalars(select(User).where(User.email == "nadia@example.org")).one()
    assert nadia.role is Role.EDITOR

    # Once used, the link is refused, clearly, and sets nothing.
    again = visitor.get(path)
    assert again.status_code == 400
    assert "This link has already been used" in again.text
    assert _set(visitor, path, new="yet another long password").status_code == 400
    assert _signs_in(mail_app, "nadia@example.org", NEW_PASSWORD)

    events = [(event.action, event.actor_id) for event in _user_events(db_session)]
    assert ("invite", admin.id) in events and ("accept_invitation", nadia.id) in events
    token = path.rsplit("/", 1)[1]
    assert not any(token in (event.note or "") for event in _user_events(db_session))


def test_an_invitation_job_run_again_after_it_was_accepted_mails_nothing(
    mail_app: Flask,  # noqa: F811
    inbox: tuple[Inbox, str],  # noqa: F811
    db_session: Session,
    admin: User,
    now: list[dt.datetime],
) -> None:
    # A retry (its send timed out after the server took the mail) or an admin's "run again"
    # from Admin -> Jobs mailed a new 7-day invitation to someone who had joined meanwhile:
    # a second working link that replaces their password, past the reset link's one hour.
    client = mail_app.test_client()
    login(client, admin)
    _invite(client, "nadia@example.org")
    [message] = inbox[0].to("nadia@example.org")
    assert _set(mail_app.test_client(), _link_in(message)).status_code == 302
    nadia = db_session.scalars(select(User).where(User.email == "nadia@example.org")).one()

    with mail_app.app_context():
        assert TASKS["email_password_link"].call_local(nadia.id, "invite") is False
    assert len(inbox[0].to("nadia@example.org")) == 1
    assert _signs_in(mail_app, "nadia@example.org", NEW_PASSWORD)


def test_an_invitation_expires_after_seven_days(
    mail_app: Flask,  # noqa: F811
    inbox: tuple[Inbox, str],  # noqa: F811
    db_session: Session,
    admin: User,
    now: list[dt.datetime],
) -> None:
    client = mail_app.test_client()
    login(client, admin)
    _invite(client, "late@example.org")
    path = _link_in(inbox[0].to("late@example.org")[0])
    start = now[0]
    now[0] = start + dt.timedelta(days=7) - dt.timedelta(minutes=1)
    assert client.get(path).status_code == 200
    now[0] = start + dt.timedelta(days=7, minutes=1)
    response = mail_app.test_client().get(path)
    assert response.status_code == 400
    assert "This link has expired: it worked for 7 days. Ask an admin for a new one." in (
        response.text
    )
    # An admin sends a new one, from the same page.
    login(client, admin)
    assert "Send the invitation again" in client.get("/desk/admin/people").text
    late = db_session.scalars(select(User).where(User.email == "late@example.org")).one()
    client.post(f"/desk/admin/people/{late.id}/link")
    fresh = _link_in(inbox[0].to("late@example.org")[-1])
    assert _set(mail_app.test_client(), fresh).status_code == 302


def test_inviting_a_used_email_is_a_form_error(
    client: FlaskClient, db_session: Session, admin: User, checker: User
) -> None:
    login(client, admin)
    response = _invite(client, checker.email.upper())
    assert response.status_code == 400
    assert f"A user with the email {checker.email} already exists." in response.text
    count = len(list(db_session.scalars(select(User).where(User.email == checker.email))))
    assert count == 1


def test_inviting_someone_whose_account_is_off_says_to_turn_it_on(
    client: FlaskClient, db_session: Session, admin: User, checker: User
) -> None:
    # Found walking an admin's months: a checker who left came back; inviting them again
    # said only that the email "already exists", and their row on the same page says "off".
    people.disable(db_session, checker, admin)
    db_session.commit()
    login(client, admin)
    response = _invite(client, checker.email)
    assert response.status_code == 400
    assert (
        f"{checker.email} already has an account, {checker.display_name}&#39;s, which is off: "
        "turn it on again on Admin → People (Turn on) rather than inviting them."
    ) in response.text


def test_without_mail_the_link_is_shown_once_to_the_admin(client: FlaskClient, admin: User) -> None:
    login(client, admin)
    response = _invite(client, "offline@example.org", name="Offline Person")
    assert response.status_code == 201
    assert "Mail is not set up, so this link was not mailed." in response.text
    assert response.headers["Cache-Control"] == "no-store"
    found = re.search(r"https?://[^/\s<]+(/welcome/[^\s<]+)</code>", response.text)
    assert found, response.text
    assert "/welcome/" not in client.get("/desk/admin/people").text, "shown once"
    visitor = client.application.test_client()
    assert _set(visitor, found.group(1)).status_code == 302
    assert _signs_in(client.application, "offline@example.org", NEW_PASSWORD)


def test_a_link_shown_to_the_admin_is_a_web_page(
    client: FlaskClient, admin: User, checker: User
) -> None:
    """Without mail, the page that shows the link was sent as text/plain: the admin's browser
    showed its HTML source, the link somewhere inside it."""
    login(client, admin)
    invited = _invite(client, "plain@example.org", name="Plain Text")
    sent_again = client.post(f"/desk/admin/people/{checker.id}/link")
    for response in (invited, sent_again):
        assert response.status_code == 201
        assert response.mimetype == "text/html"
        assert "Mail is not set up, so this link was not mailed." in response.text


def test_forgot_password_answers_alike_and_mails_only_an_active_account(
    mail_app: Flask,  # noqa: F811
    inbox: tuple[Inbox, str],  # noqa: F811
    db_session: Session,
    admin: User,
    checker: User,
    checker2: User,
) -> None:
    people.disable(db_session, checker2, admin)
    db_session.commit()
    visitor = mail_app.test_client()
    assert "Forgot your password?" in visitor.get("/login").text
    answers = []
    for email in (checker.email, "nobody@example.org", checker2.email):
        response = visitor.post("/password/forgot", data={"email": email})
        assert response.status_code == 200
        answers.append(response.text)
    # Alike but for the address typed, which each answer repeats (found in the walk)
    emails = (checker.email, "nobody@example.org", checker2.email)
    alike = [answer.replace(email, "EMAIL") for answer, email in zip(answers, emails, strict=True)]
    assert alike[0] == alike[1] == alike[2]
    assert f"If an account that is on uses {checker.email}, a link" in answers[0]
    assert "If an account that is on uses nobody@example.org, a link" in answers[1]
    assert [message["To"] for message in inbox[0].messages] == [checker.email]
    requested = [event for event in _user_events(db_session) if "reset" in event.action]
    assert [(event.action, event.entity_id) for event in requested] == [
        ("request_password_reset", checker.id),
        ("request_password_reset", checker2.id),
    ]


def test_a_reset_link_sets_a_new_password_once_within_the_hour(
    mail_app: Flask,  # noqa: F811
    inbox: tuple[Inbox, str],  # noqa: F811
    db_session: Session,
    checker: User,
    now: list[dt.datetime],
) -> None:
    signed_in = mail_app.test_client()
    login(signed_in, checker)
    visitor = mail_app.test_client()
    visitor.post("/password/forgot", data={"email": checker.email})
    visitor.post("/password/forgot", data={"email": checker.email})
    first, second = (_link_in(message) for message in inbox[0].to(checker.email))
    assert first.startswith("/password/reset/")
    assert "Choose a new password" in visitor.get(first).text

    assert _set(visitor, second).status_code == 302
    assert _signs_in(mail_app, checker.email, NEW_PASSWORD)
    assert not _signs_in(mail_app, checker.email, PASSWORD)
    assert signed_in.get("/desk/").status_code == 302, "other sessions end"
    for used in (first, second):  # setting the password ends every earlier link
        assert "This link has already been used" in visitor.get(used).text
    assert ("reset_password", checker.id) in [
        (event.action, event.actor_id) for event in _user_events(db_session)
    ]

    visitor.post("/password/forgot", data={"email": checker.email})
    late = _link_in(inbox[0].to(checker.email)[-1])
    now[0] += dt.timedelta(hours=1, minutes=1)
    response = visitor.get(late)
    assert response.status_code == 400
    assert "This link has expired: it worked for one hour. Ask for a new one." in response.text


def test_links_are_refused_for_a_turned_off_account_or_another_purpose(
    mail_app: Flask,  # noqa: F811
    inbox: tuple[Inbox, str],  # noqa: F811
    db_session: Session,
    admin: User,
    checker: User,
) -> None:
    visitor = mail_app.test_client()
    visitor.post("/password/forgot", data={"email": checker.email})
    path = _link_in(inbox[0].to(checker.email)[0])
    token = path.rsplit("/", 1)[1]
    assert "This link is not valid" in visitor.get(f"/welcome/{token}").text
    assert "This link is not valid" in visitor.get(path[:-3] + "abc").text
    people.disable(db_session, checker, admin)
    db_session.commit()
    response = _set(visitor, path)
    assert response.status_code == 400
    assert "This account is turned off: ask an admin." in response.text
    assert not _signs_in(mail_app, checker.email, NEW_PASSWORD)


def test_asking_for_reset_links_is_throttled_for_any_email(
    engine: Engine, session_factory: sessionmaker[Session], checker: User
) -> None:
    app = build_app(engine, session_factory, LOGIN_LIMIT_PER_ACCOUNT=2)
    visitor = app.test_client()
    for email in (checker.email, "nobody@example.org"):
        for _ in range(2):
            assert visitor.post("/password/forgot", data={"email": email}).status_code == 200
        refused = visitor.post("/password/forgot", data={"email": email})
        assert refused.status_code == 429
        assert "Too many requests for a password link. Try again in" in refused.text
        assert int(refused.headers["Retry-After"]) > 0


def test_an_admin_changes_roles_but_the_last_admin_stays_one(
    client: FlaskClient, db_session: Session, admin: User, checker: User
) -> None:
    login(client, admin)
    response = client.post(f"/desk/admin/people/{checker.id}/role", data={"role": "editor"})
    assert response.status_code == 302
    page = client.get("/desk/admin/people").text
    assert f"{checker.display_name} is now an editor." in page
    db_session.refresh(checker)
    assert checker.role is Role.EDITOR
    change = [event for event in _user_events(db_session) if event.action == "change_role"]
    assert [(e.entity_id, e.from_status, e.to_status, e.actor_id) for e in change] == [
        (checker.id, "checker", "editor", admin.id)
    ]

    client.post(f"/desk/admin/people/{admin.id}/role", data={"role": "editor"})
    page = client.get("/desk/admin/people").text
    assert "You are the last admin: make someone else an admin first" in page
    db_session.refresh(admin)
    assert admin.role is Role.ADMIN

    client.post(f"/desk/admin/people/{checker.id}/role", data={"role": "admin"})
    client.post(f"/desk/admin/people/{admin.id}/role", data={"role": "editor"})
    db_session.refresh(admin)
    assert admin.role is Role.EDITOR, "another admin remains"


def test_people_forms_need_their_csrf_token(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    admin: User,
    checker: User,
) -> None:
    app = build_app(engine, session_factory, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    data = {"email": admin.email, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=data).status_code == 302
    assert _invite(client, "forged@example.org").status_code == 400
    refused = client.post(f"/desk/admin/people/{checker.id}/role", data={"role": "admin"})
    assert refused.status_code == 400 and "The form expired" in refused.text
    assert client.post(f"/desk/admin/people/{checker.id}/link").status_code == 400
    db_session.refresh(checker)
    assert checker.role is Role.CHECKER
    forged = app.test_client().post("/password/forgot", data={"email": checker.email})
    assert forged.status_code == 400
    assert (
        db_session.scalars(select(User).where(User.email == "forged@example.org")).first() is None
    )


def test_the_request_log_leaves_out_a_links_token(
    mail_app: Flask,  # noqa: F811
    inbox: tuple[Inbox, str],  # noqa: F811
    checker: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    visitor = mail_app.test_client()
    visitor.post("/password/forgot", data={"email": checker.email})
    path = _link_in(inbox[0].to(checker.email)[0])
    token = path.rsplit("/", 1)[1]
    with caplog.at_level(logging.INFO):
        visitor.get(path)
        _set(visitor, path)
    logged = [record.getMessage() for record in caplog.records]
    assert any('"path": "/password/reset/<token>"' in line for line in logged), logged
    assert not any(token in line for line in logged)
