"""A write retried with its Idempotency-Key (after a lost answer) replays the first answer
instead of doing the work twice: taking the next claim, proposing a correction; and two
sent at once answer alike."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import idempotency
from factcheck.models import Claim, ClaimStatus, User
from tests.conftest import candidate_claim, token_for
from tests.publishing_helpers import publish_one
from tests.test_write_lock import Desk, desk

__all__ = ["desk"]  # the app on a real server, each request with its own connection


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


def test_one_refused_write_sent_twice_at_once_answers_the_same_refusal_twice(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client retrying at once (two gunicorn workers): both requests look the key up
    before either saved it, and the write is refused (a reply to no comment of the claim).
    The second one's commit met the first one's key before its own try could catch it (the
    refusal's rollback left the token to load again, which flushed the key first): a 500
    instead of the first answer replayed."""
    both_looked = threading.Barrier(2, timeout=3)
    begin = idempotency.begin

    def begin_together(user: Any) -> Any:
        attempt = begin(user)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait()
        return attempt

    monkeypatch.setattr(idempotency, "begin", begin_together)
    path = f"/api/v1/claims/{desk.claim_id}/comments"
    answers: list[tuple[int, Any, float]] = []

    def send() -> None:
        key = {"Idempotency-Key": "refused-twice"}
        answers.append(
            desk.api(path, {"body": "A reply.", "parent_id": 999999}, desk.checker_token, **key)
        )

    senders = [threading.Thread(target=send) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(30)
    assert [answer[0] for answer in answers] == [400, 400], answers
    assert answers[0][1] == answers[1][1]
