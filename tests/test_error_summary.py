"""A form that comes back with problems opens with a summary linking each field
(GOV.UK's error summary), through the shared `form_errors` macro."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.conftest import login, token_for
from tests.fixtures import ARTICLE


def _held_claim(client: FlaskClient, db_session: Session, editor: User, checker: User) -> int:
    headers = token_for(db_session, editor)
    article = client.post(
        "/api/v1/articles", headers=headers, json={"title": "A", "text": ARTICLE}
    ).json
    client.post(f"/api/v1/claims/{article['claims'][0]['id']}/accept", headers=headers)
    claim = client.post("/api/v1/queue/next", headers=token_for(db_session, checker)).json
    return int(claim["id"])


def test_a_bad_evidence_url_opens_the_form_with_a_linked_summary(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim_id}/evidence",
        data={"url": "javascript:alert(1)", "stance": "supports", "form_token": "t-1"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary"(.*?)</div>', page, re.S)
    assert summary, page
    assert "autofocus" in summary.group(1) and "There is a problem with this form" in summary.group(
        1
    )
    assert re.search(r'<li><a href="#url">Source URL: [^<]*http', summary.group(1))
    # The summary comes before the fields it points to.
    assert page.index('class="error-summary"') < page.index('id="url"')


def test_a_form_without_problems_has_no_summary(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    assert "error-summary" not in client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)


def test_each_missing_field_is_linked_from_the_summary(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    page = client.post(
        f"/desk/claims/{claim_id}/evidence", data={"url": "", "form_token": "t-2"}
    ).get_data(as_text=True)
    assert "There are problems with this form" in page
    assert '<li><a href="#url">Source URL: This field is required.</a></li>' in page
    assert '<li><a href="#stance-0">Stance: This field is required.</a></li>' in page
