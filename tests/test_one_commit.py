"""One commit point per API request (issue 21): what the view wrote, the answer kept for
its Idempotency-Key and the token's last use are committed together, once, by the route
registry (api.routes). Neither the sign-in of the token nor the idempotency layer commits
on the side. (Before, a write with a key committed four times: the token's last use, the
pending key, the view's writes, the stored answer.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from factcheck import clock, idempotency
from factcheck.models import ApiToken, Evidence, IdempotencyKey, User
from tests.conftest import held_claim, token_for


@pytest.fixture
def writing_commits(db_session: Session) -> Iterator[list[Session]]:
    """The commits of the app's sessions that wrote something (the test's own session and
    commits that only end a read are not counted)."""
    wrote: set[int] = set()
    counted: list[Session] = []

    def flushed(session: Session, _context: Any) -> None:
        wrote.add(id(session))

    def committed(session: Session) -> None:
        if session is not db_session and id(session) in wrote:
            counted.append(session)
        wrote.discard(id(session))

    event.listen(Session, "after_flush", flushed)
    event.listen(Session, "after_commit", committed)
    yield counted
    event.remove(Session, "after_flush", flushed)
    event.remove(Session, "after_commit", committed)


def _count(db_session: Session, model: type[Any]) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("key", [None, "once-1"])
def test_an_api_write_commits_once(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    checker: User,
    writing_commits: list[Session],
    key: str | None,
) -> None:
    claim_id = held_claim(db_session, editor, checker).id
    headers = token_for(db_session, checker) | ({"Idempotency-Key": key} if key else {})
    body = {"url": "https://example.org/one-commit", "stance": "supports"}
    response = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=body)
    assert response.status_code == 201
    assert len(writing_commits) == 1
    token = db_session.scalars(select(ApiToken).where(ApiToken.user_id == checker.id)).one()
    assert token.last_used_at is not None, "the token's use is written with the one commit"
    assert _count(db_session, IdempotencyKey) == (1 if key else 0)


def test_a_refused_write_commits_its_kept_answer_once(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    checker: User,
    writing_commits: list[Session],
) -> None:
    claim_id = held_claim(db_session, editor, checker).id
    headers = token_for(db_session, checker) | {"Idempotency-Key": "refused-1"}
    body = {"url": "https://example.org/refused", "stance": "supports"}
    response = client.post(f"/api/v1/claims/{claim_id + 999}/evidence", headers=headers, json=body)
    assert response.status_code == 404
    assert len(writing_commits) == 1
    kept = db_session.scalars(select(IdempotencyKey)).one()
    assert kept.status == 404 and _count(db_session, Evidence) == 0


def test_a_read_writes_only_the_tokens_last_use(
    client: FlaskClient, db_session: Session, checker: User, writing_commits: list[Session]
) -> None:
    headers = token_for(db_session, checker)
    assert client.get("/api/v1/queue", headers=headers).status_code == 200
    assert len(writing_commits) == 1
    token = db_session.scalars(select(ApiToken).where(ApiToken.user_id == checker.id)).one()
    db_session.refresh(token)
    assert token.last_used_at is not None


def test_a_key_left_pending_by_a_dead_request_is_taken_over(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """Older versions claimed a key before the view ran; a worker killed then left it
    pending. Once it counts as abandoned, the same key runs afresh and its answer replaces
    the pending row, in the request's one commit."""
    claim_id = held_claim(db_session, editor, checker).id
    headers = token_for(db_session, checker) | {"Idempotency-Key": "left-1"}
    db_session.add(
        IdempotencyKey(
            user_id=checker.id,
            key="left-1",
            endpoint="api.add_evidence",
            status=idempotency.PENDING,
            body=b"",
            created_at=clock.now() - idempotency.ABANDONED_AFTER * 2,
        )
    )
    db_session.commit()
    body = {"url": "https://example.org/after-a-crash", "stance": "supports"}
    response = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=body)
    assert response.status_code == 201, response.json
    kept = db_session.scalars(select(IdempotencyKey)).one()
    db_session.refresh(kept)
    assert kept.status == 201 and _count(db_session, Evidence) == 1
