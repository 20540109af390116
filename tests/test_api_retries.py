"""A write retried with its Idempotency-Key (after a lost answer) replays the first answer
instead of doing the work twice: taking the next claim, proposing a correction."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Claim, ClaimStatus, User
from tests.conftest import candidate_claim, token_for
from tests.publishing_helpers import publish_one


def test_taking_the_next_claim_again_with_its_key_takes_no_second_claim(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    for title in ("First in line", "Second in line"):
        claim = candidate_claim(db_session, editor, title=title)
        accepted = client.post(
            f"/api/v1/claims/{claim.id}/accept", headers=token_for(db_session, editor), json={}
        )
        assert accepted.status_code == 200, accepted.json
    headers = {**token_for(db_session, checker), "Idempotency-Key": "take-1"}
    first = client.post("/api/v1/queue/next", headers=headers, json={})
    again = client.post("/api/v1/queue/next", headers=headers, json={})
    assert first.status_code == again.status_code == 200
    # Before: the retry took the second claim too, and the checker held both.
    assert again.json["id"] == first.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    held = select(func.count()).where(
        Claim.assignee_id == checker.id, Claim.status == ClaimStatus.IN_PROGRESS
    )
    db_session.expire_all()
    assert db_session.scalar(held) == 1


def test_a_correction_proposed_again_with_its_key_replays_the_first_answer(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _article, claim = publish_one(db_session, editor, editor2, checker)
    db_session.commit()
    headers = {**token_for(db_session, editor), "Idempotency-Key": "correct-1"}
    body = {
        "rating": "false",
        "explanation": "The count was 3,100.",
        "reason": "A reader sent the council's own table.",
    }
    first = client.post(f"/api/v1/claims/{claim.id}/correction", headers=headers, json=body)
    again = client.post(f"/api/v1/claims/{claim.id}/correction", headers=headers, json=body)
    assert first.status_code == 201, first.json
    # Before: 409, the correction already waiting, as if the first had not been heard.
    assert again.status_code == 201 and again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
