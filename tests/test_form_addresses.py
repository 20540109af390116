"""A form's address opened as a page (the address bar, a restored tab, a link pasted from a
refused form's page) says what it is and leads to the page of the form (C1)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.conftest import held_claim, login


def test_a_form_address_opened_as_a_page_leads_to_the_claim(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """It said "Method Not Allowed: The method is not allowed for the requested URL."."""
    claim = held_claim(db_session, editor, checker, title="Form address")
    client = app.test_client()
    login(client, checker)
    for action in ("evidence", "verdict", "release"):
        opened = client.get(f"/desk/claims/{claim.id}/{action}")
        assert opened.status_code == 405
        assert "POST" in opened.headers["Allow"]
        page = opened.get_data(as_text=True)
        assert "not allowed for the requested URL" not in page
        assert "nothing was sent or changed" in page
        assert f'<a href="/desk/claims/{claim.id}">Go to the page of this form</a>' in page

    # The queue's Take next leads to the queue.
    opened = client.get("/desk/queue/next")
    assert opened.status_code == 405
    assert 'href="/desk/queue"' in opened.get_data(as_text=True)


def test_the_api_still_answers_a_wrong_method_in_json(client) -> None:  # type: ignore[no-untyped-def]
    refused = client.get("/api/v1/queue/next")
    assert refused.status_code == 405
    assert refused.json["error"]["code"] == "method_not_allowed"


def test_a_source_url_without_its_scheme_suggests_the_full_address(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """'www.example.org/report' got "must be a full http:// or https:// address", which a
    checker copying from an address bar that hides the scheme could not act on."""
    claim = held_claim(db_session, editor, checker, title="No scheme")
    client = app.test_client()
    login(client, checker)
    refused = client.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "www.example.org/report", "stance": "supports", "version": claim.version},
    )
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Did you mean https://www.example.org/report?" in page
    assert 'value="www.example.org/report"' in page
