"""GET /api/v1/assignees: whom an editor's tool can give a claim to (POST .../assign takes
the id), for any staff caller, without anyone's email address."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Role, User
from tests.conftest import candidate_claim, held_claim, login, make_user, token_for


def test_an_editor_lists_the_people_a_claim_can_go_to_and_assigns_one(
    client: FlaskClient, db_session: Session, editor: User, checker: User, admin: User
) -> None:
    held_claim(db_session, editor, checker)
    held_claim(db_session, editor, checker, title="Second")
    gone = make_user(db_session, Role.CHECKER, "left-us")
    gone.active = False
    db_session.commit()
    headers = token_for(db_session, editor)
    response = client.get("/api/v1/assignees", headers=headers)
    assert response.status_code == 200, response.json
    people = {person["id"]: person for person in response.json["people"]}
    assert people[checker.id] == {
        "id": checker.id,
        "display_name": checker.display_name,
        "role": "checker",
        "open_claims": 2,
    }
    assert people[editor.id]["role"] == "editor" and people[editor.id]["open_claims"] == 0
    assert gone.id not in people, "an account turned off cannot be given claims"
    assert admin.id not in people, "the desk's assign form does not offer admins either"
    # Every id listed is one that assign takes.
    claim = candidate_claim(db_session, editor, title="Third")
    accepted = client.post(f"/api/v1/claims/{claim.id}/accept", headers=headers, json={})
    assert accepted.status_code == 200
    assigned = client.post(
        f"/api/v1/claims/{claim.id}/assign", headers=headers, json={"user_id": checker.id}
    )
    assert assigned.status_code == 200 and assigned.json["assignee_id"] == checker.id


def test_no_email_address_is_shown_to_a_checker_or_an_editor(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    for caller in (checker, editor):
        response = client.get("/api/v1/assignees", headers=token_for(db_session, caller))
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "@" not in text and "email" not in text


def test_a_signed_in_session_may_read_it_and_no_one_else(app: Flask, checker: User) -> None:
    anonymous = app.test_client().get("/api/v1/assignees")
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == "Bearer"
    staff = app.test_client()
    login(staff, checker)
    assert staff.get("/api/v1/assignees").status_code == 200


def test_the_openapi_document_declares_it(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/assignees"]["get"]
    assert operation["operationId"] == "list_assignees"
    shape = document["components"]["schemas"]["Assignee"]
    assert set(shape["properties"]) == {"id", "display_name", "role", "open_claims"}
