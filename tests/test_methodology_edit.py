"""Editing the methodology page as an admin does it: open the form, change the text, save.
The first save of a page nobody has edited yet used to fail on its empty hidden version
field, with "This field is required." naming no field."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Role, User
from tests.conftest import error_summary, login, make_user

EDIT = "/desk/pages/methodology/edit"


def _form_fields(page: str) -> dict[str, str]:
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    body = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
    assert body is not None
    return {**fields, "body": body.group(1).strip()}


def test_the_first_save_of_the_methodology_page_works(app: Flask, admin: User) -> None:
    client = app.test_client()
    login(client, admin)
    fields = _form_fields(client.get(EDIT).get_data(as_text=True))
    fields.update(title="How we work", body="We check every claim twice.")
    response = client.post(EDIT, data=fields)
    assert response.status_code == 302, error_summary(response.get_data(as_text=True))
    page = app.test_client().get("/methodology").get_data(as_text=True)
    assert "How we work" in page and "We check every claim twice." in page
    # the second save, from a form opened after the first
    fields = _form_fields(client.get(EDIT).get_data(as_text=True))
    fields.update(body="We check every claim three times.")
    assert client.post(EDIT, data=fields).status_code == 302


def test_a_missing_hidden_field_says_what_to_do(client: FlaskClient, admin: User) -> None:
    login(client, admin)
    response = client.post(EDIT, data={"title": "How we work", "body": "Text."})
    assert response.status_code == 400
    summary = error_summary(response.get_data(as_text=True))
    assert "This field is required." not in summary
    assert "Reload the page" in summary


def test_admins_reach_the_methodology_editor_from_the_nav(client: FlaskClient, admin: User) -> None:
    login(client, admin)
    page = client.get("/desk/admin/webhooks").get_data(as_text=True)
    assert f'href="{EDIT}"' in page


def test_two_admins_editing_at_once_the_second_hears_who_saved_and_keeps_their_text(
    app: Flask, db_session: Session, admin: User
) -> None:
    # Found walking an admin's months: the refusal said "The page was changed at … since you
    # opened it. Your text is kept below; compare and save again. Your text is kept below."
    # (twice), and not who changed it, which every other stale write of the desk names.
    other = make_user(db_session, Role.ADMIN, "ines")
    first, second = app.test_client(), app.test_client()
    login(first, other)
    login(second, admin)
    opened = _form_fields(second.get(EDIT).text)
    saved = _form_fields(first.get(EDIT).text)
    assert first.post(EDIT, data={**saved, "body": "Ines's text."}).status_code == 302

    refused = second.post(EDIT, data={**opened, "body": "Ada's text."})
    assert refused.status_code == 409
    message = error_summary(refused.text)
    assert "Ines changed the page at " in message
    assert message.count("Your text is kept below") == 1
    assert "Ada&#39;s text." in refused.text
    assert "Ines&#39;s text." in refused.text, "the saved text is there to compare with"
    # Having compared, saving again is a choice made on the current page: it goes through
    # (the form carried the version it was refused on, and refused every retry).
    again = second.post(EDIT, data={**_form_fields(refused.text), "body": "Ada's text."})
    assert again.status_code == 302
    assert "<p>Ada's text.</p>" in second.get("/methodology").text


def test_a_rating_definition_saved_meanwhile_keeps_the_text_and_a_second_save_goes_through(
    app: Flask, db_session: Session, admin: User
) -> None:
    # Found with the methodology page's: the refusal said "Reload and try again", and
    # reloading lost the definition typed (the form shown again keeps it, and saving it again
    # goes through).
    from factcheck.domain import research

    true = research.rating_by_slug(db_session, "true")
    opened = {"r-version": str(true.version), "r-colour": true.colour}
    other = make_user(db_session, Role.ADMIN, "ines")
    first, second = app.test_client(), app.test_client()
    login(first, other)
    login(second, admin)
    url, p = f"/desk/ratings/{true.id}/edit", f"r{true.id}-"
    sent = {k.replace("r-", p): v for k, v in opened.items()}
    assert first.post(url, data={**sent, p + "description": "Ines's words."}).status_code == 302

    refused = second.post(url, data={**sent, p + "description": "Ada's words."})
    assert refused.status_code == 409
    message = error_summary(refused.text)
    assert "Reload" not in message and "Your text is kept below." in message
    assert "Ada&#39;s words." in refused.text
    version = re.search(rf'name="{p}version" value="(\d+)"', refused.text)
    assert version is not None
    again = second.post(
        url, data={**sent, p + "version": version.group(1), p + "description": "Ada's words."}
    )
    assert again.status_code == 302
    db_session.expire_all()
    assert research.rating_by_slug(db_session, "true").description == "Ada's words."
