"""An API answer with status 204 has no body, and so no Content-Type (RFC 9110 §15.3.5):
the queue's "nothing to take" and a removed source."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from factcheck.models import User
from tests.conftest import held_claim, token_for

SOURCE = {"url": "https://stats.example.org/harbour-tunnel", "stance": "supports"}


def _no_content(response: TestResponse) -> None:
    assert response.status_code == 204
    assert "Content-Type" not in response.headers, dict(response.headers)
    assert response.get_data() == b""


def test_an_empty_queue_answers_204_without_a_content_type(
    client: FlaskClient, db_session: Session, checker: User
) -> None:
    _no_content(client.post("/api/v1/queue/next", headers=token_for(db_session, checker)))


def test_a_removed_source_answers_204_without_a_content_type(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker)
    auth = token_for(db_session, checker)
    added = client.post(f"/api/v1/claims/{claim.id}/evidence", headers=auth, json=SOURCE)
    assert added.status_code == 201, added.json
    _no_content(client.delete(f"/api/v1/evidence/{added.json['id']}", headers=auth))
