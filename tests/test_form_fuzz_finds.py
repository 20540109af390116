"""What the form fuzzer (tests/test_form_fuzz.py) found, one focused test each."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import topics
from factcheck.models import Claim, User
from tests.conftest import error_summary, held_claim, login


def test_a_topic_value_that_is_no_id_is_refused_and_keeps_the_topics(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """A topic value of "¹" passes str.isdigit() but int() refuses it: it was a 500."""
    claim = held_claim(db_session, editor, checker)
    transport = topics.create_topic(db_session, editor, "Transport")
    topics.set_claim_topics(db_session, claim, editor, [transport.id])
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    for value in ("¹", "99999999999999999999"):
        response = client.post(
            f"/desk/claims/{claim.id}/topics",
            data={"topics": [str(transport.id), value], "version": str(claim.version)},
        )
        assert response.status_code == 400, value
        assert '<a href="#topics">Topics: ' in error_summary(response.get_data(as_text=True))
    db_session.expire_all()
    assert [t.name for t in db_session.get(Claim, claim.id).topics] == ["Transport"]
