"""A JSON body that names one key twice in an object is refused (400), naming the key: read
by another parser (a proxy, a log, a WAF) the same body could mean the other value."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from tests.conftest import token_for

TEXT = '"text": "The harbour tunnel carried 51,400 vehicles a day in 2024, the port said."'


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        ('{"title": "Tunnel traffic", "title": "Bridge traffic", ' + TEXT + "}", "title"),
        ('{"title": "Tunnel", ' + TEXT + ', "x": {"depth": 1, "depth": 2}}', "depth"),
    ],
    ids=["top level", "nested"],
)
def test_a_key_sent_twice_is_a_400_naming_it(
    client: FlaskClient, db_session: Session, editor: User, payload: str, key: str
) -> None:
    response = client.post(
        "/api/v1/articles",
        headers={**token_for(db_session, editor), "Content-Type": "application/json"},
        data=payload,
    )
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.json["error"]
    assert error["code"] == "duplicate_key"
    assert f'"{key}"' in error["message"] and "twice" in error["message"]
    assert error["field"] == key
    assert db_session.scalar(select(func.count()).select_from(Article)) == 0
