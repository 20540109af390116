"""Markup a screen reader and a magnified screen depend on, found in a keyboard-only walk
through the desk (the browser half is tests/browser/test_keyboard_only.py)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.conftest import held_claim, login


def _section(page: str, heading_id: str) -> str:
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    assert found, page
    return found.group(0)


def test_evidence_added_is_said_beside_the_evidence_the_page_opens_at(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Found in the walk: the page comes back at #evidence, and "Evidence added." was at the
    # top of the page, a screen's height above at 200 % zoom and out of sight.
    claim = held_claim(db_session, editor, checker)
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "https://example.org/report", "stance": "supports", "form_token": "t-1"},
    )
    assert response.status_code == 302 and response.location.endswith("#evidence")
    page = client.get(response.location).get_data(as_text=True)
    assert "Evidence added." in _section(page, "evidence-h")
    assert page.count("Evidence added.") == 1
