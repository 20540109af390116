"""Two programs saving one verdict draft through the API: the second, from a stale read, is
refused rather than silently overwriting the first (as the desk's tabs already were)."""

from __future__ import annotations

import contextlib
import json
import threading
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import drafts
from factcheck.models import Role, User
from tests.conftest import held_claim, make_user, token_for
from tests.test_write_lock import Desk, desk

__all__ = ["desk"]  # the app on a real server, each request with its own connection


def test_a_save_from_a_stale_read_is_refused_and_one_without_saved_at_goes_through(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Two programs", source=True)
    path = f"/api/v1/claims/{claim.id}/verdict"
    headers = token_for(db_session, checker)
    first = client.put(path, headers=headers, json={"rating": "false", "explanation": "One."})
    assert first.status_code == 200
    read = client.get(path, headers=headers).json
    assert read["saved_at"] == first.json["saved_at"]

    # Program A saves on top of what it read.
    a = client.put(path, headers=headers, json={"explanation": "A.", "saved_at": read["saved_at"]})
    assert a.status_code == 200, a.json
    # Program B read the same draft before A saved: before, it overwrote A's words (200).
    b = client.put(path, headers=headers, json={"explanation": "B.", "saved_at": read["saved_at"]})
    assert b.status_code == 409
    assert "saved from another tab or window" in b.json["error"]["message"]
    assert client.get(path, headers=headers).json["explanation"] == "A."
    # Saving on top of A's answer works; leaving saved_at out is not checked.
    again = client.put(
        path, headers=headers, json={"explanation": "A again.", "saved_at": a.json["saved_at"]}
    )
    assert again.status_code == 200
    assert client.put(path, headers=headers, json={"explanation": "Anyway."}).status_code == 200


def test_the_draft_left_by_another_checker_can_be_saved_on_top_of(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """GET gives the draft left by the last checker; its saved_at must be accepted."""
    claim = held_claim(db_session, editor, checker, title="Handed over", source=True)
    path = f"/api/v1/claims/{claim.id}/verdict"
    first = token_for(db_session, checker)
    assert client.put(path, headers=first, json={"explanation": "Half."}).status_code == 200
    assert client.post(f"/api/v1/claims/{claim.id}/release", headers=first, json={}).status_code
    second = token_for(db_session, make_user(db_session, Role.CHECKER, "ivo-kask"))
    assert client.post("/api/v1/queue/next", headers=second, json={}).status_code == 200
    left = client.get(path, headers=second).json
    saved = client.put(
        path, headers=second, json={"explanation": "Whole.", "saved_at": left["saved_at"]}
    )
    assert saved.status_code == 200, saved.json
    assert client.get(path, headers=second).json["explanation"] == "Whole."


def test_two_saves_from_one_read_at_once_save_one(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two programs (or gunicorn workers) saving at the same moment, both on top of the
    draft they read: on PostgreSQL both read the draft before either wrote, and both were
    saved (200), the second silently replacing the first. Now the second waits for the
    first, then finds the draft saved since: a 409."""
    path = f"/api/v1/claims/{desk.claim_id}/verdict"
    auth = {"Authorization": f"Bearer {desk.checker_token}", "Content-Type": "application/json"}
    status, body, _ = desk.call("PUT", path, json.dumps({"explanation": "First."}).encode(), auth)
    assert status == 200
    saved_at = json.loads(body)["saved_at"]
    both_read = threading.Barrier(2, timeout=3)
    left_draft = drafts.left_draft

    def read_together(*arguments: Any) -> Any:
        found = left_draft(*arguments)
        # One save may wait on the other's lock: then there is no race to stage.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait()
        return found

    monkeypatch.setattr(drafts, "left_draft", read_together)
    answers: list[tuple[int, Any]] = []

    def save(words: str) -> None:
        payload = json.dumps({"explanation": words, "saved_at": saved_at}).encode()
        status, body, _ = desk.call("PUT", path, payload, auth)
        answers.append((status, json.loads(body)))

    savers = [threading.Thread(target=save, args=(words,)) for words in ("A.", "B.")]
    for saver in savers:
        saver.start()
    for saver in savers:
        saver.join(30)
    assert sorted(status for status, _ in answers) == [200, 409], answers
    [(_, kept)] = [answer for answer in answers if answer[0] == 200]
    status, body, _ = desk.call("GET", path, headers=auth)
    assert json.loads(body)["explanation"] == kept["explanation"]
