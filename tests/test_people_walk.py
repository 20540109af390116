"""What an admin walking Admin → People and a newcomer setting a password run into: the
sign-in page after a password is set, and an admin who gives up their own admin role."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import people, research
from factcheck.models import ClaimStatus, Role, User
from tests.conftest import held_claim, login

NEW_PASSWORD = "a new and long password"
SHOWN_LINK = re.compile(r"https?://[^/\s\"<]+(/welcome/[^\s\"<]+)")


def _email_field(page: str) -> str:
    found = re.search(r'<input[^>]*name="email"[^>]*>', page)
    assert found, page
    return found.group(0)


def test_after_setting_a_password_the_sign_in_form_has_their_email(
    client: FlaskClient, app: Flask, admin: User
) -> None:
    login(client, admin)
    data = {"email": "nadia@example.org", "display_name": "Nadia Checker", "role": "checker"}
    shown = client.post("/desk/admin/people/invite", data=data).text  # no mail: shown once
    path = SHOWN_LINK.search(shown).group(1)  # type: ignore[union-attr]

    newcomer = app.test_client()
    response = newcomer.post(path, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert "nadia@example.org" not in response.headers["Location"], "no email in the address"
    page = newcomer.get("/login").text
    assert "Your password is set. Sign in with it, Nadia Checker." in page
    assert 'value="nadia@example.org"' in _email_field(page)

    # Someone else on a fresh browser sees an empty form.
    assert "nadia@" not in _email_field(app.test_client().get("/login").text)


def test_an_admin_who_gives_up_the_role_lands_on_the_desk_not_a_forbidden_page(
    client: FlaskClient, admin: User, editor: User
) -> None:
    login(client, admin)
    client.post(f"/desk/admin/people/{editor.id}/role", data={"role": "admin"})
    response = client.post(
        f"/desk/admin/people/{admin.id}/role", data={"role": "editor"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Forbidden" not in response.text
    assert "You are now an editor: Admin pages are no longer open to you." in response.text
    assert response.request.path == "/desk/"


def test_choosing_the_role_someone_has_says_nothing_changed(
    client: FlaskClient, admin: User, editor: User
) -> None:
    login(client, admin)
    response = client.post(
        f"/desk/admin/people/{editor.id}/role", data={"role": "editor"}, follow_redirects=True
    )
    assert f"{editor.display_name} is already an editor; nothing changed." in response.text
    mine = client.post(
        f"/desk/admin/people/{admin.id}/role", data={"role": "admin"}, follow_redirects=True
    )
    assert "You are already an admin; nothing changed." in mine.text


def test_an_editor_demoted_mid_review_is_told_why_their_approve_is_refused(
    app: Flask, db_session: Session, admin: User, editor: User, checker: User
) -> None:
    # Found walking the admin's months: the demoted editor's Approve, pressed on the inbox
    # they had open, met "You don't have the permission to access the requested resource.
    # It is either read-protected or not readable by the server.", which said nothing of
    # the role they had lost (the API said it plainly).
    claim = held_claim(db_session, editor, checker, title="Mid-review", source=True)
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Yes.")
    db_session.commit()
    their_browser = app.test_client()
    login(their_browser, editor)
    assert "Mid-review" in their_browser.get("/desk/review").text
    people.change_role(db_session, editor, Role.CHECKER, admin)
    db_session.commit()

    refused = their_browser.post(f"/desk/claims/{claim.id}/approve")
    assert refused.status_code == 403
    assert "Your role (checker) cannot do this; it needs an editor." in refused.text
    assert "read-protected" not in refused.text
    admin_page = their_browser.get("/desk/admin/people")
    assert admin_page.status_code == 403
    assert "Your role (checker) cannot do this; it needs an admin." in admin_page.text
    db_session.expire_all()
    assert claim.status is ClaimStatus.SUBMITTED
